/**
 * Walmart-style token buckets per endpoint: tokens replenish gradually, every answer reports
 * `x-current-token-count` and `x-next-replenish-time` (epoch ms), an empty bucket answers 429.
 */
import type { Clock } from '../../shared/ports.ts';

export interface SandboxRateLimit {
  capacity: number;
  perSecond: number;
}

/** One endpoint's bucket. */
export class SandboxBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly limit: SandboxRateLimit,
    private readonly clock: Clock,
  ) {
    this.tokens = limit.capacity;
    this.last = clock.now();
  }

  private refill(): number {
    const now = this.clock.now();
    this.tokens = Math.min(
      this.limit.capacity,
      this.tokens + ((now - this.last) / 1000) * this.limit.perSecond,
    );
    this.last = now;
    return now;
  }

  /** Takes a token when one is left; returns whether it did. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** The two throttle headers as they stand now. */
  headers(): Record<string, string> {
    const now = this.refill();
    const whole = Math.floor(this.tokens);
    const untilNext = Math.ceil(((1 - (this.tokens - whole)) / this.limit.perSecond) * 1000);
    return {
      'x-current-token-count': String(whole),
      'x-next-replenish-time': String(now + Math.max(1, untilNext)),
    };
  }
}
