/**
 * The redaction guard: no secret (client secret, password, access token) may reach a log line or CLI output.
 * It masks the values of known secret environment variables (and any secret registered at run time, e.g.
 * read from the encrypted store or a fresh access token) wherever they appear, and masks fields whose
 * names say they hold a secret.
 */

/** Environment variables whose values are secrets. */
const SECRET_ENV_VARS: readonly string[] = [
  'WALMART_CLIENT_SECRET',
  'PEOPLESOFT_PASSWORD',
  'PEOPLESOFT_CLIENT_SECRET',
  'ML_CONNECTOR_MASTER_KEY',
];

/** What a masked value is replaced with. */
export const MASK = '[redacted]';

/** Field names that hold secrets whatever their value. */
const SECRET_FIELD =
  /(secret|password|passwd|authorization|access[_.-]?token|refresh[_.-]?token|bearer|api[_.-]?key|master[_.-]?key)/i;

/** Shorter values would mask ordinary words and numbers; secrets are never this short in practice. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(values: Iterable<string | undefined> = []) {
    for (const v of values) this.add(v);
  }

  /** A guard over the values of the known secret env vars (plus any extra names). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env, names: readonly string[] = SECRET_ENV_VARS): Redactor {
    return new Redactor(names.map((n) => env[n]));
  }

  /** Registers one more secret value (a password read from the store, an access token just granted). */
  add(value: string | undefined): void {
    if (typeof value !== 'string') return;
    const v = value.trim();
    if (v.length >= MIN_SECRET_LENGTH) this.secrets.add(v);
  }

  /** True when the text contains a registered secret. */
  contains(text: string): boolean {
    for (const s of this.secrets) if (text.includes(s)) return true;
    return false;
  }

  /** Masks every registered secret inside the text. */
  redactText(text: string): string {
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    const ordered = [...this.secrets].sort((a, b) => b.length - a.length);
    for (const s of ordered) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  }

  /** Deep copy of a value with secret fields and registered secret values masked. */
  redactValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 8) return '[…]';
    if (value instanceof Error) return this.redactValue(errorFields(value), depth + 1);
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] =
        isSecretField(k) && v !== undefined && v !== null && v !== '' ? MASK : this.redactValue(v, depth + 1);
    }
    return out;
  }
}

/** True for field names that hold secrets (`password`, `clientSecret`, `Authorization`, `access_token` …). */
function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** The fields of an error as Powertools Logger prints them (`name`, `message`, `cause`, own fields). */
export function errorFields(e: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: e.name, message: e.message };
  for (const [k, v] of Object.entries(e)) if (k !== 'stack' && !(k in out)) out[k] = v;
  if (e.cause !== undefined) out.cause = e.cause instanceof Error ? errorFields(e.cause) : e.cause;
  return out;
}
