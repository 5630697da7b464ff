/**
 * Client-side rate limits per Walmart endpoint, so the connector paces itself before Walmart has to answer 429.
 * Walmart meters with token buckets; the defaults mirror the production limits published for US sellers
 * (see docs/walmart-setup.md — some are only known from third-party restatements) and can be overridden.
 */
import type { RateLimit } from '../http/index.ts';

/** The endpoints the client meters separately (the policy's endpoint names). */
export type WalmartEndpoint = 'token' | 'orders' | 'acknowledge' | 'inventory' | 'feeds' | 'feedStatus';

const WALMART_ENDPOINTS: readonly WalmartEndpoint[] = [
  'token',
  'orders',
  'acknowledge',
  'inventory',
  'feeds',
  'feedStatus',
];

const perMinute = (n: number): RateLimit => ({ capacity: n, perSecond: n / 60 });
const perHour = (n: number): RateLimit => ({ capacity: n, perSecond: n / 3600 });

/**
 * Production defaults: orders 5000/min, acknowledge 60/min, inventory 200/min, inventory feed submissions
 * 10/hour, feed status 5000/min. The token endpoint has no published limit; 30/min is a cautious guess.
 */
export const WALMART_DEFAULT_LIMITS: Readonly<Record<WalmartEndpoint, RateLimit>> = {
  token: perMinute(30),
  orders: perMinute(5000),
  acknowledge: perMinute(60),
  inventory: perMinute(200),
  feeds: perHour(10),
  feedStatus: perMinute(5000),
};

/** Overrides per endpoint; `null` switches client-side pacing off for that endpoint. */
export type WalmartLimitOverrides = Partial<Record<WalmartEndpoint, RateLimit | null>>;

/** The defaults with `overrides` applied, in the shape the shared HTTP policy takes. */
export function resolveWalmartLimits(overrides: WalmartLimitOverrides = {}): Record<string, RateLimit> {
  const out: Record<string, RateLimit> = {};
  for (const endpoint of WALMART_ENDPOINTS) {
    const limit = endpoint in overrides ? overrides[endpoint] : WALMART_DEFAULT_LIMITS[endpoint];
    if (limit) {
      if (!(limit.capacity >= 1) || !(limit.perSecond > 0)) {
        throw new RangeError(
          `Walmart rate limit for "${endpoint}" must have capacity >= 1 and perSecond > 0 (got ${JSON.stringify(limit)})`,
        );
      }
      out[endpoint] = limit;
    }
  }
  return out;
}
