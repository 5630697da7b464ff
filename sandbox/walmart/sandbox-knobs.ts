/**
 * Fault and behaviour knobs of the Walmart sandbox. The object is live: tests and benchmarks change fields
 * while the sandbox runs, and the next request sees the change.
 */
import type { SandboxRateLimit } from './sandbox-rate-limit.ts';

/** The endpoints the sandbox meters, counts and can fault separately. */
export type SandboxEndpoint =
  | 'token'
  | 'orders'
  | 'order'
  | 'acknowledge'
  | 'inventory'
  | 'feeds'
  | 'feedStatus';

export const SANDBOX_ENDPOINTS: readonly SandboxEndpoint[] = [
  'token',
  'orders',
  'order',
  'acknowledge',
  'inventory',
  'feeds',
  'feedStatus',
];

type PerEndpoint = Partial<Record<SandboxEndpoint, number>>;

export interface WalmartSandboxKnobs {
  /** Added to every answer, ms (real time). */
  latencyMs: number;
  /** Answer the next N requests of an endpoint with `failStatus` (decremented as used). */
  failNext: PerEndpoint;
  /** Status of injected failures: 500 and 504 come with Walmart bodies, 503 bare from the edge. */
  failStatus: number;
  /** Share of requests (0..1) answered with `failStatus`, drawn from the seeded random source. */
  errorRate: number;
  /** Answer the next N requests of an endpoint with 429 (a burst from elsewhere drained the bucket). */
  throttleNext: PerEndpoint;
  /** `x-next-replenish-time` of injected 429s, ms from now. */
  throttleWaitMs: number;
  /** When set, 429s also carry `Retry-After` in seconds (Walmart may or may not send it). */
  retryAfterSeconds: number | null;
  /** Destroy the socket of the next N requests before doing anything (the request never took effect). */
  dropNext: PerEndpoint;
  /** The next N orders pages answer `206 SOME_CONTENT_NOT_FOUND`: the page less its last order, and an error. */
  partialNext: PerEndpoint;
  /** Process the next N requests, then destroy the socket instead of answering (took effect, answer lost). */
  dropAfterNext: PerEndpoint;
  /** Revoke every token after this many more business requests (once), or never when null. */
  revokeTokensAfterRequests: number | null;
  /** Refuse every access token on business calls with 401 (e.g. keys of the wrong environment). */
  refuseAllTokens: boolean;
  /** `expires_in` of new tokens, seconds. */
  tokenExpiresInSeconds: number;
  /** How an expired token is refused: 401 (today) or the legacy 400 `INVALID_TOKEN.GMP_GATEWAY_API`. */
  expiredToken: 'unauthorized' | 'legacy-invalid-token';
  /** Empty order queries: 404 `CONTENT_NOT_FOUND.GMP_ORDER_API`, or 200 with an empty list. */
  emptyOrders: 'not-found' | 'empty-list';
  /** Orders one query may page through before Walmart refuses (10,000). */
  maxOrdersPerQuery: number;
  /** Time a feed takes from upload to PROCESSED / ERROR, ms (first third RECEIVED, then INPROGRESS). */
  feedProcessingMs: number;
  /** Feed items to fail by SKU (fixed when the feed is uploaded). Unknown SKUs always fail with DATA_ERROR. */
  feedItemFailures: Record<string, 'DATA_ERROR' | 'SYSTEM_ERROR' | 'TIMEOUT_ERROR'>;
  /** Largest feed upload accepted, bytes (larger → 413). */
  maxFeedBytes: number;
}

export const DEFAULT_KNOBS: WalmartSandboxKnobs = {
  latencyMs: 0,
  failNext: {},
  partialNext: {},
  failStatus: 500,
  errorRate: 0,
  throttleNext: {},
  throttleWaitMs: 1_000,
  retryAfterSeconds: null,
  dropNext: {},
  dropAfterNext: {},
  revokeTokensAfterRequests: null,
  refuseAllTokens: false,
  tokenExpiresInSeconds: 900,
  expiredToken: 'unauthorized',
  emptyOrders: 'not-found',
  maxOrdersPerQuery: 10_000,
  feedProcessingMs: 1_000,
  feedItemFailures: {},
  maxFeedBytes: 10 * 1024 * 1024,
};

/** Generous by default: the sandbox meters like Walmart but rarely gets in the way. */
export const DEFAULT_SANDBOX_LIMIT: SandboxRateLimit = { capacity: 100_000, perSecond: 100_000 };

/** Takes one from a per-endpoint countdown; true when it was positive. */
export function consume(counts: PerEndpoint, endpoint: SandboxEndpoint): boolean {
  const n = counts[endpoint] ?? 0;
  if (n <= 0) return false;
  counts[endpoint] = n - 1;
  return true;
}
