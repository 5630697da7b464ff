/** Reviewer decisions (resolve) and safe re-runs by key (replay, I4). */
import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule } from '../memory/index.ts';
import { confirmReceipts } from './confirm-receipts.ts';
import { drainQueue } from './drain-queue.ts';
import { pollOrders } from './poll-orders.ts';
import { replayChange, replayFailed, replayLine } from './replay-line.ts';
import { ResolveError, resolveLine } from './resolve-line.ts';

const MINUTE = 60_000;
const ACME = '0000012345';
const setup = () =>
  memoryEngine({
    erp: {
      schedules: [
        poSchedule({ poId: 'P1' }),
        poSchedule({ poId: 'P2' }),
        poSchedule({ poId: 'P3', qtyPo: 1 }),
        poSchedule({ poId: 'P4', unitOfMeasure: 'BX' }),
      ],
      itemVendors: [itemVendor('SKU-1', ACME)],
    },
  });

async function ambiguous(e: ReturnType<typeof setup>, po = '100'): Promise<string> {
  e.marketplace.addLine(orderLine({ purchaseOrderId: po, quantity: 2 }));
  await pollOrders(e);
  await drainQueue(e, { batchSize: 10 });
  expect((await e.audit.get(`${po}#1`))?.reason).toBe('AMBIGUOUS_PO');
  return `${po}#1`;
}

describe('resolveLine', () => {
  it('records the chosen schedule, moves the line back to RECEIVED and re-enqueues it', async () => {
    const e = setup();
    const key = await ambiguous(e);
    const r = await resolveLine(e, key, { poRef: 'US001/P2/1/1', by: 'clerk', note: 'per buyer' });
    expect(r).toMatchObject({
      status: 'RECEIVED',
      resolution: { poRef: 'US001/P2/1/1', by: 'clerk', note: 'per buyer' },
    });
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(key)).toMatchObject({ status: 'POSTED', poRef: 'US001/P2/1/1' });
    // the adjustment was posted when the line was flagged; it is not posted again
    expect(e.erp.stagedCount('WM-100-1-ADJ')).toBe(1);
    expect(e.erp.stagedCount('WM-100-1')).toBe(1);
  });

  it.each([
    ['US001/P9/1/1', 'NOT_FOUND'],
    ['US001/P3/1/1', 'INSUFFICIENT_OPEN_QTY'],
    ['US001/P4/1/1', 'UOM_MISMATCH'],
    ['P1', 'BAD_REFERENCE'],
  ])('refuses %s with %s', async (poRef, reason) => {
    const e = setup();
    const key = await ambiguous(e);
    await expect(resolveLine(e, key, { poRef, by: 'clerk' })).rejects.toMatchObject({
      name: 'ResolveError',
      reason,
    });
    expect((await e.audit.get(key))?.status).toBe('FLAGGED');
  });

  it('skips on request, refuses IN_DOUBT and non-flagged lines, and unknown keys', async () => {
    const e = setup();
    const key = await ambiguous(e);
    expect(await resolveLine(e, key, { skip: true, by: 'clerk' })).toMatchObject({
      status: 'SKIPPED',
      reason: 'RESOLVED_SKIP',
    });
    await expect(resolveLine(e, key, { skip: true, by: 'clerk' })).rejects.toMatchObject({
      reason: 'NOT_FLAGGED',
    });
    await expect(resolveLine(e, 'NOPE#1', { skip: true, by: 'clerk' })).rejects.toBeInstanceOf(ResolveError);

    e.marketplace.addLine(
      orderLine({ purchaseOrderId: '200', sku: 'SKU-2', orderDate: e.clock.now() - 1000 }),
    );
    e.erp.itemVendorRows.push(itemVendor('SKU-2', ACME));
    e.erp.schedules.push(poSchedule({ poId: 'P7', itemId: 'SKU-2' }));
    e.erp.faults.postReceipts.push({ kind: 'not-delivered' });
    await pollOrders(e);
    await drainQueue(e, { batchSize: 10 });
    await expect(resolveLine(e, '200#1', { poRef: 'US001/P7/1/1', by: 'clerk' })).rejects.toMatchObject({
      reason: 'IN_DOUBT',
    });
  });

  it('refuses a second receipt for a line whose receipt is still staged', async () => {
    const e = memoryEngine({
      config: { peoplesoft: { receiptLoadTimeoutMinutes: 1 } },
      erp: { schedules: [poSchedule({ poId: 'P1' })], itemVendors: [itemVendor('SKU-1', ACME)] },
    });
    e.marketplace.addLine(orderLine({ purchaseOrderId: '300' }));
    await pollOrders(e);
    await drainQueue(e, { batchSize: 10 });
    e.clock.advance(2 * MINUTE);
    await confirmReceipts(e);
    expect((await e.audit.get('300#1'))?.reason).toBe('RECEIPT_NOT_LOADED');
    await expect(resolveLine(e, '300#1', { poRef: 'US001/P1/1/1', by: 'clerk' })).rejects.toMatchObject({
      reason: 'RECEIPT_IN_ERP',
    });
  });
});

describe('replay (I4)', () => {
  it('re-runs a rejected receipt from matching, once, however often it is replayed', async () => {
    const e = setup();
    const key = await ambiguous(e, '401');
    await resolveLine(e, key, { poRef: 'US001/P1/1/1', by: 'clerk' });
    e.erp.faults.postReceipts.push({ kind: 'reject', message: 'Receiving period closed' });
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(key)).toMatchObject({ status: 'FLAGGED', reason: 'RECEIPT_REJECTED' });

    const first = await replayLine(e, '401#1');
    const second = await replayLine(e, '401#1');
    expect(first).toMatchObject({ action: 'requeued', status: 'RECEIVED' });
    expect(second).toMatchObject({ action: 'requeued', status: 'RECEIVED' });
    await drainQueue(e, { batchSize: 10 });
    const line = await e.audit.get('401#1');
    expect(line).toMatchObject({ status: 'POSTED', receipt: { attempts: 2 } });
    expect(e.erp.stagedCount('WM-401-1')).toBe(1);
    expect(e.erp.stagedCount('WM-401-1-ADJ')).toBe(1);
  });

  it('settles IN_DOUBT by confirmation, never a blind re-post', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '500', sku: 'SKU-9' }));
    e.erp.itemVendorRows.push(itemVendor('SKU-9', ACME));
    e.erp.schedules.push(poSchedule({ poId: 'P9', itemId: 'SKU-9' }));
    e.erp.faults.postReceipts.push({ kind: 'lost-response' });
    await pollOrders(e);
    await drainQueue(e, { batchSize: 10 });
    const r = await replayLine(e, '500#1');
    expect(r).toMatchObject({ action: 'confirmed', status: 'POSTED' });
    expect(e.erp.stagedCount('WM-500-1')).toBe(1);
  });

  it('clears a rejected adjustment for re-post, on a line of any status', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '600', sku: 'SKU-9' }));
    e.erp.itemVendorRows.push(itemVendor('SKU-9', ACME));
    e.erp.schedules.push(poSchedule({ poId: 'P9', itemId: 'SKU-9' }));
    e.erp.faults.postAdjustments.push({ kind: 'reject', message: 'Period closed' });
    await pollOrders(e);
    await drainQueue(e, { batchSize: 10 });
    e.erp.load();
    await confirmReceipts(e);
    expect(await e.audit.get('600#1')).toMatchObject({
      status: 'RECEIPTED',
      adjustment: { state: 'REJECTED' },
    });

    const { replayed, redriven } = await replayFailed(e);
    expect(replayed.map((x) => [x.key, x.action])).toEqual([['600#1', 'requeued']]);
    expect(redriven).toBe(0);
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get('600#1')).toMatchObject({
      status: 'RECEIPTED',
      adjustment: { state: 'STAGED', attempts: 2 },
    });
    expect(e.erp.stagedCount('WM-600-1-ADJ')).toBe(1);
    expect(e.erp.stagedCount('WM-600-1')).toBe(1);
  });

  it('never clears a write that is staged, loaded, in doubt or intended', () => {
    for (const state of ['STAGED', 'LOADED', 'IN_DOUBT', 'INTENT'] as const) {
      const change = replayChange({
        key: 'k#1',
        purchaseOrderId: 'k',
        lineNumber: '1',
        sku: 'S',
        quantity: 1,
        unit: 'EACH',
        orderDate: 0,
        walmartStatus: 'Created',
        status: 'FLAGGED',
        reason: 'RECEIPT_NOT_LOADED',
        receipt: { reference: 'WM-k-1', state, intentAt: 0, attempts: 1 },
        createdAt: 0,
        updatedAt: 0,
        version: 3,
      });
      expect(change).toBeUndefined();
    }
  });

  it('redrives dead letters and re-enqueues lines left RECEIVED', async () => {
    const e = memoryEngine({
      config: { orders: { maxAttempts: 1 } },
      erp: { itemVendors: [itemVendor('SKU-1', ACME)] },
    });
    e.marketplace.addLine(orderLine({ purchaseOrderId: '700' }));
    await pollOrders(e);
    e.erp.faults.reads.openSchedules = [new Error('gateway 502')];
    await drainQueue(e, { batchSize: 10 });
    e.clock.advance(60 * MINUTE);
    await drainQueue(e, { batchSize: 10 });
    expect(await e.queue.deadLetters()).toEqual([{ key: '700#1', group: 'SKU-1' }]);
    const { redriven, replayed } = await replayFailed(e);
    expect(redriven).toBe(1);
    expect(replayed.map((x) => x.key)).toEqual(['700#1']);
    expect(e.queue.pending().filter((w) => w.key === '700#1').length).toBe(2);
  });
});
