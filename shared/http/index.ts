/** The one HTTP policy both clients share: retries, backoff, throttling, deadlines and the network errors. */
export { NetworkError, RequestTimeoutError, ThrottledError } from './http-errors.ts';
export { HttpPolicy } from './http-policy.ts';
export type { RateLimit } from './token-bucket.ts';
