/**
 * A Walmart cancellation after the sale's adjustment was posted: one `+qty` adjustment (`…-ADJR`) puts the
 * cancelled stock back, exactly once ever (I1), through lost answers, redeliveries and repeated polls; the
 * receipt is never reversed automatically.
 */
import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule, T0 } from '../memory/index.ts';
import { confirmReceipts } from './confirm-receipts.ts';
import { drainQueue } from './drain-queue.ts';
import { matchAndPost } from './match-and-post.ts';
import { pollOrders } from './poll-orders.ts';
import { replayLine } from './replay-line.ts';

const HOUR = 3_600_000;
const KEY = '100#1';
const setup = (reverse = true) => {
  const e = memoryEngine({
    config: { orders: { reverseCancelledAdjustments: reverse } },
    erp: {
      schedules: [poSchedule({ poId: 'P1', itemId: 'SKU-1', qtyPo: 100 })],
      itemVendors: [itemVendor('SKU-1', '0000012345')],
      balances: [{ itemId: 'SKU-1', qtyAvailable: 50, qtyOnHand: 50, qtyReserved: 0, changedAt: T0 - HOUR }],
    },
  });
  e.marketplace.addLine(orderLine({ purchaseOrderId: '100', quantity: 3, orderDate: T0 - 60_000 }));
  return e;
};

/** Polls, posts and loads the sale; then Walmart cancels `quantity` of it an hour later. */
async function soldThenCancelled(e: ReturnType<typeof setup>, quantity: number | 'all') {
  await pollOrders(e);
  await drainQueue(e, { batchSize: 10 });
  e.erp.load();
  await confirmReceipts(e);
  expect(await e.audit.get(KEY)).toMatchObject({ status: 'RECEIPTED', adjustment: { state: 'LOADED' } });
  e.clock.advance(HOUR);
  if (quantity === 'all') e.marketplace.setStatus('100', '1', 'Cancelled', e.clock.now() - 1000);
  else e.marketplace.cancelPart('100', '1', quantity, e.clock.now() - 1000);
  await pollOrders(e);
}

const reversals = (e: ReturnType<typeof setup>) =>
  e.erp.transactions.filter((t) => t.reference === 'WM-100-1-ADJR');

describe('reversal of a late-cancelled sale', () => {
  it('puts the whole line back once, flags the receipt for a person, and the stock is restored on load', async () => {
    const e = setup();
    await soldThenCancelled(e, 'all');
    const flagged = await e.audit.get(KEY);
    expect(flagged).toMatchObject({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      reversalQuantity: 3,
    });
    expect(flagged?.detail).toContain('put back by one adjustment WM-100-1-ADJR of +3');
    expect(flagged?.detail).toContain('the receipt is not reversed automatically');
    expect(e.erp.balances.get('SKU-1')?.qtyAvailable).toBe(47);

    await drainQueue(e, { batchSize: 10 });
    expect(reversals(e).map((t) => t.adjustment)).toEqual([
      {
        reference: 'WM-100-1-ADJR',
        businessUnit: 'US001',
        itemId: 'SKU-1',
        quantity: 3,
        unitOfMeasure: 'EA',
      },
    ]);
    expect(await e.audit.get(KEY)).toMatchObject({ status: 'FLAGGED', reversal: { state: 'STAGED' } });
    e.erp.load();
    await confirmReceipts(e);
    expect(await e.audit.get(KEY)).toMatchObject({ reversal: { state: 'LOADED' } });
    expect(e.erp.balances.get('SKU-1')?.qtyAvailable).toBe(50);

    // Polling, redelivering and replaying again never posts a second reversal, nor a receipt reversal.
    e.clock.advance(HOUR);
    await pollOrders(e);
    await e.queue.send([{ key: KEY, group: 'SKU-1' }]);
    await drainQueue(e, { batchSize: 10 });
    await replayLine(e, KEY);
    await drainQueue(e, { batchSize: 10 });
    expect(reversals(e)).toHaveLength(1);
    expect(e.erp.duplicates()).toEqual([]);
    expect(e.erp.stagedCount('WM-100-1')).toBe(1);
  });

  it('a partial cancellation reverses only the cancelled quantity', async () => {
    const e = setup();
    await soldThenCancelled(e, 1);
    expect(await e.audit.get(KEY)).toMatchObject({ reversalQuantity: 1, cancelledQuantity: 1 });
    await drainQueue(e, { batchSize: 10 });
    expect(reversals(e).map((t) => t.adjustment?.quantity)).toEqual([1]);
    // A second partial cancellation is flagged, not reversed again (one reversal ever).
    e.clock.advance(HOUR);
    e.marketplace.cancelPart('100', '1', 1, e.clock.now() - 1000);
    await pollOrders(e);
    await drainQueue(e, { batchSize: 10 });
    expect(reversals(e)).toHaveLength(1);
    expect(await e.audit.get(KEY)).toMatchObject({ cancelledQuantity: 2, reversalQuantity: 1 });
  });

  it('orders.reverseCancelledAdjustments: false flags the line and posts nothing', async () => {
    const e = setup(false);
    await soldThenCancelled(e, 'all');
    await drainQueue(e, { batchSize: 10 });
    expect(reversals(e)).toEqual([]);
    expect((await e.audit.get(KEY))?.detail).toContain('Nothing was reversed automatically');
  });

  it('a reversal whose answer was lost is in doubt, found staged, and never posted twice', async () => {
    const e = setup();
    await soldThenCancelled(e, 'all');
    e.erp.faults.postAdjustments.push({ kind: 'lost-response' });
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(KEY)).toMatchObject({ reversal: { state: 'IN_DOUBT' } });
    await e.queue.send([{ key: KEY, group: 'SKU-1' }]);
    await matchAndPost(e, [KEY]);
    await confirmReceipts(e);
    expect(await e.audit.get(KEY)).toMatchObject({ reversal: { state: 'STAGED' } });
    expect(reversals(e)).toHaveLength(1);
  });

  it('a reversal that never arrived is posted again once, after the grace period', async () => {
    const e = setup();
    await soldThenCancelled(e, 'all');
    e.erp.faults.postAdjustments.push({ kind: 'not-delivered' });
    await drainQueue(e, { batchSize: 10 });
    expect(reversals(e)).toHaveLength(0);
    e.clock.advance(HOUR);
    const c = await confirmReceipts(e);
    expect(c.reposted).toBe(1);
    await drainQueue(e, { batchSize: 10 });
    expect(reversals(e)).toHaveLength(1);
    expect(await e.audit.get(KEY)).toMatchObject({ reversal: { state: 'STAGED', attempts: 2 } });
  });

  it('waits for an adjustment still in doubt before reversing it', async () => {
    const e = setup();
    await pollOrders(e);
    e.erp.faults.postAdjustments.push({ kind: 'lost-response' });
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(KEY)).toMatchObject({ adjustment: { state: 'IN_DOUBT' } });
    e.clock.advance(HOUR);
    e.marketplace.setStatus('100', '1', 'Cancelled', e.clock.now() - 1000);
    await pollOrders(e);
    await drainQueue(e, { batchSize: 10 });
    expect(reversals(e)).toEqual([]);
    // Confirmation finds the adjustment staged: now the reversal is due, queued, and posted.
    const c = await confirmReceipts(e);
    expect(c.reposted).toBe(1);
    await drainQueue(e, { batchSize: 10 });
    expect(reversals(e)).toHaveLength(1);
  });
});
