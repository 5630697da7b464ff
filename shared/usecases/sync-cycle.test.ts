import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule, T0 } from '../memory/index.ts';
import { CycleBusyError, ORDERS_CYCLE_LEASE, runInventoryCycle, runSyncCycle } from './sync-cycle.ts';

const setup = () => {
  const e = memoryEngine({
    erp: {
      schedules: [poSchedule({ poId: 'P1', qtyPo: 100 })],
      itemVendors: [itemVendor('SKU-1', '0000012345')],
      balances: [
        { itemId: 'SKU-1', qtyAvailable: 40, qtyOnHand: 40, qtyReserved: 0, changedAt: T0 - 86_400_000 },
      ],
    },
  });
  e.marketplace.addLine(orderLine({ purchaseOrderId: '100', quantity: 2 }));
  e.marketplace.addLine(orderLine({ purchaseOrderId: '100', lineNumber: '2', sku: 'NO-PO' }));
  e.marketplace.addLine(orderLine({ purchaseOrderId: '101', status: 'Cancelled' }));
  return e;
};

describe('runSyncCycle', () => {
  it('returns exactly the contract sync --json object, and no stage errors', async () => {
    const e = setup();
    const r = await runSyncCycle(e);
    expect(r.stageErrors).toEqual([]);
    expect(r.summary).toEqual({
      orders: { polled: 2, lines: 3 },
      receipts: { posted: 1, confirmed: 0 },
      adjustments: { posted: 2 },
      flagged: 1,
      skipped: 1,
      inventory: { pushed: 1, failed: 0 },
      // The first poll reads the created window only: nothing was processed that could be cancelled late.
      apiCalls: { walmart: 2, peoplesoft: 6 },
    });
    expect(Object.keys(r.summary)).toEqual([
      'orders',
      'receipts',
      'adjustments',
      'flagged',
      'skipped',
      'inventory',
      'apiCalls',
    ]);
    expect(e.marketplace.inventory.get('SKU-1')).toBe(40);
  });

  it('confirms on a later cycle and does nothing twice', async () => {
    const e = setup();
    await runSyncCycle(e);
    e.erp.load();
    e.clock.advance(15 * 60_000);
    const r = await runSyncCycle(e);
    expect(r.summary).toMatchObject({
      receipts: { posted: 0, confirmed: 1 },
      adjustments: { posted: 0 },
      flagged: 0,
      skipped: 0,
    });
    // the adjustments loaded, so the balance changed and is pushed again
    expect(e.marketplace.inventory.get('SKU-1')).toBe(38);
    expect(e.marketplace.inventory.get('NO-PO')).toBe(0);
  });

  it('refuses to run beside another cycle', async () => {
    const e = setup();
    await e.checkpoints.acquireLease(ORDERS_CYCLE_LEASE, 'other', 60_000);
    await expect(runSyncCycle(e)).rejects.toBeInstanceOf(CycleBusyError);
    await e.checkpoints.acquireLease('cycle:inventory', 'other', 60_000);
    await expect(runInventoryCycle(e)).rejects.toThrow(/another inventory cycle/);
  });

  it('reports a failed stage and goes on with the next ones', async () => {
    const e = setup();
    e.marketplace.faults.orderLines.push({ error: new Error('Walmart unreachable') });
    e.erp.faults.reads.inventoryBalances = [new Error('PeopleSoft 503')];
    const r = await runSyncCycle(e);
    expect(r.stageErrors.map((s) => [s.stage, s.message])).toEqual([
      ['poll', 'Walmart unreachable'],
      ['inventory', 'PeopleSoft 503'],
    ]);
    expect(r.summary.orders).toEqual({ polled: 0, lines: 0 });
    const again = await runSyncCycle(e);
    expect(again.stageErrors).toEqual([]);
    expect(again.summary.orders.lines).toBe(3);
  });

  it('reports a matching read failure as a stage error; the lines wait in the queue', async () => {
    const e = setup();
    e.erp.faults.reads.openSchedules = [new Error('gateway 502')];
    const r = await runSyncCycle(e);
    expect(r.stageErrors).toEqual([
      {
        stage: 'match',
        error: 'ReadFailed',
        message: expect.stringContaining('gateway 502'),
        system: 'peoplesoft',
      },
    ]);
    expect(e.queue.pending().length).toBe(2);
  });
});
