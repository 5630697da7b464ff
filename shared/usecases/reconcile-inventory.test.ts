import { describe, expect, it } from 'vitest';
import type { InventoryEntry } from '../domain/index.ts';
import { memoryEngine, T0 } from '../memory/index.ts';
import { reconcileInventory } from './reconcile-inventory.ts';

const balance = (itemId: string, qtyAvailable: number) => ({
  itemId,
  qtyAvailable,
  qtyOnHand: qtyAvailable,
  qtyReserved: 0,
  changedAt: T0 - 3_600_000,
});

describe('reconcileInventory', () => {
  it('without push compares and changes nothing; with push sets the disagreeing SKUs by feed above the threshold', async () => {
    const items = Array.from({ length: 30 }, (_, i) => balance(`I${i}`, 10 + i));
    const e = memoryEngine({
      config: { inventory: { feedThreshold: 20, safetyStock: 1 } },
      erp: { balances: items },
    });
    for (const b of items) e.marketplace.inventory.set(b.itemId, b.qtyAvailable - 1);
    // 25 SKUs drifted; one SKU PeopleSoft knows is not listed on Walmart.
    for (let i = 0; i < 25; i++) e.marketplace.inventory.set(`I${i}`, 0);
    e.marketplace.inventory.delete('I29');

    const look = await reconcileInventory(e, { push: false });
    expect(look).toMatchObject({ compared: 29, notOnWalmart: ['I29'] });
    expect(look.disagreeing).toHaveLength(25);
    expect(look.pushed).toBeUndefined();
    expect(e.marketplace.feeds.size).toBe(0);
    expect(e.marketplace.putCalls).toEqual([]);

    const healed = await reconcileInventory(e, { push: true });
    expect(healed.via).toBe('feed');
    expect(healed.pushed?.every((p) => p.outcome === 'SET')).toBe(true);
    for (let i = 0; i < 25; i++) expect(e.marketplace.inventory.get(`I${i}`)).toBe(10 + i - 1);
    expect(e.marketplace.inventory.has('I29')).toBe(false);
    const entries: InventoryEntry[] = [];
    for await (const x of e.audit.inventoryEntries({})) entries.push(x);
    expect(entries).toHaveLength(25);
    expect(
      entries.every((x) => x.trigger === 'reconcile' && x.via === 'feed' && x.feedId === healed.feedId),
    ).toBe(true);
    expect((await reconcileInventory(e, { push: false })).disagreeing).toEqual([]);
  });
});
