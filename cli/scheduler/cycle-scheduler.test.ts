import { describe, expect, it } from 'vitest';
import { CycleScheduler, type TickSource } from './cycle-scheduler.ts';

/** Ticks fired by hand. */
function manualTicks() {
  const fire = new Map<string, () => void>();
  let stopped = 0;
  const source: TickSource = (pattern, _tz, onTick) => {
    fire.set(pattern, onTick);
    return { stop: () => void stopped++, next: () => null };
  };
  return { source, tick: (pattern: string) => fire.get(pattern)?.(), stopped: () => stopped };
}

/** A cycle whose runs finish only when the test says so. */
function controlledCycle() {
  const finishers: (() => void)[] = [];
  let started = 0;
  return {
    run: () =>
      new Promise<void>((resolve) => {
        started++;
        finishers.push(resolve);
      }),
    started: () => started,
    finish: async () => {
      finishers.shift()?.();
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('CycleScheduler', () => {
  it('never overlaps a kind: ticks during a run become one catch-up run', async () => {
    const t = manualTicks();
    const orders = controlledCycle();
    const s = new CycleScheduler(
      [{ kind: 'orders', pattern: 'o', run: orders.run }],
      'UTC',
      () => {},
      t.source,
    );
    s.start();
    t.tick('o');
    expect(orders.started()).toBe(1);
    t.tick('o');
    t.tick('o');
    expect(orders.started()).toBe(1);
    await orders.finish();
    expect(orders.started()).toBe(2);
    await orders.finish();
    expect(orders.started()).toBe(2);
    expect(s.isRunning('orders')).toBe(false);
  });

  it('runs the kinds independently and at start with runNow', async () => {
    const t = manualTicks();
    const orders = controlledCycle();
    const inventory = controlledCycle();
    const s = new CycleScheduler(
      [
        { kind: 'orders', pattern: 'o', run: orders.run },
        { kind: 'inventory', pattern: 'i', run: inventory.run },
      ],
      'UTC',
      () => {},
      t.source,
    );
    s.start(true);
    expect(orders.started()).toBe(1);
    expect(inventory.started()).toBe(1);
    await orders.finish();
    await inventory.finish();
  });

  it('stop() waits for the cycle in hand and starts no more', async () => {
    const t = manualTicks();
    const orders = controlledCycle();
    const s = new CycleScheduler(
      [{ kind: 'orders', pattern: 'o', run: orders.run }],
      'UTC',
      () => {},
      t.source,
    );
    s.start();
    t.tick('o');
    t.tick('o');
    let stopped = false;
    const done = s.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    await orders.finish();
    await done;
    expect(stopped).toBe(true);
    expect(orders.started()).toBe(1);
    expect(t.stopped()).toBe(1);
    t.tick('o');
    expect(orders.started()).toBe(1);
  });

  it('reports a failed cycle and keeps scheduling', async () => {
    const t = manualTicks();
    const errors: unknown[] = [];
    let runs = 0;
    const s = new CycleScheduler(
      [
        {
          kind: 'orders',
          pattern: 'o',
          run: async () => {
            runs++;
            throw new Error('boom');
          },
        },
      ],
      'UTC',
      (_k, e) => errors.push(e),
      t.source,
    );
    s.start();
    t.tick('o');
    await new Promise((r) => setImmediate(r));
    t.tick('o');
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(2);
    expect(errors).toHaveLength(2);
    await s.stop();
  });
});
