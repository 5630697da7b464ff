import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.ts';
import { MemoryAuditTrail } from './memory-audit-trail.ts';
import { MemoryCheckpoints } from './memory-checkpoints.ts';
import { MemoryWorkQueue } from './memory-work-queue.ts';

describe('MemoryWorkQueue (SQS + DLQ semantics)', () => {
  it('hides a received message for the visibility timeout, then delivers it again', async () => {
    const clock = new ManualClock(0);
    const q = new MemoryWorkQueue(clock, 5);
    await q.send([{ key: 'A#1', group: 'I' }]);
    const [m] = await q.receive(10, 1000);
    expect(m).toMatchObject({ key: 'A#1', receiveCount: 1 });
    expect(await q.receive(10, 1000)).toEqual([]);
    clock.advance(1000);
    expect((await q.receive(10, 1000))[0]).toMatchObject({ key: 'A#1', receiveCount: 2 });
  });

  it('deletes by the latest handle only, and release makes it visible after a delay', async () => {
    const clock = new ManualClock(0);
    const q = new MemoryWorkQueue(clock, 5);
    await q.send([{ key: 'A#1', group: 'I' }]);
    const [first] = await q.receive(1, 10);
    clock.advance(10);
    const [second] = await q.receive(1, 10);
    await q.delete(first!.handle);
    expect(q.pending()).toHaveLength(1);
    await q.release(second!.handle, 500);
    clock.advance(499);
    expect(await q.receive(1, 10)).toEqual([]);
    clock.advance(1);
    const [third] = await q.receive(1, 10);
    await q.delete(third!.handle);
    expect(q.pending()).toEqual([]);
  });

  it('dead-letters after maxReceives receives and redrives with a fresh count', async () => {
    const clock = new ManualClock(0);
    const q = new MemoryWorkQueue(clock, 2);
    await q.send([{ key: 'A#1', group: 'I' }]);
    for (let i = 0; i < 2; i += 1) {
      expect(await q.receive(1, 0)).toHaveLength(1);
    }
    expect(await q.receive(1, 0)).toEqual([]);
    expect(await q.deadLetters()).toEqual([{ key: 'A#1', group: 'I' }]);
    expect(await q.redrive(['OTHER#1'])).toBe(0);
    expect(await q.redrive()).toBe(1);
    expect((await q.receive(1, 0))[0]?.receiveCount).toBe(1);
  });
});

describe('MemoryCheckpoints leases', () => {
  it('lets one owner hold a lease until it expires or is released; the holder may renew', async () => {
    const clock = new ManualClock(0);
    const cp = new MemoryCheckpoints(clock);
    expect(await cp.acquireLease('item:1', 'a', 100)).toBe(true);
    expect(await cp.acquireLease('item:1', 'b', 100)).toBe(false);
    expect(await cp.acquireLease('item:1', 'a', 100)).toBe(true);
    clock.advance(100);
    expect(await cp.acquireLease('item:1', 'b', 100)).toBe(true);
    await cp.releaseLease('item:1', 'a');
    expect(cp.holder('item:1')).toBe('b');
    await cp.releaseLease('item:1', 'b');
    expect(await cp.acquireLease('item:1', 'a', 100)).toBe(true);
  });
});

describe('MemoryAuditTrail', () => {
  it('creates once and updates only on the expected version', async () => {
    const audit = new MemoryAuditTrail();
    const rec = {
      key: 'P#1',
      purchaseOrderId: 'P',
      lineNumber: '1',
      sku: 'S',
      quantity: 1,
      unit: 'EACH',
      orderDate: 0,
      walmartStatus: 'Created',
      status: 'RECEIVED' as const,
      createdAt: 0,
      updatedAt: 0,
      version: 1,
    };
    const entry = {
      key: 'P#1',
      purchaseOrderId: 'P',
      lineNumber: '1',
      at: 0,
      actor: 'poll' as const,
      to: 'RECEIVED' as const,
      detail: 'x',
    };
    expect(await audit.create(rec, entry)).toBe(true);
    expect(await audit.create(rec, entry)).toBe(false);
    expect(await audit.update({ ...rec, status: 'MATCHED' }, 1, { ...entry, to: 'MATCHED' })).toMatchObject({
      version: 2,
    });
    expect(await audit.update({ ...rec, status: 'FLAGGED' }, 1, { ...entry, to: 'FLAGGED' })).toBeUndefined();
    expect(audit.entriesOf('P#1')).toHaveLength(2);
    expect((await audit.history('P')).map((e) => e.to)).toEqual(['RECEIVED', 'MATCHED']);
  });
});
