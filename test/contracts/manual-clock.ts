/**
 * A Clock that moves only when told: tests advance time instead of sleeping. `sleep(ms)` advances the clock
 * by `ms` and resolves at once, so code that waits (backoff, polling) runs instantly under test.
 */
import type { Clock } from '../../shared/ports.ts';

export class ManualClock implements Clock {
  #now: number;

  /** Starts at `start` epoch ms (default 2026-01-01T00:00:00Z). */
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  /** Current manual time, epoch ms. */
  now(): number {
    return this.#now;
  }

  /** Moves time forward by `ms` (never backwards). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('ManualClock.advance: ms must be zero or positive');
    this.#now += ms;
  }

  /** Jumps to an absolute time (may go backwards, for tests of clock skew). */
  set(epochMs: number): void {
    this.#now = epochMs;
  }

  /** Advances by `ms` and resolves immediately. */
  async sleep(ms: number): Promise<void> {
    this.advance(Math.max(0, ms));
  }
}
