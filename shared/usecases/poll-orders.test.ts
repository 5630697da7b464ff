import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule, T0 } from '../memory/index.ts';
import { drainQueue } from './drain-queue.ts';
import { CHECKPOINT_CREATED, CHECKPOINT_MODIFIED, pollOrders } from './poll-orders.ts';

const DAY = 86_400_000;
const setup = () =>
  memoryEngine({
    config: { matching: { items: { 'WM-1': 'ITEM-1' } } },
    erp: {
      schedules: [poSchedule({ poId: 'P1', itemId: 'ITEM-1' })],
      itemVendors: [itemVendor('ITEM-1', '0000012345')],
    },
  });

describe('pollOrders', () => {
  it('reads the first window from initialLookbackDays back, records RECEIVED lines and enqueues them by item', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '100', sku: 'WM-1', quantity: 2 }));
    e.marketplace.addLine(orderLine({ purchaseOrderId: '100', lineNumber: '2', sku: 'OTHER' }));
    e.marketplace.addLine(orderLine({ purchaseOrderId: '101', orderDate: T0 - 4 * DAY }));

    const r = await pollOrders(e);

    expect(r.windows[0]).toEqual({ start: T0 - 3 * DAY, end: T0, by: 'created' });
    expect(r).toMatchObject({
      ordersPolled: 1,
      lines: 2,
      created: 2,
      enqueued: 2,
      skipped: 0,
      flagged: 0,
      purchaseOrderIds: ['100'],
    });
    expect(e.queue.pending()).toEqual([
      { key: '100#1', group: 'ITEM-1' },
      { key: '100#2', group: 'OTHER' },
    ]);
    expect(await e.audit.get('100#1')).toMatchObject({
      status: 'RECEIVED',
      itemId: 'ITEM-1',
      quantity: 2,
      version: 1,
    });
    expect(await e.checkpoints.get(CHECKPOINT_CREATED)).toBe(String(T0));
    expect(await e.checkpoints.get(CHECKPOINT_MODIFIED)).toBe(String(T0));
  });

  it('starts the next window at the checkpoint minus the overlap and never records a line twice', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '100', sku: 'WM-1', orderDate: T0 - 60_000 }));
    await pollOrders(e);
    e.clock.advance(15 * 60_000);
    const r = await pollOrders(e);
    expect(r.windows[0]!.start).toBe(T0 - 10 * 60_000);
    expect(r.created).toBe(0);
    expect(e.audit.entriesOf('100#1')).toHaveLength(1);
    // still RECEIVED: enqueued again in case the first send was lost (duplicates are harmless)
    expect(r.enqueued).toBe(1);
  });

  it('does not re-enqueue a line already past RECEIVED', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '100', sku: 'WM-1', orderDate: T0 - 60_000 }));
    await pollOrders(e);
    await drainQueue(e, { batchSize: 10 });
    e.clock.advance(60_000);
    expect((await pollOrders(e)).enqueued).toBe(0);
  });

  it('flags invalid lines naming the field, skips cancelled and non-actionable ones, and goes on', async () => {
    const e = setup();
    e.marketplace.addInvalid(
      {
        purchaseOrderId: '200',
        lineNumber: '1',
        sku: 'WM-1',
        field: 'orderLineQuantity.amount',
        message: 'is "two", not a whole number',
      },
      T0 - 60_000,
    );
    e.marketplace.addLine(orderLine({ purchaseOrderId: '200', lineNumber: '2', status: 'Cancelled' }));
    e.marketplace.addLine(orderLine({ purchaseOrderId: '200', lineNumber: '3', status: 'Refund' }));
    e.marketplace.addLine(orderLine({ purchaseOrderId: '200', lineNumber: '4' }));

    const r = await pollOrders(e);

    expect(r).toMatchObject({ lines: 4, flagged: 1, skipped: 2, enqueued: 1 });
    const invalid = await e.audit.get('200#1');
    expect(invalid).toMatchObject({ status: 'FLAGGED', reason: 'INVALID_ORDER_DATA' });
    expect(invalid?.detail).toContain('orderLineQuantity.amount');
    expect(await e.audit.get('200#2')).toMatchObject({ status: 'SKIPPED', reason: 'CANCELLED' });
    expect(await e.audit.get('200#3')).toMatchObject({ status: 'SKIPPED', reason: 'NOT_ACTIONABLE' });
  });

  it('takes a corrected line back into the flow', async () => {
    const e = setup();
    e.marketplace.addInvalid(
      { purchaseOrderId: '200', lineNumber: '1', field: 'sku', message: 'is missing' },
      T0 - 60_000,
    );
    await pollOrders(e);
    e.marketplace.lines.length = 0;
    e.marketplace.addLine(orderLine({ purchaseOrderId: '200', sku: 'WM-1', orderDate: T0 - 60_000 }));
    e.clock.advance(60_000);
    await pollOrders(e);
    expect(await e.audit.get('200#1')).toMatchObject({ status: 'RECEIVED', sku: 'WM-1', itemId: 'ITEM-1' });
    expect(e.queue.pending().filter((w) => w.key === '200#1')).toHaveLength(1);
  });

  it('handles cancellations from the modified window: flag after a post, skip before', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '300', sku: 'WM-1', orderDate: T0 - 60_000 }));
    e.marketplace.addLine(
      orderLine({ purchaseOrderId: '301', sku: 'NOPE', unit: 'CASE', orderDate: T0 - 60_000 }),
    );
    e.marketplace.addLine(orderLine({ purchaseOrderId: '302', sku: 'WM-2', orderDate: T0 - 60_000 }));
    await pollOrders(e);
    // 302 stays RECEIVED: another worker holds its item
    await e.checkpoints.acquireLease('item:WM-2', 'someone-else', 3_600_000);
    await drainQueue(e, { batchSize: 1 });
    expect(await e.audit.get('302#1')).toMatchObject({ status: 'RECEIVED' });
    expect(await e.audit.get('300#1')).toMatchObject({ status: 'POSTED' });

    e.clock.advance(3_600_001);
    for (const po of ['300', '301', '302'])
      e.marketplace.setStatus(po, '1', 'Cancelled', e.clock.now() - 1000);
    const r = await pollOrders(e);

    const flagged = await e.audit.get('300#1');
    expect(flagged).toMatchObject({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      walmartStatus: 'Cancelled',
    });
    expect(flagged?.detail).toContain('WM-300-1');
    // 301 was flagged UOM_MISMATCH with no adjustment (unit unknown): nothing reached PeopleSoft
    expect(await e.audit.get('301#1')).toMatchObject({ status: 'SKIPPED', reason: 'CANCELLED' });
    expect(await e.audit.get('302#1')).toMatchObject({ status: 'SKIPPED', reason: 'CANCELLED' });
    expect(r).toMatchObject({ flagged: 1, skipped: 2 });
    expect(e.erp.stagedCount('WM-300-1')).toBe(1);
  });

  it('a line polled as 2 Shipped + 1 Cancelled is a sale of 2: receipt and adjustment for 2', async () => {
    const e = setup();
    e.marketplace.addLine(
      orderLine({
        purchaseOrderId: '400',
        sku: 'WM-1',
        quantity: 2,
        cancelledQuantity: 1,
        status: 'Shipped',
      }),
    );
    const r = await pollOrders(e);
    expect(r).toMatchObject({ created: 1, enqueued: 1, skipped: 0 });
    expect(await e.audit.get('400#1')).toMatchObject({
      status: 'RECEIVED',
      quantity: 2,
      cancelledQuantity: 1,
    });
    await drainQueue(e, { batchSize: 10 });
    const posted = e.erp.transactions.filter((t) => t.reference.startsWith('WM-400-1'));
    expect(posted.map((t) => [t.reference, t.receipt?.quantity ?? t.adjustment?.quantity])).toEqual([
      ['WM-400-1', 2],
      ['WM-400-1-ADJ', -2],
    ]);
  });

  it('a partial cancellation before processing lowers the quantity; after processing it flags that quantity', async () => {
    const e = setup();
    e.marketplace.addLine(
      orderLine({ purchaseOrderId: '500', sku: 'WM-1', quantity: 3, orderDate: T0 - 60_000 }),
    );
    await pollOrders(e);
    // 500 is processed for 3; 501 is still waiting when Walmart cancels 1 of each.
    await drainQueue(e, { batchSize: 10 });
    e.marketplace.addLine(
      orderLine({ purchaseOrderId: '501', sku: 'WM-1', quantity: 3, orderDate: T0 - 30_000 }),
    );
    await pollOrders(e);
    expect(await e.audit.get('500#1')).toMatchObject({ status: 'POSTED', quantity: 3 });
    expect(await e.audit.get('501#1')).toMatchObject({ status: 'RECEIVED' });
    e.clock.advance(3_600_001);
    for (const po of ['500', '501']) e.marketplace.cancelPart(po, '1', 1, e.clock.now() - 1000);
    await pollOrders(e);

    const processed = await e.audit.get('500#1');
    expect(processed).toMatchObject({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      quantity: 3,
      cancelledQuantity: 1,
      walmartStatus: 'Created',
    });
    expect(processed?.detail).toContain('Walmart cancelled 1 EACH of order 500 line 1');
    expect(await e.audit.get('501#1')).toMatchObject({
      status: 'RECEIVED',
      quantity: 2,
      cancelledQuantity: 1,
    });
    await drainQueue(e, { batchSize: 10 });
    const later = e.erp.transactions.filter((t) => t.reference.startsWith('WM-501-1'));
    expect(later.map((t) => t.receipt?.quantity ?? t.adjustment?.quantity)).toEqual([2, -2]);
    // Polling the same cancellation again changes nothing.
    const versions = [(await e.audit.get('500#1'))?.version, (await e.audit.get('501#1'))?.version];
    e.clock.advance(60_000);
    await pollOrders(e);
    expect([(await e.audit.get('500#1'))?.version, (await e.audit.get('501#1'))?.version]).toEqual(versions);
  });

  it('does not advance a checkpoint when its window failed, and records what it read', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '400', orderDate: T0 - 120_000 }));
    e.marketplace.addLine(orderLine({ purchaseOrderId: '401', orderDate: T0 - 60_000 }));
    e.marketplace.faults.orderLines.push({ error: new Error('Walmart 503'), afterLines: 1 });

    await expect(pollOrders(e)).rejects.toThrow('Walmart 503');
    expect(await e.checkpoints.get(CHECKPOINT_CREATED)).toBeUndefined();
    expect(e.queue.pending().map((w) => w.key)).toEqual(['400#1']);

    const r = await pollOrders(e);
    expect(r.created).toBe(1);
    expect(await e.checkpoints.get(CHECKPOINT_CREATED)).toBe(String(T0));
  });

  it('never looks back more than 180 days', async () => {
    const e = setup();
    await e.checkpoints.set(CHECKPOINT_CREATED, String(T0 - 400 * DAY));
    const r = await pollOrders(e);
    expect(T0 - r.windows[0]!.start).toBeLessThan(180 * DAY);
  });
});

describe('the late-cancellation pass', () => {
  it('is skipped on the first poll (nothing processed yet) and made on every later one', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '900', sku: 'WM-1', orderDate: T0 - 60_000 }));
    const first = await pollOrders(e);
    expect(first.windows.map((w) => w.by)).toEqual(['created']);
    expect(await e.checkpoints.get(CHECKPOINT_MODIFIED)).toBe(String(T0));
    e.clock.advance(60_000);
    const second = await pollOrders(e);
    expect(second.windows.map((w) => w.by)).toEqual(['created', 'modified']);
  });
});
