/**
 * Sets Walmart quantities from PeopleSoft balances and writes one inventory entry per SKU: the inventory
 * cycle, `reconcile --push` and `replay --inventory` all go through here, so every quantity Walmart is told
 * (or was meant to be told) is on the record with the balance it came from.
 */
import { type InventoryEntry, inventoryOutcome, type InventoryTrigger } from '../domain/index.ts';
import type { EngineDeps } from './engine-deps.ts';
import { type PushedBy, pushByFeed, putEach } from './inventory-feed.ts';

type SetQuantityDeps = Pick<EngineDeps, 'marketplace' | 'audit' | 'clock' | 'config' | 'log'>;

/** One SKU to set, with the PeopleSoft balance its quantity came from. */
export interface QuantityToSet {
  sku: string;
  itemId: string;
  /** `max(0, QTY_AVAILABLE - safetyStock)`. */
  quantity: number;
  /** `QTY_AVAILABLE`. */
  balance: number;
  /** `DT_TIMESTAMP` of the balance, epoch ms. */
  balanceAt: number;
}

interface SetQuantitiesResult {
  results: PushedBy[];
  via: 'none' | 'put' | 'feed';
  feedId?: string;
  entries: InventoryEntry[];
}

/** The quantity Walmart should show for a balance: `max(0, QTY_AVAILABLE - inventory.safetyStock)`. */
export function walmartQuantity(qtyAvailable: number, safetyStock: number): number {
  return Math.max(0, qtyAvailable - safetyStock);
}

/**
 * Sets the quantities: up to `inventory.feedThreshold` SKUs by single PUTs, more by one bulk feed (whose
 * passing failures are retried by PUT). Records one inventory entry per SKU with its outcome.
 */
export async function setWalmartQuantities(
  deps: SetQuantityDeps,
  list: readonly QuantityToSet[],
  trigger: InventoryTrigger,
): Promise<SetQuantitiesResult> {
  if (list.length === 0) return { results: [], via: 'none', entries: [] };
  const byFeed = list.length > deps.config.inventory.feedThreshold;
  const outcome = byFeed
    ? await pushByFeed(deps, list)
    : { results: (await putEach(deps, list)).map((r) => ({ ...r, via: 'put' as const })) };
  const bySku = new Map(outcome.results.map((r) => [r.sku, r]));
  const at = deps.clock.now();
  const entries = list.map((q): InventoryEntry => {
    const r = bySku.get(q.sku) ?? { sku: q.sku, ok: false, retryable: true, code: 'NO_RESULT', via: 'put' };
    const detail = r.ok ? undefined : [r.code, r.message].filter(Boolean).join(': ') || 'failed';
    return {
      sku: q.sku,
      itemId: q.itemId,
      quantity: q.quantity,
      balance: q.balance,
      balanceAt: q.balanceAt,
      via: r.via,
      ...(r.via === 'feed' && outcome.feedId ? { feedId: outcome.feedId } : {}),
      outcome: inventoryOutcome(r),
      ...(detail ? { detail } : {}),
      trigger,
      at,
    };
  });
  await deps.audit.recordInventory(entries);
  return { results: outcome.results, via: byFeed ? 'feed' : 'put', feedId: outcome.feedId, entries };
}
