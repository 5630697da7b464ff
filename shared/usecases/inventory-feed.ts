import type { InventoryPushResult } from '../ports.ts';
import type { EngineDeps } from './engine-deps.ts';

type PushDeps = Pick<EngineDeps, 'marketplace' | 'clock' | 'config' | 'log'>;

/** One SKU quantity to set on Walmart. */
interface InventoryPush {
  sku: string;
  quantity: number;
}

/** A push result with the way the quantity went: a SKU a feed failed to set is retried by PUT. */
export type PushedBy = InventoryPushResult & { via: 'put' | 'feed' };

/** Sets quantities one `PUT` at a time; a thrown call is a retryable failure of that SKU, never of the batch. */
export async function putEach(
  deps: PushDeps,
  pushes: readonly InventoryPush[],
): Promise<InventoryPushResult[]> {
  const out: InventoryPushResult[] = [];
  for (const p of pushes) {
    try {
      out.push(await deps.marketplace.putInventory(p.sku, p.quantity));
    } catch (e) {
      out.push({
        sku: p.sku,
        ok: false,
        retryable: true,
        code: 'CALL_FAILED',
        message: (e as Error).message,
      });
    }
  }
  return out;
}

/**
 * Sends one bulk inventory feed and follows it (sleeping `walmart.feedPollIntervalMs` through the Clock) until
 * PROCESSED or ERROR or `walmart.feedTimeoutMs`. Items failing with `SYSTEM_ERROR`/`TIMEOUT_ERROR` are retried
 * by `PUT` at once; `DATA_ERROR` items are reported failed. Items the feed never reported (timeout, whole-feed
 * error) are failed and retried next cycle.
 */
export async function pushByFeed(
  deps: PushDeps,
  pushes: readonly InventoryPush[],
): Promise<{ results: PushedBy[]; feedId?: string }> {
  const { marketplace, clock, config, log } = deps;
  let feedId: string;
  try {
    feedId = await marketplace.submitInventoryFeed([...pushes]);
  } catch (e) {
    const message = `inventory feed not accepted: ${(e as Error).message}`;
    return {
      results: pushes.map((p) => ({
        sku: p.sku,
        ok: false,
        retryable: true,
        code: 'FEED_NOT_SUBMITTED',
        message,
        via: 'feed' as const,
      })),
    };
  }
  const deadline = clock.now() + config.walmart.feedTimeoutMs;
  let status = await readStatus(deps, feedId);
  while (status && status.status !== 'PROCESSED' && status.status !== 'ERROR' && clock.now() < deadline) {
    await clock.sleep(Math.min(config.walmart.feedPollIntervalMs, Math.max(0, deadline - clock.now())));
    status = await readStatus(deps, feedId);
  }
  const finished = status?.status === 'PROCESSED' || status?.status === 'ERROR';
  const reported = new Map((finished ? status!.items : []).map((i) => [i.sku, i]));
  if (!finished)
    log.warn('inventory feed not finished in time; its SKUs are pushed again next cycle', { feedId });

  const results: PushedBy[] = [];
  const retryNow: InventoryPush[] = [];
  for (const p of pushes) {
    const item = reported.get(p.sku);
    if (item?.ok) results.push({ ...item, via: 'feed' });
    else if (item?.retryable) retryNow.push(p);
    else if (item) results.push({ ...item, via: 'feed' });
    else {
      const why = finished
        ? `feed ${feedId} ended ${status!.status} without a result for the SKU`
        : `feed ${feedId} did not finish within walmart.feedTimeoutMs`;
      results.push({
        sku: p.sku,
        ok: false,
        retryable: true,
        code: finished ? 'FEED_ERROR' : 'FEED_TIMEOUT',
        message: why,
        via: 'feed',
      });
    }
  }
  for (const r of await putEach(deps, retryNow)) results.push({ ...r, via: 'put' });
  return { results, feedId };
}

async function readStatus(deps: PushDeps, feedId: string) {
  try {
    return await deps.marketplace.inventoryFeedStatus(feedId);
  } catch (e) {
    // A failed status read is not the feed failing: keep following it until the deadline.
    deps.log.warn('inventory feed status not read', { feedId, error: (e as Error).message });
    return { feedId, status: 'INPROGRESS' as const, items: [] };
  }
}
