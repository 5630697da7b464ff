/**
 * The checkpoints of the inventory cycle: the high-water mark, the balances pushed at the mark itself (the
 * query is `>=`), the SKUs owed a retry, and what an unreadable checkpoint does.
 */
import { describe, expect, it } from 'vitest';
import type { InventoryBalance } from '../domain/index.ts';
import { memoryEngine, T0, throttled } from '../memory/index.ts';
import type { Log } from '../ports.ts';
import { syncInventory } from './sync-inventory.ts';

const HOUR = 3_600_000;
const balance = (itemId: string, qtyAvailable: number, changedAt = T0 - HOUR): InventoryBalance => ({
  itemId,
  qtyAvailable,
  qtyOnHand: qtyAvailable,
  qtyReserved: 0,
  changedAt,
});

function capturingLog(): Log & { warnings: [string, Record<string, unknown> | undefined][] } {
  const warnings: [string, Record<string, unknown> | undefined][] = [];
  return { debug() {}, info() {}, error() {}, warn: (m, f) => void warnings.push([m, f]), warnings };
}

/** An engine whose PeopleSoft answers the balance query with exactly these rows, recording each `since`. */
function withRows(rows: InventoryBalance[], invalid = 0) {
  const log = capturingLog();
  const e = memoryEngine({ log });
  const since: (number | undefined)[] = [];
  e.erp.inventoryBalances = async (s) => {
    since.push(s);
    return {
      rows: rows.filter((b) => s === undefined || b.changedAt >= s),
      invalid: Array.from({ length: invalid }, (_, i) => ({
        query: 'MLC_INV_BALANCES',
        rowNumber: i + 1,
        field: 'QTY_AVAILABLE',
        message: 'bad',
      })),
    };
  };
  return { e, since, log };
}

describe('inventory checkpoints', () => {
  it('keeps its checkpoints under stable names, so a store written by an earlier release reads the same', async () => {
    const { e } = withRows([balance('A', 5, T0 - HOUR), balance('B', 3, T0 - HOUR)]);
    e.marketplace.faults.put.set('B', [throttled('walmart', 'PUT /v3/inventory')]);
    await syncInventory(e);
    expect(await e.checkpoints.get('inventory.balances')).toBe(String(T0 - HOUR));
    expect(JSON.parse((await e.checkpoints.get('inventory.edge'))!)).toEqual({
      at: T0 - HOUR,
      items: { A: 5 },
    });
    expect(JSON.parse((await e.checkpoints.get('inventory.retry'))!)).toEqual([
      { sku: 'B', itemId: 'B', changedAt: T0 - HOUR },
    ]);
  });

  it('skips a balance already pushed at the mark and pushes one that changed within the same timestamp', async () => {
    const rows = [balance('A', 5, T0 - HOUR), balance('B', 3, T0 - HOUR)];
    const { e, since } = withRows(rows);
    await syncInventory(e);
    e.marketplace.putCalls.length = 0;
    rows[1] = balance('B', 2, T0 - HOUR);
    const r = await syncInventory(e);
    expect(since).toEqual([undefined, T0 - HOUR]);
    expect(e.marketplace.putCalls).toEqual([{ sku: 'B', quantity: 2 }]);
    expect(r.changedBalances).toBe(1);
    // The mark did not move: the edge keeps A and now holds B's new quantity.
    expect(JSON.parse((await e.checkpoints.get('inventory.edge'))!)).toEqual({
      at: T0 - HOUR,
      items: { A: 5, B: 2 },
    });
    e.marketplace.putCalls.length = 0;
    await syncInventory(e);
    expect(e.marketplace.putCalls).toEqual([]);
  });

  it('moves the mark to the newest balance and keeps at the edge only the balances of that timestamp', async () => {
    const rows = [balance('A', 5, T0 - 2 * HOUR), balance('B', 3, T0 - HOUR)];
    const { e } = withRows(rows);
    await syncInventory(e);
    expect(await e.checkpoints.get('inventory.balances')).toBe(String(T0 - HOUR));
    expect(JSON.parse((await e.checkpoints.get('inventory.edge'))!)).toEqual({
      at: T0 - HOUR,
      items: { B: 3 },
    });
    rows.push(balance('C', 9, T0));
    await syncInventory(e);
    expect(JSON.parse((await e.checkpoints.get('inventory.edge'))!)).toEqual({ at: T0, items: { C: 9 } });
  });

  it('reads a retried SKU from its own timestamp, the earlier of the two', async () => {
    const rows = [balance('A', 5, T0 - 3 * HOUR), balance('B', 3, T0 - HOUR)];
    const { e, since } = withRows(rows);
    e.marketplace.faults.put.set('A', [throttled('walmart', 'PUT /v3/inventory')]);
    await syncInventory(e);
    e.marketplace.putCalls.length = 0;
    const r = await syncInventory(e);
    expect(since).toEqual([undefined, T0 - 3 * HOUR]);
    // A is owed, B was pushed at the mark already.
    expect(e.marketplace.putCalls).toEqual([{ sku: 'A', quantity: 5 }]);
    expect(r).toMatchObject({ pushed: 1, failed: [], changedBalances: 1 });
    await syncInventory(e);
    expect(since[2]).toBe(T0 - HOUR);
  });

  it('keeps owing a remembered SKU that PeopleSoft no longer reports', async () => {
    const rows = [balance('A', 5)];
    const { e } = withRows(rows);
    e.marketplace.faults.put.set('A', [throttled('walmart', 'PUT /v3/inventory')]);
    await syncInventory(e);
    rows.length = 0;
    await syncInventory(e);
    expect(JSON.parse((await e.checkpoints.get('inventory.retry'))!)).toEqual([
      { sku: 'A', itemId: 'A', changedAt: T0 - HOUR },
    ]);
  });

  it('pushes the latest of several rows for one item (the last of equal timestamps)', async () => {
    const { e } = withRows([
      balance('A', 1, T0 - 2 * HOUR),
      balance('A', 7, T0 - HOUR),
      balance('A', 4, T0 - 3 * HOUR),
      balance('B', 1, T0 - HOUR),
      balance('B', 2, T0 - HOUR),
    ]);
    await syncInventory(e);
    expect(e.marketplace.putCalls).toEqual([
      { sku: 'A', quantity: 7 },
      { sku: 'B', quantity: 2 },
    ]);
  });

  it('warns about rows it could not use, with their count, and pushes the rest', async () => {
    const { e, log } = withRows([balance('A', 5)], 2);
    const r = await syncInventory(e);
    expect(r.pushed).toBe(1);
    expect(log.warnings).toEqual([['inventory balance rows could not be used', { rows: 2 }]]);
    const quiet = withRows([balance('A', 5)], 0);
    await syncInventory(quiet.e);
    expect(quiet.log.warnings).toEqual([]);
  });

  it.each([
    ['not JSON', '{oops', 1],
    ['not a list', '{"sku":"A"}', 1],
    [
      'entries without their fields',
      '[{"sku":"A"},{"itemId":"A","changedAt":1},{"sku":"A","itemId":"A"},null]',
      0,
    ],
  ])('ignores a retry checkpoint that is %s', async (_what, raw, warned) => {
    const { e, since, log } = withRows([balance('B', 3, T0 - HOUR)]);
    await e.checkpoints.set('inventory.balances', String(T0 - HOUR));
    await e.checkpoints.set('inventory.retry', raw);
    await syncInventory(e);
    expect(since).toEqual([T0 - HOUR]);
    expect(
      log.warnings.filter(([m]) => m === 'ignoring an unreadable inventory retry checkpoint').length,
    ).toBe(warned);
    expect(log.warnings.every(([, f]) => typeof f?.error === 'string')).toBe(true);
  });

  it('uses the valid entries of a retry checkpoint', async () => {
    const { e, since } = withRows([balance('A', 5, T0 - 3 * HOUR), balance('B', 3, T0 - HOUR)]);
    await e.checkpoints.set('inventory.balances', String(T0 - HOUR));
    await e.checkpoints.set(
      'inventory.retry',
      JSON.stringify([{ sku: 'A', itemId: 'A', changedAt: T0 - 3 * HOUR }, { sku: 'X' }]),
    );
    await syncInventory(e);
    expect(since).toEqual([T0 - 3 * HOUR]);
    expect(e.marketplace.putCalls).toEqual([
      { sku: 'A', quantity: 5 },
      { sku: 'B', quantity: 3 },
    ]);
  });

  it.each([
    ['of another mark', JSON.stringify({ at: T0 - 2 * HOUR, items: { B: 3 } })],
    ['unreadable', '{oops'],
    ['without items', JSON.stringify({ at: T0 - HOUR })],
  ])('pushes again a balance at the mark when the edge checkpoint is %s', async (_what, raw) => {
    const { e } = withRows([balance('B', 3, T0 - HOUR)]);
    await e.checkpoints.set('inventory.balances', String(T0 - HOUR));
    await e.checkpoints.set('inventory.edge', raw);
    await syncInventory(e);
    expect(e.marketplace.putCalls).toEqual([{ sku: 'B', quantity: 3 }]);
  });

  it('treats an unreadable mark as a first cycle', async () => {
    const { e, since } = withRows([balance('B', 3, T0 - HOUR)]);
    await e.checkpoints.set('inventory.balances', 'yesterday');
    await e.checkpoints.set('inventory.edge', JSON.stringify({ at: T0 - HOUR, items: { B: 3 } }));
    await syncInventory(e);
    expect(since).toEqual([undefined]);
    expect(e.marketplace.putCalls).toEqual([{ sku: 'B', quantity: 3 }]);
  });
});
