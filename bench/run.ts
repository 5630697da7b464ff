/**
 * `npm run bench`: measures matching, Walmart order paging, the SQLite store and one full embedded sync
 * cycle on this machine and prints one table. Not part of `npm test`; numbers vary with the machine.
 * `npm run bench -- --quick` runs the sync cycle on a quarter of the orders.
 */
import { renderTable } from './bench-table.ts';
import { matchingBench } from './matching-bench.ts';
import type { BenchRow } from './measure.ts';
import { orderPagingBench } from './order-paging-bench.ts';
import { sqliteBench } from './sqlite-bench.ts';
import { syncCycleBench } from './sync-cycle-bench.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const quick = process.argv.includes('--quick');
const syncOrders = quick ? 500 : 2_000;

const steps: [string, () => Promise<BenchRow | BenchRow[]>][] = [
  ['matching', () => matchingBench({ lines: 10_000, schedules: 5_000 })],
  ['order paging', () => orderPagingBench({ orders: 10_000 })],
  ['sqlite (FULL)', () => sqliteBench({ auditWrites: 2_000, queueItems: 2_000, synchronous: 'FULL' })],
  ['sqlite (NORMAL)', () => sqliteBench({ auditWrites: 2_000, queueItems: 2_000, synchronous: 'NORMAL' })],
  [
    'sync cycle',
    () => syncCycleBench({ orders: syncOrders, linesPerOrder: 2, skus: 500, timeoutMs: 420_000 }),
  ],
];

const rows: BenchRow[] = [];
const started = performance.now();
for (const [name, run] of steps) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const out = await run();
    rows.push(...(Array.isArray(out) ? out : [out]));
  } catch (e) {
    rows.push({
      name,
      size: '-',
      wallMs: Number.NaN,
      throughput: 'failed',
      peakRssMb: Number.NaN,
      heapDeltaMb: Number.NaN,
      notes: (e as Error).message,
    });
  }
}
process.stdout.write(
  `ml-connector benchmark — Node ${process.version}, ${(await import('node:os')).cpus().length} CPU(s)\n\n`,
);
process.stdout.write(
  `${renderTable(rows)}\n\nTotal ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
