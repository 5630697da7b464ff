/**
 * Patterns that look like credentials in free text from downstream systems (error bodies, exception
 * messages). The engine never handles secrets itself; this is a last guard before text reaches an audit
 * entry or a log line.
 */
const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [
    /("?(?:access_token|client_secret|password|passwd|secret|refresh_token)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
    '$1[redacted]',
  ],
  [/(WM_SEC\.ACCESS_TOKEN"?\s*[:=]\s*"?)[^"&\s,}]+/gi, '$1[redacted]'],
];

/** Replaces anything that looks like a token or password in `text` with `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, by] of PATTERNS) out = out.replace(re, by);
  return out;
}
