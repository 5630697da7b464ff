/** What the Walmart sandbox saw: every request (secrets redacted) and counters per endpoint and status. */
import type { IncomingHttpHeaders } from 'node:http';
import { SANDBOX_ENDPOINTS, type SandboxEndpoint } from './sandbox-knobs.ts';

export interface SandboxRequestRecord {
  at: number;
  method: string;
  path: string;
  /** The query string exactly as received, `?` included; empty when none. */
  query: string;
  endpoint: SandboxEndpoint | 'unknown';
  status: number | 'dropped';
  /** Request headers; credentials and tokens replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** JSON request body (up to 64 KB), for checks of what the client sent. */
  body?: string;
}

export interface EndpointCounter {
  requests: number;
  /** Answers by status; `dropped` for destroyed connections. */
  statuses: Record<string, number>;
}

const REDACT = new Set(['authorization', 'wm_sec.access_token']);
const MAX_BODY = 65_536;

/** Request headers as logged: values joined, credentials and tokens never kept. */
export function loggedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = REDACT.has(k) ? '[redacted]' : Array.isArray(v) ? v.join(', ') : String(v ?? '');
  }
  return out;
}

/** The body worth keeping in the log: JSON up to 64 KB. */
export function loggedBody(headers: IncomingHttpHeaders, body: Buffer): string | undefined {
  return /json/i.test(String(headers['content-type'] ?? '')) && body.length <= MAX_BODY
    ? body.toString('utf8')
    : undefined;
}

/** A bounded request log with per-endpoint counters. */
export class SandboxRequestLog {
  readonly requests: SandboxRequestRecord[] = [];
  readonly counters = {} as Record<SandboxEndpoint, EndpointCounter>;

  constructor(private readonly maxEntries: number) {
    this.resetCounters();
  }

  record(entry: SandboxRequestRecord): void {
    this.requests.push(entry);
    if (this.requests.length > this.maxEntries)
      this.requests.splice(0, this.requests.length - this.maxEntries);
    if (entry.endpoint === 'unknown') return;
    const c = this.counters[entry.endpoint];
    const key = String(entry.status);
    c.requests++;
    c.statuses[key] = (c.statuses[key] ?? 0) + 1;
  }

  /** Empties the log and zeroes the counters (the objects stay the same). */
  reset(): void {
    this.requests.splice(0);
    this.resetCounters();
  }

  private resetCounters(): void {
    for (const ep of SANDBOX_ENDPOINTS) this.counters[ep] = { requests: 0, statuses: {} };
  }
}
