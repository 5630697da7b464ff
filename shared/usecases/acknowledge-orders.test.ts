import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule } from '../memory/index.ts';
import { acknowledgeOrders } from './acknowledge-orders.ts';
import { drainQueue } from './drain-queue.ts';
import { pollOrders } from './poll-orders.ts';

async function world(acknowledge: 'never' | 'matched' | 'all') {
  const e = memoryEngine({
    config: { walmart: { acknowledge } },
    erp: {
      schedules: [poSchedule({ poId: 'P1', qtyPo: 100 })],
      itemVendors: [itemVendor('SKU-1', '0000012345')],
    },
  });
  e.marketplace.addLine(orderLine({ purchaseOrderId: 'MATCHED' }));
  e.marketplace.addLine(orderLine({ purchaseOrderId: 'MIXED' }));
  e.marketplace.addLine(orderLine({ purchaseOrderId: 'MIXED', lineNumber: '2', sku: 'NO-PO' }));
  e.marketplace.addLine(orderLine({ purchaseOrderId: 'CANCELLED', status: 'Cancelled' }));
  const poll = await pollOrders(e);
  await drainQueue(e, { batchSize: 10 });
  return { e, poll };
}

describe('acknowledgeOrders', () => {
  it('never: acknowledges nothing', async () => {
    const { e, poll } = await world('never');
    expect(await acknowledgeOrders(e, poll)).toMatchObject({ acknowledged: 0 });
    expect(e.marketplace.acknowledged).toEqual([]);
  });

  it('all: every order with an actionable line, once, recorded on its lines', async () => {
    const { e, poll } = await world('all');
    expect((await acknowledgeOrders(e, poll)).acknowledged).toBe(2);
    expect(e.marketplace.acknowledged.sort()).toEqual(['MATCHED', 'MIXED']);
    expect(await e.audit.get('MIXED#2')).toMatchObject({ acknowledged: true, status: 'FLAGGED' });
    expect(e.audit.entriesOf('MIXED#2').at(-1)).toMatchObject({ actor: 'acknowledge' });
    expect((await acknowledgeOrders(e, poll)).acknowledged).toBe(0);
  });

  it('matched: only orders whose actionable lines are all matched', async () => {
    const { e, poll } = await world('matched');
    expect((await acknowledgeOrders(e, poll)).acknowledged).toBe(1);
    expect(e.marketplace.acknowledged).toEqual(['MATCHED']);
  });

  it('reports a failure without stopping, and tries again next time', async () => {
    const { e, poll } = await world('all');
    e.marketplace.faults.acknowledge.set('MATCHED', new Error('Walmart 500'));
    const r = await acknowledgeOrders(e, poll);
    expect(r).toMatchObject({
      acknowledged: 1,
      failed: [{ purchaseOrderId: 'MATCHED', message: 'Walmart 500' }],
    });
    e.marketplace.faults.acknowledge.clear();
    expect((await acknowledgeOrders(e)).acknowledged).toBe(1);
  });
});
