import type { Clock } from '../ports.ts';

/** A clock that only moves when told to: `sleep` advances it at once, so waiting code runs in no time. */
export class ManualClock implements Clock {
  private t: number;
  /** Every `sleep` requested, in order (to check feed polling intervals and backoffs). */
  readonly sleeps: number[] = [];

  constructor(start: number = Date.UTC(2026, 0, 15, 12, 0, 0)) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += Math.max(0, ms);
  }

  /** Moves time forward. */
  advance(ms: number): void {
    this.t += ms;
  }

  /** Sets the time (never backwards in a sane test, but allowed). */
  set(epochMs: number): void {
    this.t = epochMs;
  }
}
