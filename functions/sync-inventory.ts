/**
 * Inventory sync (scheduled): PeopleSoft balances changed since the last run become Walmart quantities
 * (`max(0, QTY_AVAILABLE - safetyStock)`), by single PUTs or one bulk feed. A feed is followed only while the
 * invocation has time left; SKUs whose result is not known by then are pushed again by the next run.
 */
import type { Context } from 'aws-lambda';
import {
  awsRuntime,
  count,
  lambdaHandler,
  METRIC,
  runStage,
  type ScheduledEvent,
  workBudgetMs,
} from './runtime/index.ts';
import {
  reconcileInventory,
  rememberFeed,
  syncInventory,
  type SyncInventoryResult,
} from '../shared/usecases/index.ts';

/** Failure code `pushByFeed` gives the SKUs of a feed it stopped following. */
const FEED_TIMEOUT = 'FEED_TIMEOUT';

/** One inventory cycle; the `reconcile` job (schedule.reconcile) sets every SKU that disagrees instead. */
export async function syncInventoryJob(
  event: ScheduledEvent = {},
  context?: Context,
): Promise<SyncInventoryResult> {
  const rt = awsRuntime();
  if (event.job === 'reconcile') return reconcileJob(rt, event);
  const budget = workBudgetMs(context);
  const walmart =
    budget === undefined
      ? rt.config.walmart
      : {
          ...rt.config.walmart,
          feedTimeoutMs: Math.max(1, Math.min(rt.config.walmart.feedTimeoutMs, budget)),
        };
  return runStage(rt, async () => {
    const startedAt = rt.clock.now();
    const result = await syncInventory({ ...rt, config: { ...rt.config, walmart } });
    // SKUs of a feed still processing are not failures yet: the feed follow-up reports them.
    const waiting = result.failed.filter((f) => f.reason.startsWith(FEED_TIMEOUT));
    if (result.feedId && waiting.length > 0) {
      await rememberFeed(
        { ...rt, owner: `sync-inventory-${context?.awsRequestId ?? globalThis.crypto.randomUUID()}` },
        { feedId: result.feedId, submittedAt: startedAt, items: waiting.length },
      );
    }
    count(METRIC.inventoryPushed, result.pushed);
    count(METRIC.inventoryFailed, result.failed.length - waiting.length);
    for (const f of result.failed) rt.log.warn('inventory not pushed', { sku: f.sku, reason: f.reason });
    rt.log.info('inventory sync done', {
      pushed: result.pushed,
      failed: result.failed.length,
      changedBalances: result.changedBalances,
      via: result.via,
      feedId: result.feedId,
      scheduledTime: event.scheduledTime,
    });
    return result;
  });
}

/**
 * A full reconcile with push: heals drift that no PeopleSoft change would trigger a push for. Reported in the
 * inventory cycle's shape (`changedBalances` counts the SKUs that disagreed).
 */
function reconcileJob(
  rt: ReturnType<typeof awsRuntime>,
  event: ScheduledEvent,
): Promise<SyncInventoryResult> {
  return runStage(rt, async () => {
    const drift = await reconcileInventory(rt, { push: true });
    const pushed = drift.pushed ?? [];
    const result: SyncInventoryResult = {
      pushed: pushed.filter((p) => p.outcome === 'SET').length,
      failed: pushed
        .filter((p) => p.outcome !== 'SET')
        .map((p) => ({ sku: p.sku, reason: p.detail ?? p.outcome })),
      changedBalances: drift.disagreeing.length,
      via: drift.via ?? 'none',
      ...(drift.feedId ? { feedId: drift.feedId } : {}),
    };
    count(METRIC.inventoryPushed, result.pushed);
    count(METRIC.inventoryFailed, result.failed.length);
    rt.log.info('inventory reconcile done', {
      compared: drift.compared,
      disagreeing: drift.disagreeing.length,
      pushed: result.pushed,
      failed: result.failed.length,
      via: result.via,
      scheduledTime: event.scheduledTime,
    });
    return result;
  });
}

export const handler = lambdaHandler(syncInventoryJob);
