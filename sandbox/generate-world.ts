/**
 * A deterministic generated world for benchmarks and load tests: `skus` items, each supplied by one vendor
 * on one or two open schedules with ample quantity, and `orders` Walmart orders over the last day.
 */
import { seededRandom } from './seeded-random.ts';
import type { World, WorldOrder } from './world.ts';

export interface GenerateWorldOptions {
  orders: number;
  skus: number;
  /** Lines per order (default 2), or `[min, max]` for a count drawn per order. */
  linesPerOrder?: number | readonly [number, number];
  seed?: number;
  now?: number;
  /** Spread of order dates back from `now`, ms (default 20 h). */
  spanMs?: number;
  /** PO dates spread over this many days before the 30th day back (default 0: all on that day). */
  poSpanDays?: number;
}

/** Builds a consistent world of the requested size. */
export function generateWorld(options: GenerateWorldOptions): World {
  const { orders: orderCount, skus: skuCount } = options;
  const lineCount = options.linesPerOrder ?? 2;
  const random = seededRandom(options.seed ?? 42);
  const now = options.now ?? Date.now();
  const span = options.spanMs ?? 20 * 3_600_000;
  const vendorCount = Math.max(1, Math.ceil(skuCount / 50));
  const vendors = Array.from({ length: vendorCount }, (_, i) => ({
    vendorId: String(10_000 + i).padStart(10, '0'),
    name: `VENDOR ${i + 1}`,
  }));
  const skus = Array.from({ length: skuCount }, (_, i) => `SKU-${String(i + 1).padStart(6, '0')}`);
  const poDateOf = (i: number) =>
    new Date(now - (30 + (options.poSpanDays ? i % options.poSpanDays : 0)) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  const dueDate = new Date(now + 15 * 86_400_000).toISOString().slice(0, 10);
  const world: World = {
    businessUnit: 'US001',
    vendors,
    items: skus.map((sku) => ({ itemId: sku, description: `Item ${sku}`, unitOfMeasure: 'EA' })),
    itemVendors: [],
    schedules: [],
    balances: [],
    walmartInventory: {},
    orders: [],
  };
  skus.forEach((sku, i) => {
    const vendor = vendors[i % vendorCount]!;
    world.itemVendors.push({ itemId: sku, vendorId: vendor.vendorId, priority: 1 });
    world.schedules.push({
      businessUnit: 'US001',
      poId: String(1_000_000 + i).padStart(10, '0'),
      lineNumber: 1,
      schedNumber: 1,
      poDate: poDateOf(i),
      poStatus: 'D',
      vendorId: vendor.vendorId,
      itemId: sku,
      unitOfMeasure: 'EA',
      qtyPo: 1_000_000,
      qtyReceived: 0,
      dueDate,
    });
    const available = Math.floor(random() * 500);
    world.balances.push({
      itemId: sku,
      qtyAvailable: available,
      qtyOnHand: available + 10,
      qtyReserved: 10,
      changedAt: now - 86_400_000,
    });
    world.walmartInventory[sku] = Math.floor(random() * 500);
  });
  for (let o = 0; o < orderCount; o++) {
    const lines: WorldOrder['lines'] = [];
    const linesPerOrder =
      typeof lineCount === 'number'
        ? lineCount
        : lineCount[0] + Math.floor(random() * (lineCount[1] - lineCount[0] + 1));
    for (let l = 1; l <= linesPerOrder; l++) {
      lines.push({
        lineNumber: String(l),
        sku: skus[Math.floor(random() * skuCount)]!,
        quantity: 1 + Math.floor(random() * 3),
        status: 'Created',
      });
    }
    world.orders.push({
      purchaseOrderId: String(2_000_000_000_000 + o),
      customerOrderId: String(5_000_000_000_000 + o),
      orderDate: now - Math.floor(random() * span) - 60_000,
      lines,
    });
  }
  return world;
}
