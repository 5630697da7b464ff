/** I5: after a successful inventory cycle, Walmart's quantity for every mapped SKU equals max(0, QTY_AVAILABLE - safetyStock). */
import { describe, expect, it } from 'vitest';
import type { InventoryBalance, InventoryEntry } from '../domain/index.ts';
import { memoryEngine, T0, throttled } from '../memory/index.ts';
import { CHECKPOINT_BALANCES, CHECKPOINT_RETRY, syncInventory } from './sync-inventory.ts';

const balance = (itemId: string, qtyAvailable: number, changedAt = T0 - 3_600_000): InventoryBalance => ({
  itemId,
  qtyAvailable,
  qtyOnHand: qtyAvailable,
  qtyReserved: 0,
  changedAt,
});

function expectI5(e: ReturnType<typeof memoryEngine>, skuOf: (item: string) => string = (i) => i): void {
  for (const b of e.erp.balances.values()) {
    expect(e.marketplace.inventory.get(skuOf(b.itemId)), b.itemId).toBe(
      Math.max(0, b.qtyAvailable - e.config.inventory.safetyStock),
    );
  }
}

async function entries(e: ReturnType<typeof memoryEngine>): Promise<InventoryEntry[]> {
  const out: InventoryEntry[] = [];
  for await (const x of e.audit.inventoryEntries({})) out.push(x);
  return out.reverse();
}

describe('syncInventory', () => {
  it('pushes every balance on the first cycle, minus safety stock, never below zero, by PUT', async () => {
    const e = memoryEngine({
      config: { inventory: { safetyStock: 2 }, matching: { items: { 'WM-A': 'A' } } },
      erp: { balances: [balance('A', 10), balance('B', 1)] },
    });
    e.marketplace.inventory.set('UNKNOWN-TO-PS', 7);
    const r = await syncInventory(e);
    expect(r).toMatchObject({ pushed: 2, failed: [], via: 'put', changedBalances: 2 });
    expect(e.marketplace.putCalls).toEqual([
      { sku: 'WM-A', quantity: 8 },
      { sku: 'B', quantity: 0 },
    ]);
    expect(e.marketplace.inventory.get('UNKNOWN-TO-PS')).toBe(7);
    expect(await e.checkpoints.get(CHECKPOINT_BALANCES)).toBe(String(T0 - 3_600_000));
    expectI5(e, (i) => (i === 'A' ? 'WM-A' : i));
    // Every quantity set is on the record, with the balance it came from.
    expect(await entries(e)).toEqual([
      {
        sku: 'WM-A',
        itemId: 'A',
        quantity: 8,
        balance: 10,
        balanceAt: T0 - 3_600_000,
        via: 'put',
        outcome: 'SET',
        trigger: 'cycle',
        at: T0,
      },
      {
        sku: 'B',
        itemId: 'B',
        quantity: 0,
        balance: 1,
        balanceAt: T0 - 3_600_000,
        via: 'put',
        outcome: 'SET',
        trigger: 'cycle',
        at: T0,
      },
    ]);
  });

  it('pushes only what changed since the checkpoint', async () => {
    const e = memoryEngine({ erp: { balances: [balance('A', 10), balance('B', 5)] } });
    await syncInventory(e);
    e.clock.advance(60_000);
    e.erp.setBalance('B', 4);
    e.marketplace.putCalls.length = 0;
    const r = await syncInventory(e);
    expect(e.marketplace.putCalls).toEqual([{ sku: 'B', quantity: 4 }]);
    expect(r.pushed).toBe(1);
    expectI5(e);
  });

  it('remembers a failed SKU and pushes its current balance next cycle', async () => {
    const e = memoryEngine({ erp: { balances: [balance('A', 10), balance('B', 5)] } });
    e.marketplace.faults.put.set('A', [throttled('walmart', 'PUT /v3/inventory')]);
    const first = await syncInventory(e);
    expect(first.failed).toEqual([{ sku: 'A', reason: expect.stringContaining('HTTP 429') }]);
    expect(JSON.parse((await e.checkpoints.get(CHECKPOINT_RETRY))!)).toEqual([
      { sku: 'A', itemId: 'A', changedAt: T0 - 3_600_000 },
    ]);

    e.clock.advance(60_000);
    e.marketplace.putCalls.length = 0;
    const second = await syncInventory(e);
    expect(e.marketplace.putCalls).toEqual([{ sku: 'A', quantity: 10 }]);
    expect(second).toMatchObject({ pushed: 1, failed: [] });
    expect(await e.checkpoints.get(CHECKPOINT_RETRY)).toBe('[]');
    expectI5(e);
  });

  it('uses one bulk feed above the threshold, follows it through the Clock, retries system errors by PUT', async () => {
    const balances = Array.from({ length: 25 }, (_, i) => balance(`I${i}`, i));
    const e = memoryEngine({
      config: { inventory: { feedThreshold: 20 }, walmart: { feedPollIntervalMs: 15_000 } },
      erp: { balances },
    });
    e.marketplace.feedPollsBeforeDone = 3;
    e.marketplace.faults.feedItems.set('I3', ['SYSTEM_ERROR']);
    e.marketplace.faults.feedItems.set('I4', ['TIMEOUT_ERROR']);
    e.marketplace.faults.feedItems.set('I5', ['DATA_ERROR']);

    const r = await syncInventory(e);

    expect(r.via).toBe('feed');
    expect(e.marketplace.feeds.size).toBe(1);
    expect(e.clock.sleeps).toEqual([15_000, 15_000]);
    expect(e.marketplace.putCalls.map((p) => p.sku)).toEqual(['I3', 'I4']);
    expect(r.pushed).toBe(24);
    expect(r.failed).toEqual([{ sku: 'I5', reason: 'DATA_ERROR: ingestion DATA_ERROR' }]);
    const recorded = await entries(e);
    expect(recorded).toHaveLength(25);
    const feedId = r.feedId;
    expect(recorded.find((x) => x.sku === 'I5')).toMatchObject({
      via: 'feed',
      feedId,
      outcome: 'DATA_ERROR',
      detail: 'DATA_ERROR: ingestion DATA_ERROR',
    });
    expect(recorded.find((x) => x.sku === 'I3')).toMatchObject({ via: 'put', outcome: 'SET' });
    expect(recorded.find((x) => x.sku === 'I7')).toMatchObject({ via: 'feed', feedId, outcome: 'SET' });
    expect(
      JSON.parse((await e.checkpoints.get(CHECKPOINT_RETRY))!).map((x: { sku: string }) => x.sku),
    ).toEqual(['I5']);

    // the data is fixed on Walmart's side: the next cycle pushes it again and I5 holds for every SKU
    e.clock.advance(60_000);
    const next = await syncInventory(e);
    expect(next).toMatchObject({ pushed: 1, failed: [] });
    expectI5(e);
  });

  it('gives up following a feed after feedTimeoutMs and retries its SKUs next cycle', async () => {
    const balances = Array.from({ length: 3 }, (_, i) => balance(`I${i}`, 5));
    const e = memoryEngine({
      config: {
        inventory: { feedThreshold: 2 },
        walmart: { feedPollIntervalMs: 10_000, feedTimeoutMs: 30_000 },
      },
      erp: { balances },
    });
    e.marketplace.feedPollsBeforeDone = 100;
    const r = await syncInventory(e);
    expect(r.pushed).toBe(0);
    expect(r.failed.map((f) => f.reason.split(':')[0])).toEqual([
      'FEED_TIMEOUT',
      'FEED_TIMEOUT',
      'FEED_TIMEOUT',
    ]);
    expect(e.clock.sleeps.reduce((a, b) => a + b, 0)).toBe(30_000);

    e.marketplace.feedPollsBeforeDone = 1;
    e.clock.advance(60_000);
    await syncInventory(e);
    expectI5(e);
  });

  it('a feed that ends in ERROR leaves every SKU for the next cycle', async () => {
    const e = memoryEngine({
      config: { inventory: { feedThreshold: 1 } },
      erp: { balances: [balance('A', 1), balance('B', 2)] },
    });
    e.marketplace.feedOutcome = 'ERROR';
    const r = await syncInventory(e);
    expect(r.failed.map((f) => f.sku)).toEqual(['A', 'B']);
    e.marketplace.feedOutcome = 'PROCESSED';
    e.clock.advance(60_000);
    await syncInventory(e);
    expectI5(e);
  });
});
