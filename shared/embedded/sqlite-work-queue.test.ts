import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ManualClock } from '../memory/index.ts';
import { describeWorkQueueContract } from '../../test/contracts/work-queue.contract.ts';
import { processOwnerTag } from './lease-owner.ts';
import { openStore, type SqliteStore } from './sqlite-store.ts';
import { SqliteWorkQueue } from './sqlite-work-queue.ts';
import { InvalidWorkItemError } from './store-errors.ts';
import { startChild } from './testing/child-process.ts';
import { makeTempDir, type TempDir } from './testing/temp-dir.ts';

describeWorkQueueContract('SqliteWorkQueue (two connections on one file)', async (clock, { maxReceives }) => {
  const tmp = makeTempDir('queue');
  const a = openStore(tmp.file('store.sqlite'), { clock });
  const b = openStore(tmp.file('store.sqlite'), { clock });
  return {
    queue: new SqliteWorkQueue(a, { maxReceives }),
    peer: new SqliteWorkQueue(b, { maxReceives }),
    cleanup: async () => {
      a.close();
      b.close();
      tmp.cleanup();
    },
  };
});

describe('SqliteWorkQueue', () => {
  let tmp: TempDir;
  let clock: ManualClock;
  let store: SqliteStore;
  let queue: SqliteWorkQueue;

  beforeEach(() => {
    tmp = makeTempDir('queue');
    clock = new ManualClock();
    store = openStore(tmp.file('store.sqlite'), { clock });
    queue = new SqliteWorkQueue(store);
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  it('dead-letters after 5 receives by default', async () => {
    await queue.send([{ key: 'PO1#1', group: 'A' }]);
    for (let i = 1; i <= 5; i++) {
      const [r] = await queue.receive(1, 1000);
      expect(r?.receiveCount).toBe(i);
      await queue.release(r!.handle, 0);
    }
    expect(await queue.receive(1, 1000)).toEqual([]);
    expect(await queue.deadLetters()).toEqual([{ key: 'PO1#1', group: 'A' }]);
  });

  it('ignores a stale handle once the item was received again', async () => {
    await queue.send([{ key: 'PO1#1', group: 'A' }]);
    const [first] = await queue.receive(1, 1000);
    clock.advance(1000);
    const [second] = await queue.receive(1, 60_000);
    await queue.delete(first!.handle);
    await queue.release(first!.handle, 0);
    expect(await queue.receive(1, 1000)).toEqual([]);
    await queue.delete(second!.handle);
    clock.advance(60_000);
    expect(await queue.receive(1, 1000)).toEqual([]);
  });

  it('keeps named queues in one file apart', async () => {
    const other = new SqliteWorkQueue(store, { queue: 'inventory' });
    await queue.send([{ key: 'PO1#1', group: 'A' }]);
    await other.send([{ key: 'SKU-1', group: 'SKU-1' }]);
    expect((await other.receive(10, 1000)).map((r) => r.key)).toEqual(['SKU-1']);
    expect((await queue.receive(10, 1000)).map((r) => r.key)).toEqual(['PO1#1']);
  });

  it('delivers several items of one group in the same batch to one receiver', async () => {
    await queue.send([
      { key: 'PO1#1', group: 'A' },
      { key: 'PO2#1', group: 'A' },
    ]);
    expect((await queue.receive(10, 1000)).map((r) => r.key)).toEqual(['PO1#1', 'PO2#1']);
  });

  it('rejects an item without key or group, naming it, and queues nothing of the batch', async () => {
    await expect(
      queue.send([
        { key: 'PO1#1', group: 'A' },
        { key: '', group: 'A' },
      ]),
    ).rejects.toThrow(InvalidWorkItemError);
    await expect(queue.send([{ key: 'PO1#1', group: '' }])).rejects.toThrow(
      'work item #0: field "group" of PO1#1',
    );
    expect(await queue.receive(10, 1000)).toEqual([]);
  });

  it('rejects a maxReceives that is not a positive integer', () => {
    expect(() => new SqliteWorkQueue(store, { maxReceives: 0 })).toThrow('maxReceives');
  });

  it('keeps queued items across a reopen of the file', async () => {
    await queue.send([{ key: 'PO1#1', group: 'A' }]);
    store.close();
    store = openStore(tmp.file('store.sqlite'), { clock });
    queue = new SqliteWorkQueue(store);
    expect((await queue.receive(10, 1000)).map((r) => r.key)).toEqual(['PO1#1']);
  });

  it('gives back at once the claims of a local process that died, and keeps those of one that runs', async () => {
    // A pid that surely ran here and no longer does.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const dead = new SqliteWorkQueue(store, { owner: processOwnerTag(gone) });
    const alive = new SqliteWorkQueue(store, { owner: processOwnerTag(process.ppid) });
    await queue.send([
      { key: 'PO1#1', group: 'A' },
      { key: 'PO2#1', group: 'A' },
      { key: 'PO3#1', group: 'B' },
    ]);
    expect((await alive.receive(1, 3_600_000)).map((r) => r.key)).toEqual(['PO1#1']);
    // Group A is in flight with the live process, so the other one gets B.
    expect((await dead.receive(2, 3_600_000)).map((r) => r.key)).toEqual(['PO3#1']);
    // The dead claimant's item is free again at once; the live one's, and its group, stay hidden.
    const again = await queue.receive(10, 60_000);
    expect(again.map((r) => [r.key, r.receiveCount])).toEqual([['PO3#1', 2]]);
  });

  it('says how many items are hidden and until when', async () => {
    await queue.send([
      { key: 'PO1#1', group: 'A' },
      { key: 'PO2#1', group: 'B' },
    ]);
    expect(await queue.hidden()).toEqual({ count: 0 });
    const [first] = await queue.receive(1, 60_000);
    await queue.release(first!.handle, 120_000);
    await queue.receive(1, 30_000);
    expect(await queue.hidden()).toEqual({ count: 2, until: clock.now() + 120_000 });
  });

  it('three processes draining one file never receive the same item twice', async () => {
    const keys = Array.from({ length: 600 }, (_, i) => `PO${i}#1`);
    await queue.send(keys.map((key, i) => ({ key, group: `ITEM-${i % 40}` })));
    const workers = [0, 1, 2].map(() => startChild('queue-worker.ts', [store.path]));
    const received: string[][] = workers.map(() => []);
    await Promise.all(
      workers.map(
        (w, i) =>
          new Promise<void>((resolve) =>
            w.lines((line) => {
              if (line === 'ready') resolve();
              else if (line !== 'done') received[i]!.push(line);
            }),
          ),
      ),
    );
    for (const w of workers) w.process.stdin.write('go\n');
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes, workers.map((w) => w.stderr()).join('\n')).toEqual([0, 0, 0]);
    const all = received.flat();
    expect(all).toHaveLength(keys.length);
    expect(new Set(all).size).toBe(keys.length);
    expect(received.filter((r) => r.length > 0).length).toBeGreaterThan(1);
    expect(await queue.receive(10, 1000)).toEqual([]);
  });
});
