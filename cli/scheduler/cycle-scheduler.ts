/**
 * Runs the orders and inventory cycles on their cron schedules for `ml-connector run`.
 *
 * - One cycle of a kind at a time: a tick that arrives while that kind is running is remembered, and the
 *   next cycle starts as soon as the running one ends (a slow cycle delays the next, never overlaps it,
 *   and several missed ticks make one catch-up run, not a burst).
 * - `stop()` stops the timers and resolves when the cycles in hand have finished.
 */
import { Cron } from 'croner';

export type CycleKind = 'orders' | 'inventory' | 'reconcile';

/** Calls `onTick` on every occurrence of a cron pattern; returns a function that stops it. */
export type TickSource = (
  pattern: string,
  timeZone: string,
  onTick: () => void,
) => { stop(): void; next(): Date | null };

/** Croner, in the configured time zone. */
const cronTicks: TickSource = (pattern, timeZone, onTick) => {
  const job = new Cron(pattern, { timezone: timeZone }, onTick);
  return { stop: () => job.stop(), next: () => job.nextRun() };
};

interface ScheduledCycle {
  kind: CycleKind;
  pattern: string;
  run(): Promise<void>;
}

interface State {
  cycle: ScheduledCycle;
  running?: Promise<void>;
  pending: boolean;
  timer?: { stop(): void; next(): Date | null };
}

export class CycleScheduler {
  private readonly states: State[];
  private stopping = false;

  constructor(
    cycles: ScheduledCycle[],
    private readonly timeZone: string,
    private readonly onError: (kind: CycleKind, error: unknown) => void,
    private readonly ticks: TickSource = cronTicks,
  ) {
    this.states = cycles.map((cycle) => ({ cycle, pending: false }));
  }

  /** Starts the timers; with `runNow`, each cycle also runs once right away. */
  start(runNow = false): void {
    for (const s of this.states) {
      s.timer = this.ticks(s.cycle.pattern, this.timeZone, () => this.trigger(s.cycle.kind));
      if (runNow) this.trigger(s.cycle.kind);
    }
  }

  /** When the next run of a kind is due. */
  nextRun(kind: CycleKind): Date | null {
    return this.states.find((s) => s.cycle.kind === kind)?.timer?.next() ?? null;
  }

  /** True while a cycle of this kind is running. */
  isRunning(kind: CycleKind): boolean {
    return this.states.some((s) => s.cycle.kind === kind && s.running !== undefined);
  }

  /** Asks for a cycle of this kind now (or right after the one in hand). */
  trigger(kind: CycleKind): void {
    const s = this.states.find((x) => x.cycle.kind === kind);
    if (!s || this.stopping) return;
    if (s.running) {
      s.pending = true;
      return;
    }
    s.running = this.loop(s);
  }

  private async loop(s: State): Promise<void> {
    do {
      s.pending = false;
      try {
        await s.cycle.run();
      } catch (e) {
        this.onError(s.cycle.kind, e);
      }
    } while (s.pending && !this.stopping);
    s.running = undefined;
  }

  /** Stops the timers and waits for the cycles in hand to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const s of this.states) s.timer?.stop();
    await Promise.all(this.states.map((s) => s.running));
  }
}
