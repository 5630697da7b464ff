/**
 * The WorkQueue port contract (shared/ports.ts): SQS semantics, reusable by every adapter.
 *
 * Usage, in the adapter's own `*.test.ts`:
 *
 *   describeWorkQueueContract('SqliteWorkQueue', async (clock, { maxReceives }) => {
 *     const store = openStore(join(dir, 'queue.sqlite'), { clock });
 *     return { queue: new SqliteWorkQueue(store, { maxReceives }), cleanup: async () => store.close() };
 *   });
 *
 * `make` is called before every test with a fresh ManualClock and the maximum receive count the queue must
 * dead-letter after; it returns an EMPTY queue and a `cleanup` run after the test. Optional fixture fields:
 * - `peer`: a second instance on the same backing queue (another connection), used as a concurrent receiver.
 * - `advance(ms)`: how to let `ms` of queue time pass. Default: `clock.advance(ms)`. A queue whose timers run
 *   on a server (SQS) can wait for real here; the contract only uses whole seconds for such waits.
 * Options: `exclusiveGroups` (default true) checks that a group with an item in flight is not delivered to
 * another receiver (SQS FIFO message groups); pass false for an adapter that serialises groups elsewhere.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceivedWork, WorkItem, WorkQueue } from '../../shared/ports.ts';
import { ManualClock } from '../../shared/memory/index.ts';

export interface WorkQueueFixture {
  queue: WorkQueue;
  peer?: WorkQueue;
  advance?(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

export interface WorkQueueContractOptions {
  exclusiveGroups?: boolean;
}

const MAX_RECEIVES = 3;
const VISIBILITY = 1_000;

/** Registers the WorkQueue contract tests for one adapter. */
export function describeWorkQueueContract(
  name: string,
  make: (clock: ManualClock, options: { maxReceives: number }) => Promise<WorkQueueFixture>,
  options: WorkQueueContractOptions = {},
): void {
  const exclusiveGroups = options.exclusiveGroups ?? true;

  describe(`WorkQueue contract: ${name}`, () => {
    let fixture: WorkQueueFixture;
    let queue: WorkQueue;
    let advance: (ms: number) => Promise<void>;

    beforeEach(async () => {
      const clock = new ManualClock();
      fixture = await make(clock, { maxReceives: MAX_RECEIVES });
      queue = fixture.queue;
      advance = fixture.advance ?? (async (ms) => clock.advance(ms));
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    const item = (n: number, group = `G${n}`): WorkItem => ({ key: `PO${n}#1`, group });
    const keysOf = (received: ReceivedWork[]) => received.map((r) => r.key).sort();

    /** Receives until the queue has nothing visible (receivers may return fewer than asked). */
    async function drain(q: WorkQueue = queue, visibilityMs = 60_000): Promise<ReceivedWork[]> {
      const all: ReceivedWork[] = [];
      for (let round = 0; round < 20; round++) {
        const batch = await q.receive(10, visibilityMs);
        if (batch.length === 0) break;
        all.push(...batch);
      }
      return all;
    }

    it('receive on an empty queue returns nothing', async () => {
      expect(await queue.receive(10, VISIBILITY)).toEqual([]);
    });

    it('delivers what was sent with its group, receive count 1 and a distinct handle each', async () => {
      await queue.send([item(1), item(2, 'ITEM-X')]);
      const got = await drain();
      expect(got.map(({ key, group, receiveCount }) => ({ key, group, receiveCount }))).toEqual(
        expect.arrayContaining([
          { key: 'PO1#1', group: 'G1', receiveCount: 1 },
          { key: 'PO2#1', group: 'ITEM-X', receiveCount: 1 },
        ]),
      );
      expect(got).toHaveLength(2);
      expect(new Set(got.map((r) => r.handle)).size).toBe(2);
      expect(got.every((r) => typeof r.handle === 'string' && r.handle.length > 0)).toBe(true);
    });

    it('receive returns at most `max` items', async () => {
      await queue.send([1, 2, 3, 4, 5].map((n) => item(n)));
      const first = await queue.receive(2, 60_000);
      expect(first.length).toBeGreaterThan(0);
      expect(first.length).toBeLessThanOrEqual(2);
      const rest = await drain();
      expect([...keysOf(first), ...keysOf(rest)].sort()).toEqual([
        'PO1#1',
        'PO2#1',
        'PO3#1',
        'PO4#1',
        'PO5#1',
      ]);
    });

    it('a received item stays hidden until its visibility timeout, then comes back with a new handle', async () => {
      await queue.send([item(1)]);
      const [first] = await queue.receive(1, VISIBILITY);
      expect(first).toBeDefined();
      expect(await queue.receive(10, VISIBILITY)).toEqual([]);
      await advance(VISIBILITY + 200);
      const [again] = await queue.receive(1, VISIBILITY);
      expect(again).toMatchObject({ key: 'PO1#1', group: 'G1', receiveCount: 2 });
      expect(again!.handle).not.toBe(first!.handle);
    });

    it('a deleted item is never delivered again', async () => {
      await queue.send([item(1), item(2)]);
      const got = await drain(queue, VISIBILITY);
      const one = got.find((r) => r.key === 'PO1#1')!;
      await queue.delete(one.handle);
      await advance(VISIBILITY + 200);
      expect(keysOf(await drain())).toEqual(['PO2#1']);
    });

    it('release(handle, 0) makes the item visible at once, keeping its receive count', async () => {
      await queue.send([item(1)]);
      const [first] = await queue.receive(1, 60_000);
      await queue.release(first!.handle, 0);
      const [again] = await queue.receive(1, 60_000);
      expect(again).toMatchObject({ key: 'PO1#1', receiveCount: 2 });
    });

    it('release(handle, delay) keeps the item hidden for the delay', async () => {
      await queue.send([item(1)]);
      const [first] = await queue.receive(1, 60_000);
      await queue.release(first!.handle, VISIBILITY);
      expect(await queue.receive(10, 60_000)).toEqual([]);
      await advance(VISIBILITY + 200);
      expect(await queue.receive(10, 60_000)).toMatchObject([{ key: 'PO1#1', receiveCount: 2 }]);
    });

    it('postpone puts an item back for the delay without using up a receive, and counts the waits', async () => {
      await queue.send([item(1)]);
      for (let wait = 1; wait <= MAX_RECEIVES + 1; wait++) {
        const [got] = await queue.receive(10, 60_000);
        expect(got).toMatchObject({ key: 'PO1#1', group: 'G1', receiveCount: 1 });
        expect(got!.postponed ?? 0).toBe(wait - 1);
        await queue.postpone(got!, VISIBILITY);
        expect(await queue.receive(10, 60_000)).toEqual([]);
        await advance(VISIBILITY + 200);
      }
      const [last] = await queue.receive(10, 60_000);
      expect(last).toMatchObject({ key: 'PO1#1', receiveCount: 1, postponed: MAX_RECEIVES + 1 });
      expect(await queue.deadLetters()).toEqual([]);
    });

    it('the same key sent twice is queued twice', async () => {
      await queue.send([item(1)]);
      await queue.send([item(1)]);
      let got = await drain();
      if (exclusiveGroups && got.length < 2) {
        await queue.delete(got[0]!.handle);
        got = [...got, ...(await drain())];
      }
      expect(got.map((r) => r.key)).toEqual(['PO1#1', 'PO1#1']);
    });

    it(`an item received ${MAX_RECEIVES} times is dead-lettered instead of delivered again`, async () => {
      await queue.send([item(1), item(2)]);
      for (let attempt = 1; attempt <= MAX_RECEIVES; attempt++) {
        const got = await drain();
        const one = got.find((r) => r.key === 'PO1#1');
        expect(one?.receiveCount).toBe(attempt);
        expect(got.find((r) => r.key === 'PO2#1')?.receiveCount).toBe(attempt);
        for (const r of got) await queue.release(r.handle, 0);
      }
      expect(await queue.receive(10, VISIBILITY)).toEqual([]);
      const dead = await queue.deadLetters();
      expect(dead.map((d) => d.key).sort()).toEqual(['PO1#1', 'PO2#1']);
      expect(dead.find((d) => d.key === 'PO1#1')).toEqual({ key: 'PO1#1', group: 'G1' });
    });

    it('an item whose visibility times out counts as a receive too', async () => {
      await queue.send([item(1)]);
      for (let attempt = 1; attempt <= MAX_RECEIVES; attempt++) {
        expect(await queue.receive(1, VISIBILITY)).toMatchObject([{ receiveCount: attempt }]);
        await advance(VISIBILITY + 200);
      }
      expect(await queue.receive(10, VISIBILITY)).toEqual([]);
      expect(await queue.deadLetters()).toEqual([item(1)]);
    });

    it('the last allowed receive can still finish the work: a deleted item is not dead-lettered', async () => {
      await queue.send([item(1)]);
      for (let attempt = 1; attempt < MAX_RECEIVES; attempt++) {
        const [r] = await queue.receive(1, 60_000);
        await queue.release(r!.handle, 0);
      }
      const [last] = await queue.receive(1, 60_000);
      expect(last?.receiveCount).toBe(MAX_RECEIVES);
      await queue.delete(last!.handle);
      expect(await queue.receive(10, VISIBILITY)).toEqual([]);
      expect(await queue.deadLetters()).toEqual([]);
    });

    async function exhaust(items: WorkItem[]): Promise<void> {
      await queue.send(items);
      for (let attempt = 1; attempt <= MAX_RECEIVES; attempt++) {
        for (const r of await drain()) await queue.release(r.handle, 0);
      }
      expect(await queue.receive(10, VISIBILITY)).toEqual([]);
    }

    it('redrive() moves every dead letter back with its receive count reset', async () => {
      await exhaust([item(1), item(2)]);
      expect(await queue.redrive()).toBe(2);
      expect(await queue.deadLetters()).toEqual([]);
      const got = await drain();
      expect(keysOf(got)).toEqual(['PO1#1', 'PO2#1']);
      expect(got.every((r) => r.receiveCount === 1)).toBe(true);
    });

    it('redrive(keys) moves only the dead letters with those keys', async () => {
      await exhaust([item(1), item(2), item(3)]);
      expect(await queue.redrive(['PO2#1', 'PO9#9'])).toBe(1);
      expect((await queue.deadLetters()).map((d) => d.key).sort()).toEqual(['PO1#1', 'PO3#1']);
      expect(keysOf(await drain())).toEqual(['PO2#1']);
      expect(await queue.redrive([])).toBe(0);
    });

    it('redrive with no dead letters moves nothing', async () => {
      await queue.send([item(1)]);
      expect(await queue.redrive()).toBe(0);
      expect(keysOf(await drain())).toEqual(['PO1#1']);
    });

    it('concurrent receivers never get the same item', async () => {
      const items = Array.from({ length: 40 }, (_, n) => item(n));
      await queue.send(items);
      const receivers = [queue, fixture.peer ?? queue];
      const seen: ReceivedWork[] = [];
      for (let round = 0; round < 20 && seen.length < items.length; round++) {
        const batches = await Promise.all(
          [0, 1, 2, 3].map((i) => receivers[i % receivers.length]!.receive(10, 60_000)),
        );
        seen.push(...batches.flat());
        if (batches.every((b) => b.length === 0)) break;
      }
      expect(seen).toHaveLength(items.length);
      expect(new Set(seen.map((r) => r.key)).size).toBe(items.length);
    });

    it.runIf(exclusiveGroups)(
      'a group with an item in flight is not delivered to another receiver',
      async () => {
        await queue.send([item(1, 'ITEM-A'), item(2, 'ITEM-A'), item(3, 'ITEM-B')]);
        const [first] = await queue.receive(1, 60_000);
        expect(first).toBeDefined();
        const others = await drain(fixture.peer ?? queue);
        expect(others.some((r) => r.group === first!.group)).toBe(false);
        await queue.delete(first!.handle);
        const rest = await drain(fixture.peer ?? queue);
        expect([first!, ...others, ...rest].map((r) => r.key).sort()).toEqual(['PO1#1', 'PO2#1', 'PO3#1']);
      },
    );
  });
}
