import type { Clock } from '../../shared/ports.ts';

/**
 * A clock that only moves when told to, or when someone sleeps on it (the sleep returns at once and moves
 * time forward). Shared by a client and the sandbox, it lets tests cross token expiries and throttle waits
 * without waiting for real.
 */
export class ManualClock implements Clock {
  /** Every sleep requested, in ms, in order. */
  readonly sleeps: number[] = [];

  constructor(private t: number = Date.UTC(2026, 0, 15, 12, 0, 0)) {}

  now(): number {
    return this.t;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    if (ms > 0) this.t += ms;
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.t += ms;
  }

  /** Sets the time (epoch ms). */
  set(t: number): void {
    this.t = t;
  }
}
