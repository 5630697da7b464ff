/**
 * `replay --inventory SKU`: pushes one SKU's quantity again by the inventory cycle's rules, from its current
 * PeopleSoft balance, and writes its inventory entry. Safe to repeat: setting a quantity is idempotent.
 */
import { InputError } from '../errors.ts';
import { type InventoryEntry, resolveItemId, skusOfItem } from '../domain/index.ts';
import { setWalmartQuantities, walmartQuantity } from './set-walmart-quantities.ts';
import type { ReconcileDeps } from './reconcile-inventory.ts';

/** The SKU is not one the inventory cycle pushes (no PeopleSoft balance, or mapped away): nothing is pushed. */
export class NoBalanceError extends InputError {
  override readonly name = 'NoBalanceError';
  constructor(
    readonly sku: string,
    readonly itemId: string,
    why = `PeopleSoft reports no balance for item ${itemId} (SKU ${sku}) in MLC_INV_BALANCES`,
  ) {
    super(`${why}, so nothing was pushed; check the SKU, matching.items and peoplesoft.businessUnit`);
  }
}

/** Reads the SKU's item balance (the whole keyset-paged list: the query has no item prompt) and sets it. */
export async function replayInventory(deps: ReconcileDeps, sku: string): Promise<InventoryEntry> {
  const itemId = resolveItemId(sku, deps.config.matching.items);
  if (!skusOfItem(deps.config.matching.items)(itemId).includes(sku)) {
    throw new NoBalanceError(
      sku,
      itemId,
      `matching.items maps item ${itemId} to other SKUs, so the inventory cycle never pushes SKU ${sku}`,
    );
  }
  const read = await deps.erp.inventoryBalances(undefined);
  const balance = read.rows
    .filter((b) => b.itemId === itemId)
    .reduce<(typeof read.rows)[number] | undefined>(
      (a, b) => (!a || b.changedAt >= a.changedAt ? b : a),
      undefined,
    );
  if (!balance) throw new NoBalanceError(sku, itemId);
  const { entries } = await setWalmartQuantities(
    deps,
    [
      {
        sku,
        itemId,
        quantity: walmartQuantity(balance.qtyAvailable, deps.config.inventory.safetyStock),
        balance: balance.qtyAvailable,
        balanceAt: balance.changedAt,
      },
    ],
    'replay',
  );
  return entries[0]!;
}
