/**
 * `npm run bench`: measures matching, Walmart order paging and the SQLite store, then one full embedded sync
 * cycle at 1k, 10k and 50k orders against the sandboxes with 20 ms latency and Walmart's rate limits, each
 * beside its floor (docs/performance.md). Not part of `npm test`; numbers vary with the machine.
 * `npm run bench -- --quick` runs the cycle at 1k orders only; `--sizes 1000,5000` picks the sizes;
 * `--cycle-only` skips the smaller benchmarks, `--no-aws` the AWS runtime's rows, `--no-kill` the largest day
 * killed mid-cycle and rerun.
 */
import { renderTable } from './bench-table.ts';
import { matchingBench } from './matching-bench.ts';
import type { BenchRow } from './measure.ts';
import { orderPagingBench } from './order-paging-bench.ts';
import { sqliteBench } from './sqlite-bench.ts';
import { awsCycles, renderAwsTable } from './aws-cycle-bench.ts';
import {
  cycleAtScale,
  type KilledRun,
  killedCycleAtScale,
  renderKilledRuns,
  renderScaleTable,
  type ScaleRun,
} from './cycle-at-scale-bench.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const quick = process.argv.includes('--quick');
const sizesArg = process.argv[process.argv.indexOf('--sizes') + 1];
const sizes = process.argv.includes('--sizes')
  ? (sizesArg ?? '')
      .split(',')
      .map(Number)
      .filter((n) => n > 0)
  : quick
    ? [1_000]
    : [1_000, 10_000, 50_000];

const steps: [string, () => Promise<BenchRow | BenchRow[]>][] = [
  ['matching', () => matchingBench({ lines: 10_000, schedules: 5_000 })],
  ['order paging', () => orderPagingBench({ orders: 10_000 })],
  ['sqlite (FULL)', () => sqliteBench({ auditWrites: 2_000, queueItems: 2_000, synchronous: 'FULL' })],
  ['sqlite (NORMAL)', () => sqliteBench({ auditWrites: 2_000, queueItems: 2_000, synchronous: 'NORMAL' })],
];

const rows: BenchRow[] = [];
const started = performance.now();
for (const [name, run] of process.argv.includes('--cycle-only') ? [] : steps) {
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
const cycles: ScaleRun[] = [];
for (const orders of sizes) {
  process.stderr.write(`bench: sync cycle at ${orders} orders…\n`);
  cycles.push(await cycleAtScale(orders, 1_800_000));
}
// The largest day again, killed mid-cycle and rerun: exactly-once at scale.
const killed: KilledRun[] = [];
const largest = Math.max(...sizes);
if (!process.argv.includes('--no-kill') && Number.isFinite(largest)) {
  process.stderr.write(`bench: sync at ${largest} orders killed and rerun…\n`);
  killed.push(await killedCycleAtScale(largest, 1_800_000));
}

// The AWS runtime at 1k orders, once per matcher setting (messages per invocation × concurrency).
process.stderr.write('bench: AWS cycle on the emulators…\n');
const awsRuns = process.argv.includes('--no-aws')
  ? []
  : await awsCycles(1_000, [
      { batchSize: 10, concurrency: 5 },
      { batchSize: 100, concurrency: 5 },
      { batchSize: 100, concurrency: 10 },
    ]);
process.stdout.write(
  `ml-connector benchmark — Node ${process.version}, ${(await import('node:os')).cpus().length} CPU(s)\n\n`,
);
process.stdout.write(
  `${rows.length > 0 ? `${renderTable(rows)}\n\n` : ''}One sync cycle (embedded runtime, CLI process), ${'20 ms'} per request, Walmart's rate limits:\n\n${renderScaleTable(cycles)}\n\n${killed.length > 0 ? `Killed (SIGKILL) mid-cycle and rerun:\n\n${renderKilledRuns(killed)}\n\n` : ''}${awsRuns.length > 0 ? `One cycle of the AWS runtime on the emulators, 20 ms per request:\n\n${renderAwsTable(awsRuns)}\n\n` : ''}Total ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
