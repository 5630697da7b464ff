/**
 * The one HTTP retry, backoff and throttle policy of ml-connector, shared by the Walmart and PeopleSoft clients.
 *
 * - 5xx and network errors: retried with exponential backoff and jitter, when the call is safe to repeat.
 * - 429: wait for `Retry-After`, else `x-next-replenish-time`, else backoff; then retry.
 * - other 4xx: returned at once, never retried.
 * - pacing: when `x-current-token-count` reaches 0 the endpoint waits for `x-next-replenish-time`;
 *   optional client-side token buckets per endpoint.
 */
import ky, { isNetworkError as isKyNetworkError, type KyInstance, TimeoutError } from 'ky';
import { type Clock, type Log, silentLog, systemClock } from '../ports.ts';
import { NetworkError, RequestTimeoutError, ThrottledError } from './http-errors.ts';
import { currentTokenCount, nextReplenishTime, parseRetryAfter } from './throttle-headers.ts';
import { type RateLimit, TokenBucket } from './token-bucket.ts';

export interface HttpPolicyOptions {
  /** `walmart` or `peoplesoft`: named in errors and logs. */
  system: 'walmart' | 'peoplesoft';
  timeoutMs: number;
  /** Retries after the first attempt (5xx, network errors, 429). */
  maxRetries: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest wait honoured for one 429 or pacing pause. */
  maxThrottleWaitMs?: number;
  /** Client-side limits per endpoint name. */
  limits?: Record<string, RateLimit>;
  clock?: Clock;
  random?: () => number;
  log?: Log;
}

interface AttemptOptions {
  /**
   * Whether the request may be repeated after a 5xx or a network error that may have reached the server.
   * Reads are; posts that create something are not (the caller settles those through a status query).
   */
  idempotent: boolean;
  /**
   * For a 5xx answer: true when its body shows it is no server failure (a refused credential, say), so it
   * is returned at once instead of being retried. Reads a copy of the answer.
   */
  isFinal?: (res: Response) => Promise<boolean>;
}

/** Shared policy instance: one per system client. */
export class HttpPolicy {
  readonly ky: KyInstance;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly log: Log;
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly pausedUntil = new Map<string, number>();
  private calls = 0;
  private throttles = 0;

  constructor(private readonly options: HttpPolicyOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? silentLog;
    this.ky = ky.create({ retry: 0, throwHttpErrors: false, timeout: options.timeoutMs });
  }

  /** HTTP requests sent so far (every attempt counts). */
  callCount(): number {
    return this.calls;
  }

  /** 429 answers received so far. */
  throttleCount(): number {
    return this.throttles;
  }

  /**
   * Runs `attempt` under the policy and returns the final response (any status but a retried-out 429).
   * Throws NetworkError / RequestTimeoutError when no answer came, ThrottledError after too many 429s.
   */
  async send(endpoint: string, attempt: () => Promise<Response>, opts: AttemptOptions): Promise<Response> {
    const { maxRetries } = this.options;
    let lastRetryAfter: number | undefined;
    for (let n = 0; ; n++) {
      await this.pace(endpoint);
      this.calls++;
      let res: Response;
      try {
        res = await attempt();
      } catch (e) {
        // Only transport failures are retried as network errors; anything else the attempt throws is the caller's.
        if (!isTransportFailure(e)) throw e;
        const err = this.toNetworkError(endpoint, e);
        if (n < maxRetries && (opts.idempotent || !err.maybeDelivered)) {
          this.log.warn('http retry after network error', {
            system: this.options.system,
            endpoint,
            attempt: n + 1,
            error: err.message,
          });
          await this.clock.sleep(this.backoff(n));
          continue;
        }
        throw err;
      }
      this.observe(endpoint, res.headers);
      if (res.status === 429) {
        this.throttles++;
        lastRetryAfter = this.throttleWait(res.headers, n);
        // This wait already covers the replenish time; pacing must not wait for it a second time.
        this.pausedUntil.delete(endpoint);
        if (n < maxRetries) {
          await res.body?.cancel();
          this.log.warn('http throttled', { system: this.options.system, endpoint, waitMs: lastRetryAfter });
          await this.clock.sleep(lastRetryAfter);
          continue;
        }
        await res.body?.cancel();
        throw new ThrottledError(this.options.system, endpoint, lastRetryAfter);
      }
      if (res.status >= 500 && opts.idempotent && n < maxRetries && !(await opts.isFinal?.(res.clone()))) {
        await res.body?.cancel();
        this.log.warn('http retry after server error', {
          system: this.options.system,
          endpoint,
          status: res.status,
          attempt: n + 1,
        });
        await this.clock.sleep(this.backoff(n));
        continue;
      }
      return res;
    }
  }

  /**
   * Exponential backoff with jitter for attempt `n` (0-based): a random wait between half and all of
   * `min(maxDelayMs, baseDelayMs * 2^n)`, so retries spread out but never fire immediately.
   */
  backoff(n: number): number {
    const base = this.options.baseDelayMs ?? 250;
    const cap = this.options.maxDelayMs ?? 20_000;
    const ceiling = Math.min(cap, base * 2 ** n);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private throttleWait(headers: Headers, n: number): number {
    const now = this.clock.now();
    const max = this.options.maxThrottleWaitMs ?? 60_000;
    const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
    if (retryAfter !== undefined) return Math.min(max, retryAfter);
    const replenish = nextReplenishTime(headers);
    if (replenish !== undefined && replenish > now) return Math.min(max, replenish - now);
    return Math.min(max, this.backoff(n));
  }

  private observe(endpoint: string, headers: Headers): void {
    const left = currentTokenCount(headers);
    if (left === undefined || left > 0) return;
    const replenish = nextReplenishTime(headers);
    if (replenish !== undefined) this.pausedUntil.set(endpoint, replenish);
  }

  private async pace(endpoint: string): Promise<void> {
    // Every caller waits out the pause (not only the first one), so concurrent calls do not drain an empty bucket.
    const until = this.pausedUntil.get(endpoint);
    if (until !== undefined) {
      const wait = Math.min(until - this.clock.now(), this.options.maxThrottleWaitMs ?? 60_000);
      if (wait > 0) await this.clock.sleep(wait);
      if (this.pausedUntil.get(endpoint) === until) this.pausedUntil.delete(endpoint);
    }
    const limit = this.options.limits?.[endpoint];
    if (!limit) return;
    let bucket = this.buckets.get(endpoint);
    if (!bucket) {
      bucket = new TokenBucket(limit, this.clock);
      this.buckets.set(endpoint, bucket);
    }
    await bucket.take();
  }

  private toNetworkError(endpoint: string, e: unknown): NetworkError {
    const { system } = this.options;
    if (e instanceof NetworkError) return e;
    if (e instanceof TimeoutError) {
      return new RequestTimeoutError(
        system,
        endpoint,
        `${system} did not answer ${endpoint} within ${this.options.timeoutMs} ms`,
        true,
        { cause: e },
      );
    }
    const code = errorCode(e);
    // Refused or unresolvable: the request never left; anything else may have reached the server.
    const neverSent = [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ENETUNREACH',
      'EHOSTUNREACH',
      'CERT_HAS_EXPIRED',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    ].includes(code);
    const detail = code || (e as Error).message;
    return new NetworkError(system, endpoint, `${system} ${endpoint}: no answer (${detail})`, !neverSent, {
      cause: e,
    });
  }
}

/**
 * The system error code (`ECONNREFUSED`, `UND_ERR_SOCKET` ...) of a failed fetch. ky wraps fetch's TypeError,
 * which wraps the socket error, so the code sits a few causes deep (or inside an AggregateError).
 */
function errorCode(e: unknown): string {
  let current: unknown = e;
  for (let depth = 0; depth < 6 && current && typeof current === 'object'; depth++) {
    const c = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof c.code === 'string' && c.code !== '') return c.code;
    const first = Array.isArray(c.errors) ? (c.errors[0] as { code?: unknown } | undefined) : undefined;
    if (typeof first?.code === 'string') return first.code;
    current = c.cause;
  }
  return '';
}

/** Whether an error thrown by an attempt means the request got no HTTP answer (rather than a bug or a refusal). */
function isTransportFailure(e: unknown): boolean {
  if (e instanceof NetworkError || e instanceof TimeoutError || isKyNetworkError(e)) return true;
  // fetch reports transport failures as TypeError; AbortSignal.timeout as a DOMException named TimeoutError.
  if (e instanceof TypeError || (e as { name?: unknown } | null)?.name === 'TimeoutError') return true;
  return errorCode(e) !== '';
}
