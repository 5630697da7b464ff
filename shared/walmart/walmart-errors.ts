/**
 * Walmart's error answers, typed. Walmart speaks three body shapes — gateway `{"error":[…]}`, service
 * `{"errors":{"error":[…]}}` and the documented newer `{"errors":[…]}` — and bare statuses from its edge.
 * Every shape becomes the same `WalmartErrorDetail` list; errors carry what a user needs to act, never a body dump.
 */
import { WalmartError } from '../errors.ts';
import { NetworkError, RequestTimeoutError } from '../http/index.ts';

/** One entry of a Walmart error body. */
export interface WalmartErrorDetail {
  /** E.g. `CONTENT_NOT_FOUND.GMP_ORDER_API`; `HTTP_503` when the body said nothing usable. */
  code: string;
  field?: string;
  description?: string;
  info?: string;
  severity?: string;
  category?: string;
}

const MAX_TEXT = 300;

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.length > MAX_TEXT ? `${v.slice(0, MAX_TEXT)}…` : v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function detailOf(raw: unknown): WalmartErrorDetail | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const code = text(r.code);
  if (!code) return undefined;
  const detail: WalmartErrorDetail = { code };
  const field = text(r.field);
  const description = text(r.description) ?? text(r.message);
  const info = text(r.info);
  const severity = text(r.severity);
  const category = text(r.category);
  if (field) detail.field = field;
  if (description) detail.description = description;
  if (info) detail.info = info;
  if (severity) detail.severity = severity;
  if (category) detail.category = category;
  return detail;
}

function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return v && typeof v === 'object' ? [v] : [];
}

/** Reads the error entries of a parsed JSON body in any of Walmart's three shapes (empty when none). */
export function parseErrorBody(body: unknown): WalmartErrorDetail[] {
  if (!body || typeof body !== 'object') return [];
  const b = body as Record<string, unknown>;
  const candidates: unknown[] = [];
  if (b.error !== undefined && b.error !== null) candidates.push(...listOf(b.error));
  if (b.errors !== undefined && b.errors !== null) {
    const errs = b.errors as Record<string, unknown>;
    if (!Array.isArray(errs) && typeof errs === 'object' && 'error' in errs)
      candidates.push(...listOf(errs.error));
    else candidates.push(...listOf(errs));
  }
  // Some list answers embed their errors one level down.
  const list = b.list as Record<string, unknown> | undefined;
  if (list && typeof list === 'object' && Array.isArray(list.errors)) candidates.push(...list.errors);
  return candidates.map(detailOf).filter((d): d is WalmartErrorDetail => d !== undefined);
}

/** Reads error codes from an XML error body (`<errors><error><code>…`, `<_InternalGMPErrorWrapper>`). */
function parseXmlErrors(raw: string): WalmartErrorDetail[] {
  const out: WalmartErrorDetail[] = [];
  const tag = (chunk: string, name: string) =>
    text(new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(chunk)?.[1]);
  for (const m of raw.matchAll(/<(?:\w+:)?error>([\s\S]*?)<\/(?:\w+:)?error>/g)) {
    const code = tag(m[1] ?? '', 'code');
    if (!code) continue;
    const d: WalmartErrorDetail = { code };
    for (const name of ['field', 'description', 'info', 'severity', 'category'] as const) {
      const value = tag(m[1] ?? '', name);
      if (value) d[name] = value;
    }
    out.push(d);
  }
  return out;
}

/** Error details from a raw response body of any content type; a bare status when nothing is readable. */
export function errorDetailsFromText(raw: string, status: number, statusText = ''): WalmartErrorDetail[] {
  let details: WalmartErrorDetail[] = [];
  const trimmed = raw.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      details = parseErrorBody(JSON.parse(trimmed));
    } catch {
      details = [];
    }
  } else if (trimmed.startsWith('<')) {
    details = parseXmlErrors(trimmed);
  }
  if (details.length > 0) return details;
  const d: WalmartErrorDetail = { code: `HTTP_${status}` };
  if (statusText) d.description = statusText;
  return [d];
}

/** Where a failed call went and how Walmart can trace it. */
export interface WalmartCallInfo {
  /** Logical endpoint, e.g. `orders`, `inventory`, `feeds`. */
  endpoint: string;
  method: string;
  /** Path without the query, e.g. `/v3/inventory`. */
  path: string;
  /** `WM_QOS.CORRELATION_ID` of the failed request: quote it to Walmart support. */
  correlationId: string;
}

/** A Walmart call answered with an error status (after any retries the policy allows). */
export class WalmartApiError extends WalmartError {
  override readonly name: string = 'WalmartApiError';
  readonly endpoint: string;
  readonly method: string;
  readonly path: string;
  readonly correlationId: string;

  constructor(
    call: WalmartCallInfo,
    readonly status: number,
    readonly details: WalmartErrorDetail[],
    hint?: string,
  ) {
    const first = details[0] ?? { code: `HTTP_${status}` };
    const field = first.field && first.field !== first.code.split('.')[0] ? ` (field ${first.field})` : '';
    const what = first.description ? `: ${first.description}` : '';
    super(
      `Walmart ${call.method} ${call.path} failed with HTTP ${status} ${first.code}${field}${what}` +
        `${hint ? `. ${hint}` : ''} [correlation id ${call.correlationId}]`,
    );
    this.endpoint = call.endpoint;
    this.method = call.method;
    this.path = call.path;
    this.correlationId = call.correlationId;
  }

  /** The first error code, e.g. `CONTENT_NOT_FOUND.GMP_INVENTORY_API`. */
  get code(): string {
    return this.details[0]?.code ?? `HTTP_${this.status}`;
  }

  get field(): string | undefined {
    return this.details[0]?.field;
  }

  get description(): string | undefined {
    return this.details[0]?.description;
  }

  /** Whether a later retry may succeed (server-side or throttling trouble, not a bad request). */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 423;
  }
}

/** Walmart refused the credentials or the access token even after a fresh token. */
export class WalmartAuthError extends WalmartApiError {
  override readonly name = 'WalmartAuthError';
  override readonly fault = 'credentials' as const;
}

/** Walmart answered 2xx with a body the client cannot use (not JSON, or missing what the API promises). */
export class WalmartResponseError extends WalmartError {
  override readonly name = 'WalmartResponseError';
  readonly endpoint: string;
  readonly correlationId: string;

  constructor(call: WalmartCallInfo, problem: string) {
    super(
      `Walmart ${call.method} ${call.path} answered with ${problem} [correlation id ${call.correlationId}]`,
    );
    this.endpoint = call.endpoint;
    this.correlationId = call.correlationId;
  }
}

/** Input the client refuses to send: names the record (SKU) and field, and what to fix. */
export class WalmartInputError extends WalmartError {
  override readonly name = 'WalmartInputError';
  constructor(
    readonly problems: { sku: string; field: string; message: string }[],
    context: string,
  ) {
    super(
      `${context}: ${problems
        .slice(0, 10)
        .map((p) => `SKU "${p.sku}" ${p.field} ${p.message}`)
        .join('; ')}${problems.length > 10 ? ` (and ${problems.length - 10} more)` : ''}`,
    );
  }
}

/** No answer from Walmart (after every retry the policy allows); carries the correlation id of the last attempt. */
export class WalmartNetworkError extends NetworkError {
  override readonly name = 'WalmartNetworkError';
  readonly correlationId: string;
  /** True when the last attempt timed out rather than failing to connect or being cut off. */
  readonly timedOut: boolean;

  constructor(cause: NetworkError, correlationId: string) {
    super(
      cause.system,
      cause.endpoint,
      `${cause.message} [correlation id ${correlationId}]`,
      cause.maybeDelivered,
      {
        cause,
      },
    );
    this.correlationId = correlationId;
    this.timedOut = cause instanceof RequestTimeoutError;
  }
}
