import { describe, expect, it } from 'vitest';
import type { LineRecord } from '../domain/index.ts';
import { T0, memoryEngine } from '../memory/index.ts';
import type { Log } from '../ports.ts';
import { acknowledgeOrders } from './acknowledge-orders.ts';

const DAY = 86_400_000;

function rec(po: string, lineNumber: string, over: Partial<LineRecord> = {}): LineRecord {
  return {
    key: `${po}#${lineNumber}`,
    purchaseOrderId: po,
    lineNumber,
    sku: 'SKU-1',
    quantity: 1,
    unit: 'EACH',
    orderDate: T0 - 3_600_000,
    walmartStatus: 'Created',
    status: 'RECEIPTED',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...over,
  };
}

async function engine(acknowledge: 'matched' | 'all', records: LineRecord[], log?: Log) {
  const e = memoryEngine({ config: { walmart: { acknowledge } }, log });
  for (const r of records)
    await e.audit.create(r, {
      key: r.key,
      purchaseOrderId: r.purchaseOrderId,
      lineNumber: r.lineNumber,
      at: r.updatedAt,
      actor: 'poll',
      to: r.status,
      detail: 'seeded',
    });
  return e;
}

describe('acknowledgeOrders: which orders are due', () => {
  it('an order whose only line a reviewer skipped is not acknowledged, even under all', async () => {
    const e = await engine('all', [rec('S', '1', { status: 'SKIPPED', reason: 'RESOLVED_SKIP' })]);
    expect(await acknowledgeOrders(e, { purchaseOrderIds: ['S'] })).toMatchObject({ acknowledged: 0 });
    expect(e.marketplace.acknowledged).toEqual([]);
  });

  it('an unreadable line: all acknowledges the readable rest and leaves that line alone; matched waits', async () => {
    const lines = [rec('B', '1'), rec('B', '2', { status: 'FLAGGED', reason: 'INVALID_ORDER_DATA' })];
    const all = await engine('all', lines);
    expect((await acknowledgeOrders(all, { purchaseOrderIds: ['B'] })).acknowledged).toBe(1);
    expect(await all.audit.get('B#1')).toMatchObject({ acknowledged: true });
    expect((await all.audit.get('B#2'))?.acknowledged).toBeUndefined();

    const matched = await engine('matched', lines);
    expect((await acknowledgeOrders(matched, { purchaseOrderIds: ['B'] })).acknowledged).toBe(0);
  });

  it('only an order with an unacknowledged Created line is due: Acknowledged on Walmart or recorded already is not', async () => {
    const e = await engine('all', [
      rec('W', '1', { walmartStatus: 'Acknowledged' }),
      rec('R', '1', { acknowledged: true }),
      rec('H', '1', { acknowledged: true }),
      rec('H', '2'),
    ]);
    const r = await acknowledgeOrders(e, { purchaseOrderIds: ['W', 'R', 'H'] });
    expect(r.acknowledged).toBe(1);
    expect(e.marketplace.acknowledged).toEqual(['H']);
    expect(await e.audit.get('H#2')).toMatchObject({ acknowledged: true });
    expect(e.audit.entriesOf('H#1')).toHaveLength(1);
  });

  it('matched: every actionable line MATCHED, POSTED or RECEIPTED, whatever else is cancelled', async () => {
    const e = await engine('matched', [
      rec('M', '1', { status: 'MATCHED' }),
      rec('M', '2', { status: 'POSTED' }),
      rec('M', '3', { status: 'RECEIPTED' }),
      rec('M', '4', { status: 'FLAGGED', walmartStatus: 'Cancelled', reason: 'NO_OPEN_PO' }),
      rec('D', '1', { status: 'IN_DOUBT' }),
      rec('F', '1', { status: 'FLAGGED', reason: 'NO_OPEN_PO' }),
    ]);
    const r = await acknowledgeOrders(e, { purchaseOrderIds: ['M', 'D', 'F'] });
    expect(r.acknowledged).toBe(1);
    expect(e.marketplace.acknowledged).toEqual(['M']);
    expect((await e.audit.get('M#4'))?.acknowledged).toBeUndefined();
    expect(e.audit.entriesOf('M#1').at(-1)).toMatchObject({
      actor: 'acknowledge',
      detail: 'Order M acknowledged on Walmart.',
    });
  });
});

describe('acknowledgeOrders: the sweep without a poll', () => {
  it('finds recent FLAGGED and RECEIPTED lines of orders inside the lookback, never older ones', async () => {
    const e = await engine('all', [
      rec('NEW-R', '1'),
      rec('NEW-F', '1', { status: 'FLAGGED', reason: 'NO_OPEN_PO' }),
      rec('FLOW', '1', { status: 'MATCHED' }),
      rec('OLD', '1', { orderDate: T0 - 4 * DAY }),
      rec('EDGE', '1', { orderDate: T0 - 3 * DAY }),
      rec('STALE', '1', { updatedAt: T0 - 4 * DAY }),
      rec('SKIP', '1', { status: 'SKIPPED', reason: 'RESOLVED_SKIP' }),
    ]);
    await acknowledgeOrders(e);
    expect(e.marketplace.acknowledged.sort()).toEqual(['EDGE', 'FLOW', 'NEW-F', 'NEW-R']);
  });

  it('adds the polled orders to the swept ones, each once', async () => {
    const e = await engine('all', [rec('A', '1'), rec('A', '2'), rec('P', '1', { updatedAt: T0 - 4 * DAY })]);
    expect((await acknowledgeOrders(e, { purchaseOrderIds: ['P', 'A'] })).acknowledged).toBe(2);
    expect(e.marketplace.acknowledged.sort()).toEqual(['A', 'P']);
  });

  it('logs a refused order with its id and the error', async () => {
    const warnings: unknown[][] = [];
    const log: Log = { debug() {}, info() {}, error() {}, warn: (...a: unknown[]) => warnings.push(a) };
    const e = await engine('all', [rec('X', '1')], log);
    e.marketplace.faults.acknowledge.set('X', new Error('Walmart 503'));
    await acknowledgeOrders(e);
    expect(warnings).toEqual([
      ['order not acknowledged; tried again next cycle', { purchaseOrderId: 'X', error: 'Walmart 503' }],
    ]);
    expect((await e.audit.get('X#1'))?.acknowledged).toBeUndefined();
  });
});
