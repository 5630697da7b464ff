/**
 * The floor of one full sync cycle (docs/performance.md): the fewest calls each endpoint needs for the
 * day's data, and the shortest wall time those calls allow — the chain of requests that must wait for one
 * another, times the latency per request, or the rate-limit wall when Walmart's limits are the longer.
 */

/** What the floor is computed from: the day's data and the knobs of the run. */
export interface FloorInput {
  orders: number;
  lines: number;
  /** SKUs whose Walmart quantity differs from PeopleSoft's (pushed by the cycle). */
  changedSkus: number;
  /** Rows of the matching reads: open PO schedules and item–vendor rows. */
  schedules: number;
  itemVendors: number;
  /** Inventory balance rows. */
  balances: number;
  latencyMs: number;
  /** PeopleSoft `maxrows` per query page. */
  maxRows: number;
  transactionsPerMessage: number;
  /** Walmart's order page size (200) and feed item-details page size (50). */
  orderPageSize: number;
  feedDetailsPageSize: number;
  /** More changed SKUs than this go as one bulk feed. */
  feedThreshold: number;
  /** Calls per window of the rate-limited Walmart endpoints, with the window in seconds. */
  rateLimits: Partial<Record<WalmartEndpoint, { calls: number; perSeconds: number }>>;
}

export type WalmartEndpoint = 'token' | 'orders' | 'inventory' | 'feeds' | 'feedStatus' | 'acknowledge';
export type PeopleSoftCall =
  | 'MLC_OPEN_PO_LINES'
  | 'MLC_ITEM_VENDORS'
  | 'MLC_RECEIPT_STATUS'
  | 'MLC_INV_BALANCES'
  | 'receipt posts'
  | 'adjustment posts';

export interface Floor {
  walmart: Record<WalmartEndpoint, number>;
  peoplesoft: Record<PeopleSoftCall, number>;
  /** Requests that must follow one another. */
  chain: number;
  /** chain × latency. */
  latencyWallMs: number;
  /** The longest wait Walmart's rate limits impose on the floor's calls. */
  rateLimitWallMs: number;
  wallMs: number;
}

// A full page may have more behind it, so the read ends with a page that is not full.
const pages = (rows: number, size: number) => Math.floor(rows / size) + 1;

/** Computes the floor of one cycle for `i`. */
export function cycleFloor(i: FloorInput): Floor {
  // Walmart's cursor says when there is no more, so order pages and feed-detail pages end on the last one.
  const orderPages = Math.max(1, Math.ceil(i.orders / i.orderPageSize));
  const receiptPosts = Math.ceil(i.lines / i.transactionsPerMessage);
  const adjustmentPosts = receiptPosts;
  const asFeed = i.changedSkus > i.feedThreshold;
  const detailPages = asFeed ? Math.ceil(i.changedSkus / i.feedDetailsPageSize) : 0;
  const walmart: Record<WalmartEndpoint, number> = {
    token: 1,
    orders: orderPages,
    inventory: asFeed ? 0 : i.changedSkus,
    feeds: asFeed ? 1 : 0,
    // One status read of the finished feed, its item details paged.
    feedStatus: detailPages,
    acknowledge: 0,
  };
  const statusRows = 2 * i.lines;
  const peoplesoft: Record<PeopleSoftCall, number> = {
    MLC_OPEN_PO_LINES: pages(i.schedules, i.maxRows),
    MLC_ITEM_VENDORS: pages(i.itemVendors, i.maxRows),
    // Confirmation reads every transaction the cycle staged (receipts and adjustments), keyset-paged.
    MLC_RECEIPT_STATUS: pages(statusRows, i.maxRows),
    MLC_INV_BALANCES: pages(i.balances, i.maxRows),
    'receipt posts': receiptPosts,
    'adjustment posts': adjustmentPosts,
  };
  // Keyset and cursor pages wait for the page before; the two matching reads run side by side; the posts
  // could all go at once, so they are one step; an inventory push is one upload (then its detail pages) or
  // PUTs side by side.
  const chain =
    1 +
    orderPages +
    Math.max(peoplesoft.MLC_OPEN_PO_LINES, peoplesoft.MLC_ITEM_VENDORS) +
    1 +
    peoplesoft.MLC_RECEIPT_STATUS +
    peoplesoft.MLC_INV_BALANCES +
    (asFeed ? 1 + detailPages : i.changedSkus > 0 ? 1 : 0);
  const latencyWallMs = chain * i.latencyMs;
  const rateLimitWallMs = Math.max(
    0,
    ...Object.entries(i.rateLimits).map(([endpoint, limit]) => {
      const calls = walmart[endpoint as WalmartEndpoint] ?? 0;
      // A full bucket serves `calls` at once; each call beyond it waits for one to replenish.
      return calls <= limit.calls ? 0 : ((calls - limit.calls) * limit.perSeconds * 1000) / limit.calls;
    }),
  );
  return {
    walmart,
    peoplesoft,
    chain,
    latencyWallMs,
    rateLimitWallMs,
    wallMs: Math.max(latencyWallMs, rateLimitWallMs),
  };
}
