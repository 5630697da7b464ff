/**
 * One inventory change on the record: a Walmart quantity set (or tried) for one SKU, with the PeopleSoft
 * balance it came from. Every inventory push writes one per SKU, so "why does Walmart show 0 for GLV-100?"
 * always has an answer (docs/guarantees.md §1).
 */

/** `SET`: Walmart took the quantity; `DATA_ERROR`: Walmart refused it (not retried); `RETRYING`: a passing
 * failure, pushed again next cycle; `FAILED`: refused for another reason, pushed again next cycle. */
type InventoryOutcome = 'SET' | 'DATA_ERROR' | 'RETRYING' | 'FAILED';

/** What started the push. */
export type InventoryTrigger = 'cycle' | 'reconcile' | 'replay';

export interface InventoryEntry {
  sku: string;
  /** PeopleSoft item the SKU maps to. */
  itemId: string;
  /** Quantity sent to Walmart: `max(0, QTY_AVAILABLE - safetyStock)`. */
  quantity: number;
  /** `QTY_AVAILABLE` of the balance it came from. */
  balance: number;
  /** `DT_TIMESTAMP` of that balance, epoch ms. */
  balanceAt: number;
  via: 'put' | 'feed';
  feedId?: string;
  outcome: InventoryOutcome;
  /** Walmart's code and message for a failure. */
  detail?: string;
  trigger: InventoryTrigger;
  /** Epoch ms the outcome was known. */
  at: number;
}

/** The `audit inventory --json` shape (docs/operations.md). */
interface InventoryListItem {
  sku: string;
  itemId: string;
  quantity: number;
  balance: number;
  balanceAt: string;
  via: 'put' | 'feed';
  feedId: string | null;
  outcome: InventoryOutcome;
  detail: string | null;
  at: string;
}

/** Projects an entry to the documented `audit inventory` shape (ISO times, nulls for absent values). */
export function toInventoryListItem(e: InventoryEntry): InventoryListItem {
  return {
    sku: e.sku,
    itemId: e.itemId,
    quantity: e.quantity,
    balance: e.balance,
    balanceAt: new Date(e.balanceAt).toISOString(),
    via: e.via,
    feedId: e.feedId ?? null,
    outcome: e.outcome,
    detail: e.detail ?? null,
    at: new Date(e.at).toISOString(),
  };
}

/** The outcome of one push result: a refusal Walmart calls `DATA_ERROR` is final, others are retried. */
export function inventoryOutcome(r: { ok: boolean; retryable?: boolean; code?: string }): InventoryOutcome {
  if (r.ok) return 'SET';
  if (r.code === 'DATA_ERROR') return 'DATA_ERROR';
  return r.retryable ? 'RETRYING' : 'FAILED';
}

/** Filter of `AuditTrail.inventoryEntries`: newest first. */
export interface InventoryFilter {
  sku?: string;
  /** Epoch ms: entries at or after it. */
  since?: number;
  limit?: number;
}
