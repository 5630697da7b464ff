/**
 * Progress of long work on a terminal: the ports are wrapped so that every order line read, receipt or
 * adjustment posted and SKU pushed updates one status line. Nothing here changes what the calls do.
 */
import type { Erp, Marketplace } from '../shared/ports.ts';

export interface ProgressCounts {
  lines: number;
  receipts: number;
  adjustments: number;
  skus: number;
  queries: number;
}

/** Wraps both ports; `onChange` is called with the running counts after every step. */
export function withProgress(
  ports: { marketplace: Marketplace; erp: Erp },
  onChange: (c: ProgressCounts) => void,
): { marketplace: Marketplace; erp: Erp; counts: ProgressCounts } {
  const counts: ProgressCounts = { lines: 0, receipts: 0, adjustments: 0, skus: 0, queries: 0 };
  const bump = (k: keyof ProgressCounts, n = 1) => {
    counts[k] += n;
    onChange(counts);
  };
  // A line is read by the created and the modified window, a SKU a feed failed is set again by PUT: count once.
  const seenLines = new Set<string>();
  const seenSkus = new Set<string>();
  const once = (seen: Set<string>, k: keyof ProgressCounts, keys: string[]) => {
    const fresh = keys.filter((x) => !seen.has(x));
    for (const x of fresh) seen.add(x);
    if (fresh.length) bump(k, fresh.length);
  };
  const m = ports.marketplace;
  const e = ports.erp;
  const marketplace: Marketplace = {
    orderLines: (window) => ({
      async *[Symbol.asyncIterator]() {
        for await (const line of m.orderLines(window)) {
          const id = line.ok ? line.line : line.invalid;
          once(seenLines, 'lines', [`${id.purchaseOrderId}#${id.lineNumber}`]);
          yield line;
        }
      },
    }),
    acknowledge: (id) => m.acknowledge(id),
    getInventory: (sku) => m.getInventory(sku),
    putInventory: async (sku, q) => {
      const r = await m.putInventory(sku, q);
      once(seenSkus, 'skus', [sku]);
      return r;
    },
    submitInventoryFeed: async (items) => {
      const id = await m.submitInventoryFeed(items);
      once(
        seenSkus,
        'skus',
        items.map((i) => i.sku),
      );
      return id;
    },
    inventoryFeedStatus: (id) => m.inventoryFeedStatus(id),
    callCount: () => m.callCount(),
    throttleCount: () => m.throttleCount(),
  };
  const read =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A) => {
      const r = await f(...a);
      bump('queries');
      return r;
    };
  const erp: Erp = {
    openSchedules: read((a: string, b: string) => e.openSchedules(a, b)),
    itemVendors: read(() => e.itemVendors()),
    stagedTransactions: read((s: number) => e.stagedTransactions(s)),
    inventoryBalances: read((s: number | undefined) => e.inventoryBalances(s)),
    postReceipts: async (rs) => {
      const r = await e.postReceipts(rs);
      bump('receipts', rs.length);
      return r;
    },
    postAdjustments: async (as) => {
      const r = await e.postAdjustments(as);
      bump('adjustments', as.length);
      return r;
    },
    callCount: () => e.callCount(),
    throttleCount: () => e.throttleCount(),
  };
  return { marketplace, erp, counts };
}

/** The status line for the counts. */
export function progressLine(c: ProgressCounts): string {
  return `… ${c.lines} order lines read · ${c.queries} PeopleSoft reads · ${c.receipts} receipts and ${c.adjustments} adjustments posted · ${c.skus} SKUs pushed`;
}
