/**
 * A large seller's day in one cycle: `ml-connector sync --json` in its own process on the embedded runtime,
 * against both sandboxes answering after 20 ms per request, with Walmart's documented rate limits. Prints,
 * per size, the wall time beside the floor (bench/cycle-floor.ts), the calls per endpoint beside the floor's,
 * the CLI's peak RSS and a validity check of what the cycle left behind.
 */
import { readFileSync } from 'node:fs';
import { generateWorld } from '../sandbox/generate-world.ts';
import type { WalmartSandboxOptions } from '../sandbox/walmart/index.ts';
import { type CliResult, type SyncSummary, startConnector } from '../test/e2e/support/connector-cli.ts';
import { type E2eSystems, startE2eSystems } from '../test/e2e/support/e2e-systems.ts';
import { runCycleLater } from '../test/e2e/support/later-cycle.ts';
import { renderGrid } from './bench-table.ts';
import { type Floor, type FloorInput, cycleFloor, type WalmartEndpoint } from './cycle-floor.ts';

export interface ScaleRun {
  orders: number;
  lines: number;
  wallMs: number;
  floor: Floor;
  /** Calls made, by endpoint (Walmart) and by query or operation (PeopleSoft). */
  walmart: Record<string, number>;
  peoplesoft: Record<string, number>;
  peakRssMb: number | undefined;
  /** Empty when the cycle left every line and SKU as it should; otherwise what was wrong. */
  problems: string[];
  exit: string;
}

const LATENCY_MS = 20;
const SKUS = 1_000;

/** Walmart's documented per-endpoint limits (docs/performance.md), as the sandbox's token buckets. */
const WALMART_LIMITS: Partial<Record<WalmartEndpoint, { calls: number; perSeconds: number }>> = {
  orders: { calls: 5_000, perSeconds: 60 },
  acknowledge: { calls: 60, perSeconds: 60 },
  inventory: { calls: 200, perSeconds: 60 },
  feeds: { calls: 10, perSeconds: 3_600 },
  feedStatus: { calls: 5_000, perSeconds: 60 },
};

function sandboxLimits(): WalmartSandboxOptions['rateLimits'] {
  return Object.fromEntries(
    Object.entries(WALMART_LIMITS).map(([ep, l]) => [
      ep,
      { capacity: l.calls, perSecond: l.calls / l.perSeconds },
    ]),
  );
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

/** A day of `orders` orders (1–3 lines each) on both sandboxes, 20 ms per request, Walmart's limits. */
async function scaleSystems(orders: number): Promise<{ systems: E2eSystems; lines: number }> {
  const world = generateWorld({ orders, skus: SKUS, linesPerOrder: [1, 3], seed: 9, poSpanDays: 180 });
  const lines = world.orders.reduce((n, o) => n + o.lines.length, 0);
  const systems = await startE2eSystems({
    world,
    prefix: 'bench-scale',
    walmart: { knobs: { latencyMs: LATENCY_MS, feedProcessingMs: 500 }, rateLimits: sandboxLimits() },
    peoplesoft: { latencyMs: LATENCY_MS },
  });
  return { systems, lines };
}

/** Runs one `sync` to its end (or kills it once `killWhen` holds), sampling the child's peak RSS. */
async function runSync(
  systems: E2eSystems,
  timeoutMs: number,
  killWhen?: () => boolean,
): Promise<{ result: CliResult; peak: number | undefined }> {
  const { child, finished } = startConnector(systems, ['sync', '--json'], { timeoutMs });
  let peak: number | undefined;
  const sampler = setInterval(() => {
    const v = child.pid === undefined ? undefined : highWaterMb(child.pid);
    if (v !== undefined) peak = Math.max(peak ?? 0, v);
    if (killWhen?.()) child.kill('SIGKILL');
  }, 50);
  const result = await finished.finally(() => clearInterval(sampler));
  return { result, peak };
}

/** Runs one cycle of `orders` orders (1–3 lines each) and measures it. */
export async function cycleAtScale(orders: number, timeoutMs: number): Promise<ScaleRun> {
  const { systems, lines } = await scaleSystems(orders);
  try {
    const start = performance.now();
    const { result, peak } = await runSync(systems, timeoutMs);
    const wallMs = performance.now() - start;
    let summary: SyncSummary | undefined;
    try {
      summary = JSON.parse(result.stdout) as SyncSummary;
    } catch {
      summary = undefined;
    }
    const config = systems.config as { inventory: { safetyStock: number } };
    const floor = cycleFloor(floorInput(systems, orders, lines));
    return {
      orders,
      lines,
      wallMs,
      floor,
      walmart: walmartCalls(systems),
      peoplesoft: peoplesoftCalls(systems),
      peakRssMb: peak,
      problems: [
        ...(summary ? [] : [`no summary: ${result.stderr.split('\n').slice(-3).join(' ')}`]),
        ...validity(systems, config.inventory.safetyStock),
      ],
      exit: String(result.code ?? result.signal),
    };
  } finally {
    await systems.close();
  }
}

/**
 * The same day, its `sync` killed (SIGKILL) once PeopleSoft has received half of its posts, then run again:
 * one more `sync`, then cycles as if 20 and 40 minutes later (posts whose fate the kill left unknown are
 * settled by status, or posted again once the in-doubt grace period has passed). What it left must pass the
 * same validity check: every line exactly one receipt and one adjustment.
 */
export async function killedCycleAtScale(orders: number, timeoutMs: number): Promise<KilledRun> {
  const { systems, lines } = await scaleSystems(orders);
  try {
    const halfPosts = Math.ceil(lines / 100);
    const killed = await runSync(
      systems,
      timeoutMs,
      () => systems.peoplesoft.requestCount('post') >= halfPosts,
    );
    const postsAtKill = systems.peoplesoft.requestCount('post');
    const rerun = await runSync(systems, timeoutMs);
    for (const ahead of [20, 40]) await runCycleLater(systems, ahead * 60_000);
    const config = systems.config as { inventory: { safetyStock: number } };
    return {
      orders,
      lines,
      killedBy: String(killed.result.signal ?? killed.result.code),
      postsAtKill,
      rerunExit: String(rerun.result.code ?? rerun.result.signal),
      duplicates: systems.peoplesoft.duplicates().length,
      problems: [
        ...(killed.result.signal === 'SIGKILL' ? [] : ['the first sync ended before it could be killed']),
        ...validity(systems, config.inventory.safetyStock),
        ...(systems.peoplesoft.duplicates().length > 0
          ? [`${systems.peoplesoft.duplicates().length} references staged twice`]
          : []),
      ],
    };
  } finally {
    await systems.close();
  }
}

export interface KilledRun {
  orders: number;
  lines: number;
  killedBy: string;
  postsAtKill: number;
  rerunExit: string;
  duplicates: number;
  problems: string[];
}

/** One line per killed-and-rerun day. */
export function renderKilledRuns(runs: KilledRun[]): string {
  return runs
    .map(
      (r) =>
        `${r.orders.toLocaleString('en-US')} orders (${r.lines.toLocaleString('en-US')} lines): killed (${r.killedBy}) after ${r.postsAtKill} posts, ` +
        `rerun exit ${r.rerunExit}, then two later cycles — ${r.problems.length === 0 ? 'valid: every line exactly one receipt and one adjustment, no reference staged twice' : `INVALID: ${r.problems.join('; ')}`}`,
    )
    .join('\n');
}

function floorInput(systems: E2eSystems, orders: number, lines: number): FloorInput {
  const { world } = systems;
  const safety = (systems.config as { inventory: { safetyStock: number } }).inventory.safetyStock;
  const changedSkus = world.balances.filter(
    (b) => world.walmartInventory[b.itemId] !== Math.max(0, b.qtyAvailable - safety),
  ).length;
  return {
    orders,
    lines,
    changedSkus,
    schedules: world.schedules.length,
    itemVendors: world.itemVendors.length,
    balances: world.balances.length,
    latencyMs: LATENCY_MS,
    maxRows: 1_000,
    transactionsPerMessage: 100,
    orderPageSize: 200,
    feedDetailsPageSize: 50,
    feedThreshold: 20,
    rateLimits: WALMART_LIMITS,
  };
}

function walmartCalls(systems: E2eSystems): Record<string, number> {
  return Object.fromEntries(
    Object.entries(systems.walmart.counters).map(([ep, c]) => [ep, c.requests] as const),
  );
}

function peoplesoftCalls(systems: E2eSystems): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of systems.peoplesoft.requests()) {
    const name =
      r.kind === 'query'
        ? (r.query ?? 'query')
        : r.kind === 'post'
          ? r.operation?.startsWith('PURCHASE_ORDER_RECEIPT')
            ? 'receipt posts'
            : 'adjustment posts'
          : r.kind;
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

/** Every line has exactly one receipt and one adjustment staged; Walmart shows availability − safety. */
function validity(systems: E2eSystems, safety: number): string[] {
  const counts = new Map<string, number>();
  for (const s of systems.peoplesoft.staged())
    counts.set(`${s.kind} ${s.reference}`, (counts.get(`${s.kind} ${s.reference}`) ?? 0) + 1);
  let badLines = 0;
  let first = '';
  for (const order of systems.world.orders) {
    for (const line of order.lines) {
      const ref = `WM-${order.purchaseOrderId}-${line.lineNumber}`;
      const ok = counts.get(`receipt ${ref}`) === 1 && counts.get(`adjustment ${ref}-ADJ`) === 1;
      if (!ok) {
        badLines++;
        first ||= `${ref}: ${counts.get(`receipt ${ref}`) ?? 0} receipts, ${counts.get(`adjustment ${ref}-ADJ`) ?? 0} adjustments`;
      }
    }
  }
  let badSkus = 0;
  for (const b of systems.peoplesoft.balances()) {
    if (systems.walmart.inventory.get(b.itemId) !== Math.max(0, b.qtyAvailable - safety)) badSkus++;
  }
  return [
    ...(badLines > 0 ? [`${badLines} lines without exactly one receipt and one adjustment (${first})`] : []),
    ...(badSkus > 0 ? [`${badSkus} SKUs whose Walmart quantity is not availability − safety`] : []),
  ];
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/** The side-by-side table of the runs, then calls per endpoint beside the floor's. */
export function renderScaleTable(runs: ScaleRun[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const rows = runs.map((r) => [
    r.orders.toLocaleString('en-US'),
    r.lines.toLocaleString('en-US'),
    s(r.wallMs),
    s(r.floor.wallMs),
    (r.wallMs / r.floor.wallMs).toFixed(1),
    `${sum(r.walmart) + sum(r.peoplesoft)} / ${sum(r.floor.walmart) + sum(r.floor.peoplesoft)}`,
    r.peakRssMb === undefined ? '-' : `${r.peakRssMb.toFixed(0)} MB`,
    r.problems.length === 0 ? 'valid' : `INVALID (exit ${r.exit})`,
  ]);
  const out = [
    renderGrid(
      ['orders', 'lines', 'wall', 'floor', 'wall/floor', 'calls / floor', 'peak RSS', 'check'],
      rows,
      1,
    ),
  ];
  for (const r of runs) {
    out.push('', `${r.orders.toLocaleString('en-US')} orders — calls (floor):`);
    const cell = (made: Record<string, number>, floor: Record<string, number>) =>
      [...new Set([...Object.keys(floor), ...Object.keys(made)])]
        .filter((k) => (made[k] ?? 0) > 0 || (floor[k] ?? 0) > 0)
        .map((k) => `${k} ${made[k] ?? 0} (${floor[k] ?? 0})`)
        .join(', ');
    out.push(`  Walmart: ${cell(r.walmart, r.floor.walmart)}`);
    out.push(`  PeopleSoft: ${cell(r.peoplesoft, r.floor.peoplesoft)}`);
    out.push(
      `  floor: ${r.floor.chain} dependent requests × ${LATENCY_MS} ms = ${s(r.floor.latencyWallMs)}; rate-limit wall ${s(r.floor.rateLimitWallMs)}`,
    );
    for (const p of r.problems) out.push(`  PROBLEM: ${p}`);
  }
  return out.join('\n');
}
