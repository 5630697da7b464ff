/**
 * I1: at most one receipt and at most one inventory adjustment per order line ever reaches PeopleSoft,
 * through lost responses, crashes, replays, duplicate deliveries and concurrent workers.
 */
import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule } from '../memory/index.ts';
import { confirmReceipts } from './confirm-receipts.ts';
import { drainQueue } from './drain-queue.ts';
import { matchAndPost } from './match-and-post.ts';
import { pollOrders } from './poll-orders.ts';
import { replayFailed, replayLine } from './replay-line.ts';

const MINUTE = 60_000;
const setup = () => {
  const e = memoryEngine({
    erp: {
      schedules: [poSchedule({ poId: 'P1', qtyPo: 100 })],
      itemVendors: [itemVendor('SKU-1', '0000012345')],
    },
  });
  e.marketplace.addLine(orderLine({ purchaseOrderId: '100', quantity: 2 }));
  return e;
};
const KEY = '100#1';

function expectExactlyOnce(e: ReturnType<typeof setup>): void {
  expect(e.erp.duplicates()).toEqual([]);
  expect(e.erp.stagedCount('WM-100-1')).toBe(1);
  expect(e.erp.stagedCount('WM-100-1-ADJ')).toBe(1);
}

describe('I1 exactly once', () => {
  it('lost response: in doubt, confirmation finds it staged, redelivery never re-posts', async () => {
    const e = setup();
    await pollOrders(e);
    e.erp.faults.postReceipts.push({ kind: 'lost-response' });
    e.erp.faults.postAdjustments.push({ kind: 'lost-response' });
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'IN_DOUBT' });

    await e.queue.send([{ key: KEY, group: 'SKU-1' }]);
    await drainQueue(e, { batchSize: 10 });
    e.clock.advance(60 * MINUTE);
    const c = await confirmReceipts(e);
    expect(c.reposted).toBe(0);
    expect(await e.audit.get(KEY)).toMatchObject({
      status: 'POSTED',
      receipt: { state: 'STAGED' },
      adjustment: { state: 'STAGED' },
    });
    e.erp.load();
    await confirmReceipts(e);
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'RECEIPTED', receipt: { state: 'LOADED' } });
    expectExactlyOnce(e);
  });

  it('request never arrived: kept in doubt through the grace period, then posted again exactly once', async () => {
    const e = setup();
    await pollOrders(e);
    e.erp.faults.postReceipts.push({ kind: 'not-delivered' });
    e.erp.faults.postAdjustments.push({ kind: 'not-delivered' });
    await drainQueue(e, { batchSize: 10 });
    expect(e.erp.transactions).toEqual([]);

    e.clock.advance(MINUTE);
    expect((await confirmReceipts(e)).reposted).toBe(0);
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'IN_DOUBT' });

    e.clock.advance(30 * MINUTE);
    expect((await confirmReceipts(e)).reposted).toBe(1);
    const cleared = await e.audit.get(KEY);
    expect(cleared).toMatchObject({ status: 'RECEIVED', priorAttempts: { receipt: 1, adjustment: 1 } });
    expect(cleared?.receipt).toBeUndefined();

    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(KEY)).toMatchObject({
      status: 'POSTED',
      receipt: { attempts: 2 },
      adjustment: { attempts: 2 },
    });
    expectExactlyOnce(e);
  });

  it('a post still queued in the Integration Broker is not re-posted while it may still arrive', async () => {
    const e = setup();
    await pollOrders(e);
    e.erp.faults.postReceipts.push({ kind: 'delayed-staging', delayMs: 20 * MINUTE });
    await drainQueue(e, { batchSize: 10 });
    e.clock.advance(10 * MINUTE);
    await confirmReceipts(e);
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'IN_DOUBT' });
    e.clock.advance(15 * MINUTE);
    await confirmReceipts(e);
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'POSTED' });
    expectExactlyOnce(e);
  });

  it('crash after the intent, before the post: the next worker marks it in doubt and never re-posts blindly', async () => {
    const e = setup();
    await pollOrders(e);
    e.erp.beforePost = () => new Promise<void>(() => {}); // the process dies inside the call
    void matchAndPost(e, [KEY]);
    await new Promise((r) => setImmediate(r));
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'MATCHED', receipt: { state: 'INTENT' } });
    e.erp.beforePost = undefined;

    // the crashed worker still holds the item lease until it expires
    expect((await matchAndPost(e, [KEY])).results[0]?.ok).toBe(false);
    e.clock.advance(15 * MINUTE);
    await matchAndPost(e, [KEY]);
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'IN_DOUBT', receipt: { state: 'IN_DOUBT' } });
    expect(e.erp.transactions).toEqual([]);

    e.clock.advance(30 * MINUTE);
    await confirmReceipts(e);
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'POSTED' });
    expectExactlyOnce(e);
  });

  it('crash after the post, before its answer is recorded: settled by confirmation, not re-posted', async () => {
    const e = setup();
    await pollOrders(e);
    e.audit.beforeUpdate = (next) => {
      if (next.receipt?.state === 'STAGED') throw new Error('process killed');
    };
    const r = await matchAndPost(e, [KEY]);
    expect(r.results[0]).toMatchObject({ ok: false });
    e.audit.beforeUpdate = undefined;
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'MATCHED', receipt: { state: 'INTENT' } });

    await matchAndPost(e, [KEY]);
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'IN_DOUBT' });
    await confirmReceipts(e);
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'POSTED' });
    expectExactlyOnce(e);
  });

  it('duplicate queue deliveries of one key post once', async () => {
    const e = setup();
    await pollOrders(e);
    await e.queue.send([
      { key: KEY, group: 'SKU-1' },
      { key: KEY, group: 'SKU-1' },
    ]);
    await pollOrders(e);
    expect(e.queue.pending().length).toBeGreaterThanOrEqual(3);
    const d = await drainQueue(e, { batchSize: 2 });
    expect(d.receiptsPosted).toBe(1);
    expect(e.queue.pending()).toEqual([]);
    expectExactlyOnce(e);
  });

  it('two concurrent matchAndPost calls on the same item: one works, the other is retried, one post in all', async () => {
    const e = setup();
    await pollOrders(e);
    const [a, b] = await Promise.all([matchAndPost(e, [KEY]), matchAndPost(e, [KEY])]);
    expect([a.results[0]?.ok, b.results[0]?.ok].sort()).toEqual([false, true]);
    const again = await matchAndPost(e, [KEY]);
    expect(again.results[0]).toMatchObject({ ok: true, status: 'POSTED' });
    expectExactlyOnce(e);
  });

  it('replays of every kind never add a post', async () => {
    const e = setup();
    await pollOrders(e);
    e.erp.faults.postReceipts.push({ kind: 'lost-response' });
    await drainQueue(e, { batchSize: 10 });
    for (let i = 0; i < 3; i += 1) {
      await replayLine(e, KEY);
      await replayFailed(e);
      await drainQueue(e, { batchSize: 10 });
      e.clock.advance(20 * MINUTE);
    }
    expect((await e.audit.get(KEY))?.status).toBe('POSTED');
    e.erp.load();
    await replayLine(e, KEY);
    await drainQueue(e, { batchSize: 10 });
    expect((await e.audit.get(KEY))?.status).toBe('RECEIPTED');
    expectExactlyOnce(e);
  });
});
