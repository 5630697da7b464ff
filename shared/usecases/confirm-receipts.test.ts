import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule } from '../memory/index.ts';
import { confirmReceipts } from './confirm-receipts.ts';
import { drainQueue } from './drain-queue.ts';
import { pollOrders } from './poll-orders.ts';

const MINUTE = 60_000;
async function posted(n = 1) {
  const e = memoryEngine({
    config: { peoplesoft: { receiptLoadTimeoutMinutes: 60 } },
    erp: {
      schedules: [poSchedule({ poId: 'P1', qtyPo: 100 })],
      itemVendors: [itemVendor('SKU-1', '0000012345')],
    },
  });
  for (let i = 1; i <= n; i += 1) e.marketplace.addLine(orderLine({ purchaseOrderId: `10${i}` }));
  await pollOrders(e);
  await drainQueue(e, { batchSize: 10 });
  return e;
}

describe('confirmReceipts', () => {
  it('marks loaded receipts RECEIPTED with the receiver, with one status query for all lines', async () => {
    const e = await posted(3);
    e.erp.load();
    e.erp.reads.length = 0;
    const r = await confirmReceipts(e);
    expect(e.erp.reads).toEqual(['stagedTransactions']);
    expect(r).toMatchObject({ checked: 3, confirmed: 3, adjustmentsLoaded: 3, flagged: 0 });
    const line = await e.audit.get('101#1');
    expect(line).toMatchObject({
      status: 'RECEIPTED',
      receipt: { state: 'LOADED' },
      adjustment: { state: 'LOADED' },
    });
    expect(line?.receipt?.receiverId).toMatch(/^R/);
  });

  it('flags a staging error as RECEIPT_REJECTED with its text', async () => {
    const e = await posted();
    e.erp.failStaging('WM-101-1', 'PO line is closed');
    await confirmReceipts(e);
    const line = await e.audit.get('101#1');
    expect(line).toMatchObject({
      status: 'FLAGGED',
      reason: 'RECEIPT_REJECTED',
      receipt: { state: 'REJECTED' },
    });
    expect(line?.detail).toContain('PO line is closed');
  });

  it('flags RECEIPT_NOT_LOADED after the timeout, and clears it when the receipt loads late', async () => {
    const e = await posted();
    e.clock.advance(59 * MINUTE);
    expect((await confirmReceipts(e)).flagged).toBe(0);
    e.clock.advance(2 * MINUTE);
    expect((await confirmReceipts(e)).flagged).toBe(1);
    const flagged = await e.audit.get('101#1');
    expect(flagged).toMatchObject({
      status: 'FLAGGED',
      reason: 'RECEIPT_NOT_LOADED',
      receipt: { state: 'STAGED' },
    });
    expect(flagged?.detail).toContain('61 minutes');
    e.erp.load();
    await confirmReceipts(e);
    expect(await e.audit.get('101#1')).toMatchObject({ status: 'RECEIPTED' });
  });

  it('marks a failed adjustment REJECTED without changing the line status', async () => {
    const e = await posted();
    e.erp.failStaging('WM-101-1-ADJ', 'Storage area unknown');
    const r = await confirmReceipts(e);
    expect(r.adjustmentsRejected).toBe(1);
    expect(await e.audit.get('101#1')).toMatchObject({
      status: 'POSTED',
      adjustment: { state: 'REJECTED', error: { message: 'Storage area unknown' } },
    });
  });

  it('does nothing (and queries nothing) when no line waits', async () => {
    const e = memoryEngine();
    expect((await confirmReceipts(e)).checked).toBe(0);
    expect(e.erp.reads).toEqual([]);
  });
});
