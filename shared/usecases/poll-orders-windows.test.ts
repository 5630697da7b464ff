/** The poll's windows and checkpoints, its counts, and a line that cannot be recorded while the rest go on. */
import { describe, expect, it } from 'vitest';
import { memoryEngine, orderLine, T0 } from '../memory/index.ts';
import type { Log } from '../ports.ts';
import { pollOrders } from './poll-orders.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;

function capturingLog() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      void lines.push({ level, message, fields });
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

const setup = (log?: Log) =>
  memoryEngine({
    config: {
      matching: { items: { 'WM-1': 'ITEM-1' } },
      orders: { initialLookbackDays: 3, overlapMinutes: 10 },
    },
    ...(log ? { log } : {}),
  });

describe('pollOrders windows and checkpoints', () => {
  it('keeps its checkpoints under stable names, each the end of the window it read', async () => {
    const e = setup();
    await pollOrders(e);
    expect(await e.checkpoints.get('orders.created')).toBe(String(T0));
    expect(await e.checkpoints.get('orders.modified')).toBe(String(T0));
    e.clock.advance(5 * MINUTE);
    const r = await pollOrders(e);
    expect(r.windows).toEqual([
      { start: T0 - 10 * MINUTE, end: T0 + 5 * MINUTE, by: 'created' },
      { start: T0 - 10 * MINUTE, end: T0 + 5 * MINUTE, by: 'modified' },
    ]);
    expect(await e.checkpoints.get('orders.modified')).toBe(String(T0 + 5 * MINUTE));
  });

  it.each([
    ['orders.created', ['created', 'modified']],
    ['orders.modified', ['created', 'modified']],
  ])('makes the late-cancellation pass when only %s is recorded', async (checkpoint, windows) => {
    const e = setup();
    await e.checkpoints.set(checkpoint, String(T0 - MINUTE));
    const r = await pollOrders(e);
    expect(r.windows.map((w) => w.by)).toEqual(windows);
  });

  it('warns about an unreadable checkpoint, naming it, and reads from the initial lookback', async () => {
    const { log, lines } = capturingLog();
    const e = setup(log);
    await e.checkpoints.set('orders.created', 'last tuesday');
    await e.checkpoints.set('orders.modified', String(T0 - MINUTE));
    const r = await pollOrders(e);
    expect(r.windows[0]).toEqual({ start: T0 - 3 * DAY, end: T0, by: 'created' });
    expect(r.windows[1]).toEqual({ start: T0 - 11 * MINUTE, end: T0, by: 'modified' });
    expect(lines.filter((l) => l.level === 'warn')).toEqual([
      {
        level: 'warn',
        message: 'ignoring an unreadable orders checkpoint',
        fields: { checkpoint: 'orders.created', value: 'last tuesday' },
      },
    ]);
    const quiet = capturingLog();
    await pollOrders(setup(quiet.log));
    expect(quiet.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('never starts a window in the future', async () => {
    const e = setup();
    await e.checkpoints.set('orders.created', String(T0 + DAY));
    const r = await pollOrders(e);
    expect(r.windows[0]).toMatchObject({ start: T0, end: T0 });
  });

  it('counts what it read: orders, lines, created, enqueued, skipped, flagged, orders to acknowledge', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '1', sku: 'WM-1', orderDate: T0 - MINUTE }));
    e.marketplace.addLine(
      orderLine({ purchaseOrderId: '1', lineNumber: '2', sku: 'OTHER', orderDate: T0 - MINUTE }),
    );
    e.marketplace.addLine(orderLine({ purchaseOrderId: '2', status: 'Cancelled', orderDate: T0 - MINUTE }));
    e.marketplace.addInvalid(
      { purchaseOrderId: '3', lineNumber: '1', field: 'orderLineQuantity.amount', message: 'missing' },
      T0 - MINUTE,
    );
    const r = await pollOrders(e);
    expect(r).toMatchObject({
      ordersPolled: 3,
      lines: 4,
      created: 4,
      enqueued: 2,
      skipped: 1,
      flagged: 1,
      purchaseOrderIds: ['1'],
      failures: [],
    });
    expect(e.queue.pending()).toEqual([
      { key: '1#1', group: 'ITEM-1' },
      { key: '1#2', group: 'OTHER' },
    ]);
    // Read again: nothing is new, the RECEIVED lines are sent again, nothing is counted twice.
    e.clock.advance(MINUTE);
    const again = await pollOrders(e);
    expect(again).toMatchObject({ created: 0, skipped: 0, flagged: 0, lines: 4, enqueued: 2 });
  });

  it('reports a line it could not record, goes on with the rest, and keeps the window for the next poll', async () => {
    const { log, lines } = capturingLog();
    const e = setup(log);
    e.marketplace.addLine(orderLine({ purchaseOrderId: '1', orderDate: T0 - 2 * MINUTE }));
    e.marketplace.addLine(orderLine({ purchaseOrderId: '2', orderDate: T0 - MINUTE }));
    const create = e.audit.create.bind(e.audit);
    e.audit.create = async (record, entry) => {
      if (record.key === '1#1') throw new Error('disk full');
      return create(record, entry);
    };
    const r = await pollOrders(e);
    expect(r.failures).toEqual([{ key: '1#1', message: 'disk full' }]);
    expect(r.created).toBe(1);
    expect(await e.audit.get('2#1')).toMatchObject({ status: 'RECEIVED' });
    expect(await e.checkpoints.get('orders.created')).toBeUndefined();
    expect(await e.checkpoints.get('orders.modified')).toBeUndefined();
    expect(lines.filter((l) => l.level === 'error')).toEqual([
      {
        level: 'error',
        message: 'order line not recorded; its window is read again next poll',
        fields: { key: '1#1', error: 'disk full' },
      },
    ]);
    expect(lines.find((l) => l.message === 'orders polled')?.fields).toMatchObject({
      failures: 1,
      created: 1,
    });
  });

  it('records a line first seen cancelled in the modified window: skipped if all of it, else sent on', async () => {
    const e = setup();
    await pollOrders(e);
    e.clock.advance(MINUTE);
    const old = T0 - 10 * DAY;
    e.marketplace.addLine(orderLine({ purchaseOrderId: '7', orderDate: old, status: 'Cancelled' }), {
      modifiedAt: T0,
    });
    e.marketplace.addLine(
      orderLine({ purchaseOrderId: '8', sku: 'WM-1', orderDate: old, quantity: 2, cancelledQuantity: 1 }),
      { modifiedAt: T0 },
    );
    const r = await pollOrders(e);
    expect(r).toMatchObject({ created: 2, skipped: 1, enqueued: 1 });
    expect(await e.audit.get('7#1')).toMatchObject({ status: 'SKIPPED' });
    expect(e.queue.pending()).toEqual([{ key: '8#1', group: 'ITEM-1' }]);
  });
});
