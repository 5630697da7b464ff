/**
 * Paging Walmart orders through the real client against the Walmart sandbox (cursor after cursor, 200 per
 * page), keeping nothing: the heap is sampled along the way to show memory stays flat.
 */
import { generateWorld } from '../sandbox/generate-world.ts';
import { startWalmartSandbox } from '../sandbox/walmart/index.ts';
import { WalmartMarketplace } from '../shared/walmart/index.ts';
import { type BenchRow, formatCount, measure, rate, settledHeapMb } from './measure.ts';

const CLIENT = { clientId: 'bench-walmart-client', clientSecret: 'bench-walmart-secret-not-real' };

/** Runs the paging benchmark and returns its table row. */
export async function orderPagingBench(o: { orders: number }): Promise<BenchRow> {
  const now = Date.now();
  const world = generateWorld({ orders: o.orders, skus: 500, linesPerOrder: 1, seed: 11, now });
  const sandbox = await startWalmartSandbox({ world, ...CLIENT, rateLimits: { orders: null, token: null } });
  try {
    const marketplace = new WalmartMarketplace({
      baseUrl: sandbox.url,
      credentials: CLIENT,
      limits: { orders: null, token: null },
    });
    const samples: number[] = [];
    let lines = 0;
    let invalid = 0;
    const m = await measure(async () => {
      const window = { start: now - 86_400_000, end: now, by: 'created' as const };
      for await (const r of marketplace.orderLines(window)) {
        if (r.ok) lines++;
        else invalid++;
        if ((lines + invalid) % 2_000 === 0) samples.push(settledHeapMb());
      }
    });
    const growth = samples.length > 1 ? samples[samples.length - 1]! - samples[0]! : 0;
    return {
      name: 'Walmart order paging (client + sandbox)',
      size: `${formatCount(o.orders)} orders`,
      wallMs: m.wallMs,
      throughput: rate(lines + invalid, m.wallMs, 'orders'),
      peakRssMb: m.peakRssMb,
      heapDeltaMb: m.heapDeltaMb,
      notes:
        `${formatCount(marketplace.callCount())} HTTP calls (${sandbox.counters.orders.requests} order pages); ` +
        `heap while paging ${samples.map((s) => s.toFixed(1)).join(' → ')} MB (growth ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB; the sandbox in the same process holds the orders)` +
        (invalid > 0 ? `; ${invalid} invalid lines` : ''),
    };
  } finally {
    await sandbox.close();
  }
}
