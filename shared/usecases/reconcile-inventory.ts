/**
 * Inventory drift: every SKU of every PeopleSoft balance compared with Walmart's quantity, and with `push`
 * the disagreeing ones set by the inventory cycle's rules (PUT or one feed, with inventory entries). Healing
 * does not wait for a balance to change in PeopleSoft: a Walmart quantity changed by hand, or lost by a
 * restore on either side, is set again (docs/operations.md "Reconciling").
 */
import { type InventoryBalance, skusOfItem } from '../domain/index.ts';
import type { EngineDeps } from './engine-deps.ts';
import { type QuantityToSet, setWalmartQuantities, walmartQuantity } from './set-walmart-quantities.ts';

export type ReconcileDeps = Pick<EngineDeps, 'marketplace' | 'erp' | 'audit' | 'clock' | 'config' | 'log'>;

/** Walmart quantity reads in flight at once (the HTTP policy still paces them). */
const PARALLEL_READS = 4;

interface SkuDisagreement {
  sku: string;
  itemId: string;
  walmart: number;
  qtyAvailable: number;
  expected: number;
  difference: number;
}

interface InventoryDrift {
  /** SKUs compared (known on both sides). */
  compared: number;
  disagreeing: SkuDisagreement[];
  /** SKUs PeopleSoft knows and Walmart does not list: left alone. */
  notOnWalmart: string[];
  unreadableBalanceRows: number;
  /** With `push`: what was sent, per SKU, and how it ended. */
  pushed?: { sku: string; quantity: number; outcome: string; detail?: string }[];
  via?: 'none' | 'put' | 'feed';
  feedId?: string;
}

/**
 * Compares every mapped SKU (PeopleSoft balances read whole, keyset paged; Walmart quantities read per SKU)
 * and, with `push`, sets each disagreeing SKU to `max(0, QTY_AVAILABLE - inventory.safetyStock)`.
 */
export async function reconcileInventory(
  deps: ReconcileDeps,
  opts: { push: boolean; onProgress?: (done: number, total: number) => void },
): Promise<InventoryDrift> {
  const { config, marketplace, erp } = deps;
  const read = await erp.inventoryBalances(undefined);
  const latest = new Map<string, InventoryBalance>();
  for (const b of read.rows) {
    const seen = latest.get(b.itemId);
    if (!seen || b.changedAt >= seen.changedAt) latest.set(b.itemId, b);
  }
  const skusOf = skusOfItem(config.matching.items);
  const wanted = [...latest.values()].flatMap((b) =>
    skusOf(b.itemId).map((sku) => ({
      sku,
      balance: b,
      expected: walmartQuantity(b.qtyAvailable, config.inventory.safetyStock),
    })),
  );
  const drift: InventoryDrift = {
    compared: 0,
    disagreeing: [],
    notOnWalmart: [],
    unreadableBalanceRows: read.invalid.length,
  };
  const toSet: QuantityToSet[] = [];
  for (let i = 0; i < wanted.length; i += PARALLEL_READS) {
    const slice = wanted.slice(i, i + PARALLEL_READS);
    const quantities = await Promise.all(slice.map((w) => marketplace.getInventory(w.sku)));
    slice.forEach((w, j) => {
      const q = quantities[j];
      if (q === undefined) {
        drift.notOnWalmart.push(w.sku);
        return;
      }
      drift.compared += 1;
      if (q === w.expected) return;
      drift.disagreeing.push({
        sku: w.sku,
        itemId: w.balance.itemId,
        walmart: q,
        qtyAvailable: w.balance.qtyAvailable,
        expected: w.expected,
        difference: q - w.expected,
      });
      toSet.push({
        sku: w.sku,
        itemId: w.balance.itemId,
        quantity: w.expected,
        balance: w.balance.qtyAvailable,
        balanceAt: w.balance.changedAt,
      });
    });
    opts.onProgress?.(Math.min(i + PARALLEL_READS, wanted.length), wanted.length);
  }
  if (opts.push) {
    const set = await setWalmartQuantities(deps, toSet, 'reconcile');
    drift.via = set.via;
    if (set.feedId) drift.feedId = set.feedId;
    drift.pushed = set.entries.map((e) => ({
      sku: e.sku,
      quantity: e.quantity,
      outcome: e.outcome,
      ...(e.detail ? { detail: e.detail } : {}),
    }));
    deps.log.info('inventory reconciled', {
      compared: drift.compared,
      disagreeing: drift.disagreeing.length,
      set: set.entries.filter((e) => e.outcome === 'SET').length,
      via: set.via,
    });
  }
  return drift;
}
