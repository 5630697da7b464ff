import type { Clock } from '../ports.ts';

/** A client-side limit: at most `capacity` requests at once, refilled at `perSecond`. */
export interface RateLimit {
  capacity: number;
  perSecond: number;
}

/** Token bucket used to pace requests to one endpoint before the server has to throttle us. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {
    this.tokens = limit.capacity;
    this.last = clock.now();
  }

  /** Waits until a token is free, then takes it. */
  async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      this.tokens = Math.min(
        this.limit.capacity,
        this.tokens + ((now - this.last) / 1000) * this.limit.perSecond,
      );
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.limit.perSecond) * 1000));
    }
  }
}
