import {
  ACTIONABLE_STATUSES,
  cancellationChange,
  correctedLineChange,
  invalidLineChange,
  lineKey,
  newLineChange,
  type OrderLine,
  type OrderLineResult,
} from '../domain/index.ts';
import type { OrderWindow } from '../ports.ts';
import { changeLine, createLine } from './change-line.ts';
import { type EngineDeps, together, tuningOf } from './engine-deps.ts';
import { QueueSender } from './queue-sender.ts';

type PollDeps = Pick<
  EngineDeps,
  'marketplace' | 'audit' | 'queue' | 'checkpoints' | 'clock' | 'config' | 'log' | 'tuning' | 'unitOfWork'
>;

export interface PollResult {
  /** Distinct purchase orders in the created window. */
  ordersPolled: number;
  /** Order lines in the created window. */
  lines: number;
  /** Lines new to the audit trail. */
  created: number;
  enqueued: number;
  skipped: number;
  flagged: number;
  /** Purchase orders with at least one actionable line (for acknowledgement). */
  purchaseOrderIds: string[];
  /** Lines that could not be recorded; their window's checkpoint did not advance, so they are read again. */
  failures: { key: string; message: string }[];
  windows: OrderWindow[];
}

/** Checkpoint names: epoch ms where the last fully read window ended. */
export const CHECKPOINT_CREATED = 'orders.created';
export const CHECKPOINT_MODIFIED = 'orders.modified';

const DAY = 86_400_000;
/** Walmart serves no orders older than 180 days; stay a little inside. */
const WALMART_MAX_LOOKBACK = 180 * DAY - 3_600_000;

/**
 * Polls Walmart: the created window (new lines → RECEIVED and enqueued, cancelled → SKIPPED, other
 * non-actionable → SKIPPED, invalid → FLAGGED `INVALID_ORDER_DATA`), then the modified window for
 * cancellations of lines already processed. Dedupes by line key; re-enqueues lines still RECEIVED so a crash
 * between recording and sending strands nothing. Each checkpoint advances only once its window was fully
 * read, recorded and enqueued.
 */
export async function pollOrders(deps: PollDeps): Promise<PollResult> {
  const now = deps.clock.now();
  const sender = new QueueSender(deps.queue, tuningOf(deps).sendChunk);
  const result: PollResult = {
    ordersPolled: 0,
    lines: 0,
    created: 0,
    enqueued: 0,
    skipped: 0,
    flagged: 0,
    purchaseOrderIds: [],
    failures: [],
    windows: [],
  };
  const orders = new Set<string>();
  const actionableOrders = new Set<string>();

  // Before the first poll nothing was processed, so nothing can have been cancelled after processing.
  const firstPoll =
    (await deps.checkpoints.get(CHECKPOINT_CREATED)) === undefined &&
    (await deps.checkpoints.get(CHECKPOINT_MODIFIED)) === undefined;
  const created = await windowOf(deps, CHECKPOINT_CREATED, 'created', now);
  result.windows.push(created);
  const createdFailures = await readWindow(deps, created, sender, result, async (r) => {
    const po = r.ok ? r.line.purchaseOrderId : r.invalid.purchaseOrderId;
    orders.add(po);
    result.lines += 1;
    if (!r.ok) {
      if (await createLine(deps, invalidLineChange(r.invalid, deps.clock.now()))) {
        result.created += 1;
        result.flagged += 1;
      }
      return;
    }
    await recordCreated(deps, r.line, sender, result);
    if (ACTIONABLE_STATUSES.has(r.line.status)) actionableOrders.add(po);
  });
  if (createdFailures === 0) await deps.checkpoints.set(CHECKPOINT_CREATED, String(now));

  if (firstPoll) {
    // The created pass recorded cancelled lines as skipped; the next poll's late-cancellation pass starts now.
    if (createdFailures === 0) await deps.checkpoints.set(CHECKPOINT_MODIFIED, String(now));
  } else {
    const modified = await windowOf(deps, CHECKPOINT_MODIFIED, 'modified', now);
    result.windows.push(modified);
    const modifiedFailures = await readWindow(deps, modified, sender, result, async (r) => {
      if (r.ok && r.line.cancelledQuantity > 0) await recordCancelled(deps, r.line, sender, result);
    });
    if (modifiedFailures === 0) await deps.checkpoints.set(CHECKPOINT_MODIFIED, String(now));
  }

  result.ordersPolled = orders.size;
  result.purchaseOrderIds = [...actionableOrders];
  result.enqueued = sender.sent;
  deps.log.info('orders polled', {
    ...result,
    purchaseOrderIds: undefined,
    failures: result.failures.length,
  });
  return result;
}

async function windowOf(
  deps: PollDeps,
  checkpoint: string,
  by: OrderWindow['by'],
  now: number,
): Promise<OrderWindow> {
  const raw = await deps.checkpoints.get(checkpoint);
  const last = raw === undefined ? Number.NaN : Number(raw);
  let start: number;
  if (Number.isFinite(last)) {
    start = last - deps.config.orders.overlapMinutes * 60_000;
  } else {
    if (raw !== undefined)
      deps.log.warn('ignoring an unreadable orders checkpoint', { checkpoint, value: raw });
    start = now - deps.config.orders.initialLookbackDays * DAY;
  }
  return { start: Math.min(now, Math.max(start, now - WALMART_MAX_LOOKBACK)), end: now, by };
}

/** Lines recorded per unit of work: a few commits per thousand lines, and as many lines in memory at most. */
const RECORD_CHUNK = 1_000;

/**
 * Reads a whole window; a line that fails is reported and the window goes on. Lines are recorded and
 * enqueued a chunk at a time, each chunk one unit of work of the store (its writes committed together).
 */
async function readWindow(
  deps: PollDeps,
  window: OrderWindow,
  sender: QueueSender,
  result: PollResult,
  handle: (r: OrderLineResult) => Promise<void>,
): Promise<number> {
  let failures = 0;
  let chunk: OrderLineResult[] = [];
  const record = async () => {
    const lines = chunk;
    chunk = [];
    await together(deps, async () => {
      for (const r of lines) {
        try {
          await handle(r);
        } catch (e) {
          failures += 1;
          const key = r.ok ? lineKey(r.line) : lineKey(r.invalid);
          result.failures.push({ key, message: (e as Error).message });
          deps.log.error('order line not recorded; its window is read again next poll', {
            key,
            error: (e as Error).message,
          });
        }
      }
      await sender.flush();
    });
  };
  try {
    for await (const r of deps.marketplace.orderLines(window)) {
      chunk.push(r);
      if (chunk.length >= RECORD_CHUNK) await record();
    }
  } finally {
    await record();
  }
  return failures;
}

async function recordCreated(
  deps: PollDeps,
  line: OrderLine,
  sender: QueueSender,
  result: PollResult,
): Promise<void> {
  const change = newLineChange(line, deps.config);
  const key = change.next.key;
  const enqueue = () => sender.add({ key, group: change.next.itemId ?? line.sku });
  if (await createLine(deps, change)) {
    result.created += 1;
    if (change.next.status === 'SKIPPED') result.skipped += 1;
    else await enqueue();
    return;
  }
  const existing = await deps.audit.get(key);
  if (!existing) return;
  if (line.cancelledQuantity > (existing.cancelledQuantity ?? 0) || line.status === 'Cancelled') {
    await recordCancelled(deps, line, sender, result);
  } else if (existing.status === 'RECEIVED') {
    // Recorded but maybe never sent (a crash in between); a duplicate message is harmless.
    await enqueue();
  } else if (existing.reason === 'INVALID_ORDER_DATA') {
    const { change: applied } = await changeLine(deps, existing, (cur) =>
      correctedLineChange(cur, line, deps.config),
    );
    if (applied?.next.status === 'RECEIVED') await enqueue();
    if (applied?.next.status === 'SKIPPED') result.skipped += 1;
  }
}

async function recordCancelled(
  deps: PollDeps,
  line: OrderLine,
  sender: QueueSender,
  result: PollResult,
): Promise<void> {
  const change = newLineChange(line, deps.config);
  if (await createLine(deps, change)) {
    result.created += 1;
    if (change.next.status === 'SKIPPED') result.skipped += 1;
    else await sender.add({ key: change.next.key, group: change.next.itemId ?? line.sku });
    return;
  }
  const { change: applied } = await changeLine(deps, change.next.key, (cur) =>
    cancellationChange(cur, line, 'poll', deps.config.orders.reverseCancelledAdjustments),
  );
  if (applied?.next.status === 'FLAGGED') result.flagged += 1;
  // A reversal that can be posted now goes to the matcher; one whose adjustment is still in doubt is queued
  // by confirmation once PeopleSoft shows the adjustment.
  const owed = applied?.next;
  if (owed?.reversalQuantity && !owed.reversal && ['STAGED', 'LOADED'].includes(owed.adjustment?.state ?? ''))
    await sender.add({ key: owed.key, group: owed.itemId ?? line.sku });
  if (applied?.next.status === 'SKIPPED') result.skipped += 1;
}
