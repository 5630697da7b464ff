/**
 * One full embedded `sync` cycle, run as the operator runs it (`ml-connector sync --json` in its own
 * process), against both sandboxes seeded with a generated world. Reports lines/s, the API calls of each
 * system, the CLI process's peak RSS (read from /proc while it runs) and where the time went (from the
 * timestamps of its log file).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateWorld } from '../sandbox/generate-world.ts';
import { type SyncSummary, startConnector } from '../test/e2e/support/connector-cli.ts';
import { startE2eSystems } from '../test/e2e/support/e2e-systems.ts';
import { type BenchRow, formatCount, rate } from './measure.ts';

export interface SyncCycleBenchOptions {
  orders: number;
  linesPerOrder: number;
  skus: number;
  /** Give up after this long, ms. */
  timeoutMs: number;
}

/** The high-water mark of a process's resident set, MB, or undefined when /proc cannot tell. */
function highWaterMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Log messages that close each stage of the cycle (the last one of each counts). */
const STAGE_ENDS: [string, string][] = [
  ['poll', 'orders polled'],
  ['match+post', 'match and post done'],
  ['confirm', 'receipts confirmed'],
  ['inventory', 'inventory synced'],
];

/** Seconds per stage, from the log file's timestamps; empty when the log does not tell. */
function stageTimes(logFile: string): string {
  let lines: { message?: string; timestamp?: string }[];
  try {
    lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { message?: string; timestamp?: string });
  } catch {
    return '';
  }
  const last = (message: string) => {
    const hit = lines.filter((l) => l.message === message).at(-1)?.timestamp;
    return hit ? Date.parse(hit) : undefined;
  };
  let previous = last('sync started');
  if (previous === undefined) return '';
  const parts: string[] = [];
  for (const [stage, message] of STAGE_ENDS) {
    const end = last(message);
    if (end === undefined) continue;
    parts.push(`${stage} ${((end - previous) / 1000).toFixed(1)} s`);
    previous = end;
  }
  return parts.join(', ');
}

/** Runs the sync benchmark and returns its table row. */
export async function syncCycleBench(o: SyncCycleBenchOptions): Promise<BenchRow> {
  const world = generateWorld({ orders: o.orders, skus: o.skus, linesPerOrder: o.linesPerOrder, seed: 3 });
  const systems = await startE2eSystems({
    world,
    prefix: 'bench',
    walmart: { knobs: { feedProcessingMs: 500 } },
    config: { peoplesoft: { transactionsPerMessage: 100 } },
  });
  try {
    const logFile = join(systems.dir, 'sync.log');
    const start = performance.now();
    const { child, finished } = startConnector(systems, ['sync', '--json', '--log-file', logFile], {
      timeoutMs: o.timeoutMs,
    });
    let peak: number | undefined;
    const sampler = setInterval(() => {
      const v = child.pid === undefined ? undefined : highWaterMb(child.pid);
      if (v !== undefined) peak = Math.max(peak ?? 0, v);
    }, 50);
    const result = await finished.finally(() => clearInterval(sampler));
    const wallMs = performance.now() - start;
    const lines = o.orders * o.linesPerOrder;
    let summary: SyncSummary | undefined;
    try {
      summary = JSON.parse(result.stdout) as SyncSummary;
    } catch {
      summary = undefined;
    }
    const ps = systems.peoplesoft;
    const queries = ps.requestCount('query');
    const posts = ps.requestCount('post');
    const stages = stageTimes(logFile);
    const notes = summary
      ? `${summary.orders.lines} lines polled, ${summary.receipts.posted} receipts + ` +
        `${summary.adjustments.posted} adjustments posted, ${summary.inventory.pushed} SKUs pushed; API calls ` +
        `Walmart ${summary.apiCalls.walmart}, PeopleSoft ${summary.apiCalls.peoplesoft} ` +
        `(${queries} queries, ${posts} EIP posts); ${ps.duplicates().length} duplicates`
      : `no result (exit ${result.code ?? result.signal}, killed after ${Math.round(o.timeoutMs / 1000)} s if SIGKILL); ` +
        `${ps.staged().length} transactions staged by then`;
    return {
      name: 'embedded sync cycle (CLI, both sandboxes)',
      size: `${formatCount(o.orders)} orders × ${o.linesPerOrder} lines`,
      wallMs,
      throughput: summary ? rate(lines, wallMs, 'lines') : 'unfinished',
      peakRssMb: peak ?? Number.NaN,
      heapDeltaMb: Number.NaN,
      notes: `${notes}${stages ? `; stages: ${stages}` : ''}; peak RSS is the CLI process's; wall time includes its start-up`,
    };
  } finally {
    await systems.close();
  }
}
