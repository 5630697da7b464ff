import type { Clock } from '../ports.ts';

/**
 * A clock that only moves when told to, or when someone sleeps on it: `sleep` returns at once and moves time
 * forward, so waiting code (backoff, throttle waits, feed polling, token expiry) runs in no time. One instance
 * may be shared by a client and a sandbox so both see the same time.
 */
export class ManualClock implements Clock {
  #now: number;
  /** Every `sleep` requested, in ms, in order (to check polling intervals and backoffs). */
  readonly sleeps: number[] = [];

  /** Starts at `start` epoch ms (default 2026-01-15T12:00:00Z). */
  constructor(start: number = Date.UTC(2026, 0, 15, 12, 0, 0)) {
    this.#now = start;
  }

  /** Current manual time, epoch ms. */
  now(): number {
    return this.#now;
  }

  /** Records the request, advances by `ms` (a negative one counts as zero) and resolves at once. */
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    if (ms > 0) this.#now += ms;
  }

  /** Moves time forward by `ms`; going backwards is what `set` is for. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('ManualClock.advance: ms must be zero or positive');
    this.#now += ms;
  }

  /** Jumps to an absolute time, epoch ms (may go backwards, for tests of clock skew). */
  set(epochMs: number): void {
    this.#now = epochMs;
  }
}
