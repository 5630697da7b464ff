/**
 * `sync --dry-run`: the ERP and marketplace with their writes intercepted. Reads go to the real systems;
 * every receipt, adjustment, acknowledgement and inventory push is recorded instead of sent, and answered
 * as if it had succeeded so the cycle decides everything it normally would.
 */
import type { AdjustmentRequest, PostOutcome, ReceiptRequest } from '../shared/domain/index.ts';
import type { Erp, InventoryFeedStatus, InventoryPushResult, Marketplace } from '../shared/ports.ts';

/** What a dry run would have written. */
export interface IntendedWrites {
  receipts: ReceiptRequest[];
  adjustments: AdjustmentRequest[];
  acknowledgements: string[];
  inventory: { sku: string; quantity: number }[];
}

export function emptyIntendedWrites(): IntendedWrites {
  return { receipts: [], adjustments: [], acknowledgements: [], inventory: [] };
}

/** An Erp that reads from `real` and records posts in `writes`. */
export function dryRunErp(real: Erp, writes: IntendedWrites): Erp {
  let n = 0;
  const staged = (): PostOutcome => ({ kind: 'staged', transactionId: `DRY-RUN-${++n}` });
  return {
    openSchedules: (from, to) => real.openSchedules(from, to),
    itemVendors: () => real.itemVendors(),
    stagedTransactions: (since) => real.stagedTransactions(since),
    inventoryBalances: (since) => real.inventoryBalances(since),
    postReceipts: async (receipts) => {
      writes.receipts.push(...receipts);
      return receipts.map(staged);
    },
    postAdjustments: async (adjustments) => {
      writes.adjustments.push(...adjustments);
      return adjustments.map(staged);
    },
    callCount: () => real.callCount(),
    throttleCount: () => real.throttleCount(),
  };
}

/** A Marketplace that reads from `real` and records acknowledgements and inventory pushes in `writes`. */
export function dryRunMarketplace(real: Marketplace, writes: IntendedWrites): Marketplace {
  const feeds = new Map<string, { sku: string; quantity: number }[]>();
  return {
    orderLines: (window) => real.orderLines(window),
    getInventory: (sku) => real.getInventory(sku),
    acknowledge: async (purchaseOrderId) => {
      writes.acknowledgements.push(purchaseOrderId);
    },
    putInventory: async (sku, quantity): Promise<InventoryPushResult> => {
      writes.inventory.push({ sku, quantity });
      return { sku, ok: true };
    },
    submitInventoryFeed: async (items) => {
      writes.inventory.push(...items);
      const id = `DRY-RUN-FEED-${feeds.size + 1}`;
      feeds.set(id, items);
      return id;
    },
    inventoryFeedStatus: async (feedId): Promise<InventoryFeedStatus> => ({
      feedId,
      status: 'PROCESSED',
      items: (feeds.get(feedId) ?? []).map((i) => ({ sku: i.sku, ok: true })),
    }),
    callCount: () => real.callCount(),
    throttleCount: () => real.throttleCount(),
  };
}
