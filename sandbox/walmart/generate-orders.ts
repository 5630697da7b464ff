/**
 * Deterministic Walmart orders for tests, benchmarks and the demo: the same options give the same orders.
 */
import type { WalmartLineStatus } from '../../shared/domain/index.ts';
import type { WorldOrder, WorldOrderLine } from '../world.ts';
import { seededRandom } from '../seeded-random.ts';

interface GenerateOrdersOptions {
  count: number;
  /** SKUs the lines are drawn from (at least one). */
  skus: readonly string[];
  seed?: number;
  /** Order dates are spread over `[start, end)`, epoch ms. */
  start: number;
  end: number;
  /** Lines per order, 1 to this (default 3). */
  maxLinesPerOrder?: number;
  /** Quantity per line, 1 to this (default 4). */
  maxQuantity?: number;
  /** Relative weights of line statuses (default: every line `Created`). */
  statusWeights?: Partial<Record<WalmartLineStatus, number>>;
  /** First purchase order number; ids are 13 digits and unique within one call (default 1796000000000). */
  firstPurchaseOrderId?: number;
}

function weightedStatus(
  random: () => number,
  weights: Partial<Record<WalmartLineStatus, number>>,
): WalmartLineStatus {
  const entries = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0) as [WalmartLineStatus, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [status, w] of entries) {
    r -= w;
    if (r < 0) return status;
  }
  return entries[entries.length - 1]?.[0] ?? 'Created';
}

/** `count` orders with 1..maxLinesPerOrder lines each, dates spread over the range, in date order. */
export function generateOrders(options: GenerateOrdersOptions): WorldOrder[] {
  const { count, skus, start, end } = options;
  if (skus.length === 0) throw new RangeError('generateOrders needs at least one SKU');
  if (!(end > start)) throw new RangeError('generateOrders needs end > start');
  const random = seededRandom(options.seed ?? 1);
  const maxLines = Math.max(1, options.maxLinesPerOrder ?? 3);
  const maxQty = Math.max(1, options.maxQuantity ?? 4);
  const weights = options.statusWeights ?? { Created: 1 };
  const firstId = options.firstPurchaseOrderId ?? 1_796_000_000_000;
  const dates = Array.from({ length: count }, () => start + Math.floor(random() * (end - start))).sort(
    (a, b) => a - b,
  );
  return dates.map((orderDate, i) => {
    const lineCount = 1 + Math.floor(random() * maxLines);
    const lines: WorldOrderLine[] = [];
    for (let n = 1; n <= lineCount; n++) {
      const status = weightedStatus(random, weights);
      const line: WorldOrderLine = {
        lineNumber: String(n),
        sku: skus[Math.floor(random() * skus.length)] as string,
        quantity: 1 + Math.floor(random() * maxQty),
        status,
      };
      if (status !== 'Created') line.statusDate = orderDate + Math.floor(random() * 3_600_000);
      lines.push(line);
    }
    return {
      purchaseOrderId: String(firstId + i * 7 + Math.floor(random() * 7)),
      customerOrderId: String(5_281_000_000_000 + i * 11 + Math.floor(random() * 11)),
      orderDate,
      lines,
    };
  });
}
