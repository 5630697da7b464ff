/**
 * Reads a moment in time from a throttling header value: epoch ms, epoch seconds or an ISO-8601 date.
 * Returns epoch ms, or undefined when the value is none of them.
 */
export function parseInstant(value: string | null | undefined): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) {
    const n = Number(v);
    // Epoch ms are 13 digits today; epoch seconds 10.
    return n >= 1e12 ? n : n * 1000;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** `Retry-After`: delta seconds or an HTTP date. Returns the wait in ms from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.max(0, Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Walmart spells it `x-next-replenish-time` and `X-Next-Replenishment-Time`; accept both. */
export function nextReplenishTime(headers: Headers): number | undefined {
  return parseInstant(headers.get('x-next-replenish-time') ?? headers.get('x-next-replenishment-time'));
}

/** `x-current-token-count`: requests left in the bucket, or undefined when absent. */
export function currentTokenCount(headers: Headers): number | undefined {
  const v = headers.get('x-current-token-count');
  if (v == null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
