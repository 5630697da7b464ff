import { type InventoryBalance, skusOfItem } from '../domain/index.ts';
import type { EngineDeps } from './engine-deps.ts';
import { type QuantityToSet, setWalmartQuantities, walmartQuantity } from './set-walmart-quantities.ts';

type InventoryDeps = Pick<
  EngineDeps,
  'marketplace' | 'erp' | 'audit' | 'checkpoints' | 'clock' | 'config' | 'log'
>;

export interface SyncInventoryResult {
  /** SKUs whose Walmart quantity was set. */
  pushed: number;
  failed: { sku: string; reason: string }[];
  /** Balances PeopleSoft reported changed. */
  changedBalances: number;
  via: 'none' | 'put' | 'feed';
  feedId?: string;
}

/** Checkpoint: epoch ms of the latest `DT_TIMESTAMP` pushed (the query is `>=`, so it is re-read harmlessly). */
export const CHECKPOINT_BALANCES = 'inventory.balances';
/** Checkpoint: JSON list of SKUs whose last push failed, with what is needed to read their balance again. */
export const CHECKPOINT_RETRY = 'inventory.retry';
/**
 * Checkpoint: JSON `{at, items: {itemId: qtyAvailable}}` of the balances pushed at the high-water mark itself.
 * The `>=` query returns them again; they are skipped unless they changed, while a balance that changed within
 * the same timestamp is still pushed.
 */
const CHECKPOINT_EDGE = 'inventory.edge';

interface RetryEntry {
  sku: string;
  itemId: string;
  changedAt: number;
}

/**
 * Pushes PeopleSoft stock to Walmart (I5): balances changed since the last cycle (every balance on the first
 * cycle) become `max(0, QTY_AVAILABLE - inventory.safetyStock)` for each SKU of the item; SKUs PeopleSoft does
 * not report are left alone. Up to `inventory.feedThreshold` SKUs go by single PUTs, more by one bulk feed.
 * Failed SKUs are remembered and pushed again next cycle with their then-current balance.
 */
export async function syncInventory(deps: InventoryDeps): Promise<SyncInventoryResult> {
  const { erp, checkpoints, config, log } = deps;
  const raw = await checkpoints.get(CHECKPOINT_BALANCES);
  const parsed = raw === undefined ? Number.NaN : Number(raw);
  const last = Number.isFinite(parsed) ? parsed : undefined;
  const retry = parseRetry(await checkpoints.get(CHECKPOINT_RETRY), log);
  const edge = parseEdge(await checkpoints.get(CHECKPOINT_EDGE), last);

  // A retried item's current balance has a DT_TIMESTAMP at or after the one that failed: one query covers both.
  const since =
    last === undefined || retry.length === 0 ? last : Math.min(last, ...retry.map((r) => r.changedAt));
  const read = await erp.inventoryBalances(since);
  if (read.invalid.length > 0)
    log.warn('inventory balance rows could not be used', { rows: read.invalid.length });

  const latest = latestPerItem(read.rows);
  const retryItems = new Set(retry.map((r) => r.itemId));
  const alreadyPushed = (b: InventoryBalance) => b.changedAt === last && edge[b.itemId] === b.qtyAvailable;
  const fresh = [...latest.values()].filter(
    (b) => retryItems.has(b.itemId) || last === undefined || (b.changedAt >= last && !alreadyPushed(b)),
  );

  const skusOf = skusOfItem(config.matching.items);
  const pushes = new Map<string, QuantityToSet>();
  for (const b of fresh) {
    for (const sku of skusOf(b.itemId)) {
      pushes.set(sku, {
        sku,
        quantity: walmartQuantity(b.qtyAvailable, config.inventory.safetyStock),
        itemId: b.itemId,
        balance: b.qtyAvailable,
        balanceAt: b.changedAt,
      });
    }
  }

  const list = [...pushes.values()];
  const outcome = await setWalmartQuantities(deps, list, 'cycle');
  const result: SyncInventoryResult = {
    pushed: 0,
    failed: [],
    changedBalances: fresh.length,
    via: outcome.via,
    ...(outcome.feedId ? { feedId: outcome.feedId } : {}),
  };
  for (const e of outcome.entries) {
    if (e.outcome === 'SET') result.pushed += 1;
    else result.failed.push({ sku: e.sku, reason: e.detail ?? e.outcome });
  }

  const failedSkus = new Set(result.failed.map((f) => f.sku));
  // A remembered SKU PeopleSoft no longer reports stays remembered until it is pushed.
  const stillOwed = retry.filter((r) => !pushes.has(r.sku));
  const nextRetry: RetryEntry[] = [
    ...stillOwed,
    ...list
      .filter((p) => failedSkus.has(p.sku))
      .map((p) => ({ sku: p.sku, itemId: p.itemId, changedAt: p.balanceAt })),
  ];
  await checkpoints.set(CHECKPOINT_RETRY, JSON.stringify(nextRetry));
  const newest = Math.max(last ?? Number.NEGATIVE_INFINITY, ...read.rows.map((b) => b.changedAt));
  if (Number.isFinite(newest)) {
    const items: Record<string, number> = newest === last ? { ...edge } : {};
    for (const b of latest.values()) {
      const ok = skusOf(b.itemId).every((sku) => !failedSkus.has(sku));
      if (b.changedAt === newest && ok) items[b.itemId] = b.qtyAvailable;
    }
    await checkpoints.set(CHECKPOINT_EDGE, JSON.stringify({ at: newest, items }));
    await checkpoints.set(CHECKPOINT_BALANCES, String(newest));
  }
  log.info('inventory synced', { ...result, failed: result.failed.length });
  return result;
}

function latestPerItem(rows: readonly InventoryBalance[]): Map<string, InventoryBalance> {
  const out = new Map<string, InventoryBalance>();
  for (const b of rows) {
    const seen = out.get(b.itemId);
    if (!seen || b.changedAt >= seen.changedAt) out.set(b.itemId, b);
  }
  return out;
}

function parseEdge(raw: string | undefined, last: number | undefined): Record<string, number> {
  if (!raw || last === undefined) return {};
  try {
    const parsed = JSON.parse(raw) as { at?: unknown; items?: unknown };
    return parsed.at === last && parsed.items && typeof parsed.items === 'object'
      ? (parsed.items as Record<string, number>)
      : {};
  } catch {
    return {};
  }
}

function parseRetry(raw: string | undefined, log: InventoryDeps['log']): RetryEntry[] {
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!Array.isArray(parsed)) throw new Error('not a list');
    return parsed.filter(
      (e): e is RetryEntry =>
        typeof e?.sku === 'string' && typeof e?.itemId === 'string' && typeof e?.changedAt === 'number',
    );
  } catch (e) {
    log.warn('ignoring an unreadable inventory retry checkpoint', { error: (e as Error).message });
    return [];
  }
}
