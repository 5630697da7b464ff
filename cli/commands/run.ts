import { randomUUID } from 'node:crypto';
import {
  CycleBusyError,
  type InventoryCycleResult,
  type OrdersCycleResult,
  reconcileInventory,
  runInventoryCycle,
  runOrdersCycle,
  type StageError,
} from '../../shared/usecases/index.ts';
import { EXIT } from '../cli-errors.ts';
import type { CliContext } from '../cli-context.ts';
import type { Command } from '../command.ts';
import { stageErrorLines } from '../cycle-report.ts';
import type { EmbeddedRuntime } from '../embedded-runtime.ts';
import { runtimeFor } from '../runtime-context.ts';
import { CycleScheduler, type CycleKind } from '../scheduler/cycle-scheduler.ts';
import { nextStopSignal } from '../signals.ts';

const DAY = 86_400_000;

/** `run`: the orders and inventory cycles on their schedules until SIGINT/SIGTERM. */
export const command: Command = {
  name: 'run',
  summary: 'keep running: orders and inventory cycles on schedule.orders / schedule.inventory',
  description: [
    'Cron expressions in schedule.timeZone. One cycle of a kind at a time: a slow cycle delays the next one',
    'instead of overlapping it. One heartbeat line per cycle on stdout (and in the log). SIGINT or SIGTERM',
    'lets the cycle in hand finish, then exits 0; a second signal stops at once (exit 3).',
    'Audit entries older than store.retentionDays are purged once a day.',
  ].join('\n'),
  options: { now: { type: 'boolean', description: 'also run each cycle once right away' } },
  positionals: [],
  examples: ['ml-connector run --log-file /var/log/ml-connector/ml-connector.log'],
  async run(ctx, { values }) {
    const runtime = runtimeFor(ctx);
    const stop = nextStopSignal();
    try {
      await runtime.credentials.walmart();
      await runtime.credentials.peoplesoft();
      const { schedule } = runtime.config;
      let lastPurge = 0;
      const purge = async () => {
        const now = ctx.io.clock.now();
        if (now - lastPurge < DAY) return;
        lastPurge = now;
        const removed = await runtime.store.audit.purgeOlderThan(runtime.config.store.retentionDays * DAY);
        if (removed.entries || removed.lines) ctx.log.info('audit trail purged', { ...removed });
      };
      const scheduler: CycleScheduler = new CycleScheduler(
        [
          { kind: 'orders', pattern: schedule.orders, run: () => cycle(ctx, runtime, 'orders', scheduler) },
          {
            kind: 'inventory',
            pattern: schedule.inventory,
            run: async (): Promise<void> => {
              await cycle(ctx, runtime, 'inventory', scheduler);
              await purge();
            },
          },
          ...(schedule.reconcile
            ? [
                {
                  kind: 'reconcile' as const,
                  pattern: schedule.reconcile,
                  run: () => cycle(ctx, runtime, 'reconcile', scheduler),
                },
              ]
            : []),
        ],
        schedule.timeZone,
        (kind, e) => {
          ctx.fail(`${stamp(ctx)} ${kind} cycle failed: ${(e as Error).message}`);
          ctx.log.error('cycle failed', { kind, error: e });
        },
      );
      scheduler.start(values.now === true);
      ctx.log.info('scheduler started', {
        orders: schedule.orders,
        inventory: schedule.inventory,
        reconcile: schedule.reconcile ?? null,
        timeZone: schedule.timeZone,
      });
      say(
        ctx,
        {
          event: 'started',
          schedules: {
            orders: schedule.orders,
            inventory: schedule.inventory,
            reconcile: schedule.reconcile ?? null,
          },
          timeZone: schedule.timeZone,
          next: {
            orders: scheduler.nextRun('orders')?.toISOString() ?? null,
            inventory: scheduler.nextRun('inventory')?.toISOString() ?? null,
          },
        },
        `${stamp(ctx)} ml-connector running: orders "${schedule.orders}", inventory "${schedule.inventory}" (${schedule.timeZone}); ` +
          `next orders cycle ${when(scheduler.nextRun('orders'))}, next inventory cycle ${when(scheduler.nextRun('inventory'))}` +
          `${schedule.reconcile ? `, next reconcile ${when(scheduler.nextRun('reconcile'))} ("${schedule.reconcile}")` : ''}. Ctrl-C stops.`,
      );
      const signal = await stop.signal;
      const busy = (['orders', 'inventory', 'reconcile'] as const).filter((k) => scheduler.isRunning(k));
      say(
        ctx,
        { event: 'stopping', signal, finishing: busy },
        `${stamp(ctx)} ${signal}: ${busy.length ? `finishing the ${busy.join(' and ')} cycle in hand, then stopping` : 'stopping'}.`,
      );
      const again = nextStopSignal();
      const forced = await Promise.race([scheduler.stop().then(() => false), again.signal.then(() => true)]);
      again.cancel();
      if (forced) {
        ctx.fail(`${stamp(ctx)} stopped at once; an interrupted post is settled by the next run.`);
        return EXIT.FAILED;
      }
      say(ctx, { event: 'stopped' }, `${stamp(ctx)} stopped.`);
      ctx.log.info('scheduler stopped', { signal });
      return EXIT.OK;
    } finally {
      stop.cancel();
      runtime.close();
    }
  },
};

function stamp(ctx: CliContext): string {
  return `${new Date(ctx.io.clock.now()).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function when(d: Date | null): string {
  return d ? `${d.toISOString().slice(0, 19).replace('T', ' ')}Z` : 'never';
}

/** Runs one cycle with its own correlation id and prints its heartbeat line. */
async function cycle(
  ctx: CliContext,
  runtime: EmbeddedRuntime,
  kind: CycleKind,
  scheduler: CycleScheduler,
): Promise<void> {
  const correlationId = randomUUID();
  const deps = { ...runtime.deps, log: ctx.log.with({ correlation_id: correlationId, cycle: kind }) };
  const started = ctx.io.clock.now();
  let errors: StageError[];
  let text: string;
  try {
    if (kind === 'orders') {
      const r = await runOrdersCycle(deps);
      errors = r.stageErrors;
      text = ordersText(r);
    } else if (kind === 'inventory') {
      const r = await runInventoryCycle(deps);
      errors = r.stageErrors;
      text = inventoryText(r);
    } else {
      const drift = await reconcileInventory(deps, { push: true });
      const set = (drift.pushed ?? []).filter((x) => x.outcome === 'SET').length;
      errors = [];
      text = `${drift.compared} SKUs compared, ${drift.disagreeing.length} disagreed, ${set} set`;
    }
  } catch (e) {
    if (!(e instanceof CycleBusyError)) throw e;
    say(
      ctx,
      { event: 'skipped', kind, reason: e.message },
      `${stamp(ctx)} ${kind} cycle skipped: ${e.message}`,
    );
    return;
  }
  const secs = ((ctx.io.clock.now() - started) / 1000).toFixed(1);
  const next = when(scheduler.nextRun(kind));
  deps.log.info('heartbeat', {
    kind,
    durationMs: ctx.io.clock.now() - started,
    stageErrors: errors.length,
    summary: text,
  });
  if (ctx.globals.json) {
    ctx.jsonLine({
      event: 'cycle',
      at: new Date(ctx.io.clock.now()).toISOString(),
      kind,
      durationMs: ctx.io.clock.now() - started,
      summary: text,
      stageErrors: errors.map((e) => ({ stage: e.stage, error: e.error, message: e.message })),
      next: scheduler.nextRun(kind)?.toISOString() ?? null,
    });
    return;
  }
  if (errors.length === 0) {
    ctx.print(`${stamp(ctx)} ${kind} cycle done in ${secs} s: ${text}; next ${next}`);
    return;
  }
  ctx.print(
    `${stamp(ctx)} ${kind} cycle done with ${errors.length} failed stage(s) in ${secs} s: ${text}; next ${next}`,
  );
  for (const l of stageErrorLines(errors, ctx.paint)) ctx.fail(l);
}

/** One event of `run`: a JSON object on its own line with --json, else the human line. */
function say(ctx: CliContext, event: Record<string, unknown>, text: string): void {
  if (ctx.globals.json) ctx.jsonLine({ ...event, at: new Date(ctx.io.clock.now()).toISOString() });
  else ctx.print(text);
}

function ordersText(r: OrdersCycleResult): string {
  const p = r.poll;
  const d = r.drain;
  const c = r.confirm;
  const flagged = (p?.flagged ?? 0) + (d?.flagged ?? 0) + (c?.flagged ?? 0);
  return (
    `${p?.ordersPolled ?? 0} orders / ${p?.lines ?? 0} lines polled, ` +
    `${d?.receiptsPosted ?? 0} receipts and ${d?.adjustmentsPosted ?? 0} adjustments posted, ` +
    `${c?.confirmed ?? 0} confirmed, ${flagged} flagged`
  );
}

function inventoryText(r: InventoryCycleResult): string {
  const i = r.inventory;
  return `${i?.changedBalances ?? 0} changed balances, ${i?.pushed ?? 0} SKUs pushed, ${i?.failed.length ?? 0} failed`;
}
