import {
  awaitsConfirmation,
  type FlagReason,
  type LineRecord,
  type LineStatus,
  mayExistInErp,
  needsAdjustment,
  resolveItemId,
  withoutWrite,
} from '../domain/index.ts';
import { changeLine, type LineChange, UnknownLineError } from './change-line.ts';
import { confirmReceipts } from './confirm-receipts.ts';
import { type EngineDeps, tuningOf } from './engine-deps.ts';
import { sweepLines } from './line-sweeps.ts';

type ReplayDeps = Pick<EngineDeps, 'audit' | 'erp' | 'queue' | 'clock' | 'config' | 'log' | 'tuning'>;

export interface ReplayResult {
  key: string;
  /** `requeued`: back in the work queue; `confirmed`: settled against PeopleSoft; `none`: nothing safe to do. */
  action: 'requeued' | 'confirmed' | 'none';
  status?: LineStatus;
  message: string;
}

/** Flags a replay re-runs from matching: PeopleSoft rejected the receipt, or matching found no fit. */
const REPLAYABLE: ReadonlySet<FlagReason | string> = new Set([
  'RECEIPT_REJECTED',
  'NO_SUPPLIER',
  'AMBIGUOUS_SUPPLIER',
  'NO_OPEN_PO',
  'NO_OPEN_PO_FOR_SUPPLIER',
  'INSUFFICIENT_OPEN_QTY',
  'AMBIGUOUS_PO',
  'UOM_MISMATCH',
]);

/**
 * The change a replay makes: a rejected adjustment is cleared for re-post; a replayable flag whose receipt is
 * not (and may not be) in PeopleSoft goes back to RECEIVED, a rejected receipt cleared. Never touches a write
 * that is STAGED, LOADED, IN_DOUBT or INTENT.
 */
export function replayChange(
  cur: LineRecord,
  opts: { rematch: boolean } = { rematch: true },
): LineChange | undefined {
  const clearAdjustment = cur.adjustment?.state === 'REJECTED';
  const clearReversal = cur.reversal?.state === 'REJECTED';
  const rematch =
    opts.rematch &&
    cur.status === 'FLAGGED' &&
    REPLAYABLE.has(cur.reason ?? '') &&
    !mayExistInErp(cur.receipt);
  if (!clearAdjustment && !clearReversal && !rematch) return undefined;
  let next = clearAdjustment ? withoutWrite(cur, 'adjustment') : { ...cur };
  if (clearReversal) next = withoutWrite(next, 'reversal');
  const notes: string[] = [];
  if (clearAdjustment) notes.push(`the rejected adjustment ${cur.adjustment!.reference} is posted again`);
  if (clearReversal) notes.push(`the rejected reversal ${cur.reversal!.reference} is posted again`);
  if (rematch) {
    if (next.receipt?.state === 'REJECTED') next = withoutWrite(next, 'receipt');
    next = { ...next, status: 'RECEIVED', reason: undefined, poRef: undefined, vendorId: undefined };
    notes.push(`the line (${cur.reason}) is matched again`);
  }
  const detail = `Replayed: ${notes.join('; ')}.`;
  if (rematch) next.detail = detail;
  return { next, actor: 'replay', detail, data: { previousStatus: cur.status, previousReason: cur.reason } };
}

const groupOf = (r: LineRecord, deps: ReplayDeps) =>
  r.itemId ?? resolveItemId(r.sku, deps.config.matching.items);

/**
 * Re-runs lines safely, by key (I4): staged or in-doubt writes are settled by one confirmation (never a blind
 * re-post); replayable flags and rejected adjustments are cleared and re-enqueued; RECEIVED and MATCHED lines
 * are re-enqueued (a duplicate message is harmless). Replaying twice does no more than replaying once.
 */
async function replayLines(deps: ReplayDeps, keys: readonly string[]): Promise<ReplayResult[]> {
  const unique = [...new Set(keys)];
  const records = new Map<string, LineRecord>();
  const results = new Map<string, ReplayResult>();
  for (const key of unique) {
    const r = await deps.audit.get(key);
    if (r) records.set(key, r);
    else results.set(key, { key, action: 'none', message: new UnknownLineError(key).message });
  }

  // One status query settles every staged or in-doubt write of the batch; a receipt is never re-posted blindly.
  const toConfirm = [...records.values()].filter(
    (r) =>
      awaitsConfirmation(r.receipt) || awaitsConfirmation(r.adjustment) || awaitsConfirmation(r.reversal),
  );
  if (toConfirm.length > 0) await confirmReceipts(deps, { keys: toConfirm.map((r) => r.key) });

  for (const before of records.values()) {
    const settling = awaitsConfirmation(before.receipt);
    try {
      const r = toConfirm.includes(before) ? await deps.audit.get(before.key) : before;
      if (!r) continue;
      // A line just settled by confirmation is not re-matched in the same replay; its adjustment may be cleared.
      const { record, change } = await changeLine(deps, r, (cur) =>
        replayChange(cur, { rematch: !settling }),
      );
      const requeue =
        record.status === 'RECEIVED' ||
        record.status === 'MATCHED' ||
        (change !== undefined && record.adjustment === undefined && needsAdjustment(record)) ||
        (change !== undefined && record.reversal === undefined && (record.reversalQuantity ?? 0) > 0);
      if (requeue) await deps.queue.send([{ key: r.key, group: groupOf(record, deps) }]);
      const same = record.status === before.status && record.version === before.version;
      results.set(r.key, {
        key: r.key,
        action: requeue ? 'requeued' : settling ? 'confirmed' : 'none',
        status: record.status,
        message:
          change?.detail ??
          (settling
            ? same
              ? `checked against PeopleSoft; still ${record.status}`
              : (record.detail ?? `now ${record.status}`)
            : requeue
              ? 'sent to the work queue again'
              : `nothing to replay: the line is ${record.status}${record.reason ? ` (${record.reason})` : ''}`),
      });
    } catch (e) {
      results.set(before.key, {
        key: before.key,
        action: 'none',
        status: before.status,
        message: (e as Error).message,
      });
    }
  }
  return unique.map((k) => results.get(k)!);
}

/** Replays one line (see replayLines). Throws UnknownLineError for a key the audit trail does not know. */
export async function replayLine(deps: ReplayDeps, key: string): Promise<ReplayResult> {
  if (!(await deps.audit.get(key))) throw new UnknownLineError(key);
  return (await replayLines(deps, [key]))[0]!;
}

/**
 * Replays every line whose downstream call failed — rejected or unloaded receipts, writes in doubt, rejected
 * adjustments, lines left RECEIVED longer than any retry would take — and redrives the dead letters.
 * A rejected adjustment older than the sweep window is replayed with `replayLine`.
 */
export async function replayFailed(
  deps: ReplayDeps,
): Promise<{ replayed: ReplayResult[]; redriven: number }> {
  const tuning = tuningOf(deps);
  const now = deps.clock.now();
  const [recent, rejected, notLoaded] = await Promise.all([
    sweepLines(deps.audit, { settledSince: now - tuning.sweepWindowMs }),
    deps.audit.list({ status: 'FLAGGED', reason: 'RECEIPT_REJECTED' }),
    deps.audit.list({ status: 'FLAGGED', reason: 'RECEIPT_NOT_LOADED' }),
  ]);
  const lines = [...recent, ...rejected, ...notLoaded];
  const stale = now - 2 * tuning.retryMaxDelayMs;
  const failedCall = (r: LineRecord) =>
    (r.status === 'FLAGGED' && (r.reason === 'RECEIPT_REJECTED' || r.reason === 'RECEIPT_NOT_LOADED')) ||
    r.status === 'IN_DOUBT' ||
    (r.status === 'RECEIVED' && r.updatedAt < stale) ||
    r.adjustment?.state === 'REJECTED';
  const keys = lines.filter(failedCall).map((r) => r.key);
  const replayed = await replayLines(deps, keys);
  const redriven = await deps.queue.redrive();
  return { replayed, redriven };
}
