import { describe, expect, it } from 'vitest';
import type { InventoryBalance } from '../domain/index.ts';
import { memoryEngine, T0 } from '../memory/index.ts';
import { NoBalanceError, replayInventory } from './replay-inventory.ts';

const HOUR = 3_600_000;
const balance = (itemId: string, qtyAvailable: number, changedAt: number): InventoryBalance => ({
  itemId,
  qtyAvailable,
  qtyOnHand: qtyAvailable,
  qtyReserved: 0,
  changedAt,
});

/** An engine whose balance query answers these rows (the whole list: replay reads without a checkpoint). */
function engine(rows: InventoryBalance[], items: Record<string, string> = {}, safetyStock = 2) {
  const e = memoryEngine({ config: { matching: { items }, inventory: { safetyStock } } });
  const since: (number | undefined)[] = [];
  e.erp.inventoryBalances = async (s) => {
    since.push(s);
    return { rows, invalid: [] };
  };
  return { e, since };
}

describe('replayInventory', () => {
  it('pushes availability − safety stock from the newest balance of the mapped item, read whole', async () => {
    const { e, since } = engine(
      [
        balance('ITEM-9', 30, T0 - 2 * HOUR),
        balance('OTHER', 99, T0),
        balance('ITEM-9', 12, T0 - HOUR),
        balance('ITEM-9', 50, T0 - 3 * HOUR),
      ],
      { 'WM-9': 'ITEM-9' },
    );
    const entry = await replayInventory(e, 'WM-9');
    expect(since).toEqual([undefined]);
    expect(e.marketplace.inventory.get('WM-9')).toBe(10);
    expect(entry).toMatchObject({
      sku: 'WM-9',
      itemId: 'ITEM-9',
      quantity: 10,
      balance: 12,
      balanceAt: T0 - HOUR,
      trigger: 'replay',
      outcome: 'SET',
      via: 'put',
    });
  });

  it('of two balances at the same time, takes the later row', async () => {
    const { e } = engine([balance('A', 7, T0 - HOUR), balance('A', 9, T0 - HOUR)], {}, 0);
    expect((await replayInventory(e, 'A')).quantity).toBe(9);
  });

  it('never below zero', async () => {
    const { e } = engine([balance('A', 1, T0 - HOUR)], {}, 5);
    expect((await replayInventory(e, 'A')).quantity).toBe(0);
  });

  it('refuses a SKU without a balance, naming it, the item and what to check; nothing pushed', async () => {
    const { e } = engine([balance('B', 4, T0)], { 'WM-A': 'A' });
    const err = await replayInventory(e, 'WM-A').catch((x) => x);
    expect(err).toBeInstanceOf(NoBalanceError);
    expect(err).toMatchObject({ name: 'NoBalanceError', sku: 'WM-A', itemId: 'A' });
    expect(err.message).toBe(
      'PeopleSoft reports no balance for item A (SKU WM-A) in MLC_INV_BALANCES, so nothing was pushed; check the SKU, matching.items and peoplesoft.businessUnit',
    );
    expect(e.marketplace.inventory.size).toBe(0);
  });

  it('refuses a SKU whose item matching.items maps to other SKUs, before reading PeopleSoft', async () => {
    const { e, since } = engine([balance('ITEM-1', 4, T0)], { 'WM-1': 'ITEM-1' });
    const err = await replayInventory(e, 'ITEM-1').catch((x) => x);
    expect(err).toBeInstanceOf(NoBalanceError);
    expect(err.message).toBe(
      'matching.items maps item ITEM-1 to other SKUs, so the inventory cycle never pushes SKU ITEM-1, so nothing was pushed; check the SKU, matching.items and peoplesoft.businessUnit',
    );
    expect(since).toEqual([]);
    expect(e.marketplace.inventory.size).toBe(0);
  });
});
