import {
  awaitsConfirmation,
  type LineRecord,
  resolveItemId,
  type SettleEffects,
  settleLine,
  statusByReference,
} from '../domain/index.ts';
import { changeLine } from './change-line.ts';
import { type EngineDeps, together, tuningOf } from './engine-deps.ts';
import { sweepEach } from './line-sweeps.ts';
import { statusSince } from './status-since.ts';
import { QueueSender } from './queue-sender.ts';

type ConfirmDeps = Pick<
  EngineDeps,
  'erp' | 'audit' | 'queue' | 'clock' | 'config' | 'log' | 'tuning' | 'unitOfWork'
>;

export interface ConfirmResult {
  /** Lines with a staged or in-doubt write that were looked at. */
  checked: number;
  /** Lines that became RECEIPTED. */
  confirmed: number;
  flagged: number;
  /** Lines whose post provably never arrived, re-enqueued to be posted again. */
  reposted: number;
  adjustmentsLoaded: number;
  adjustmentsRejected: number;
  failures: { key: string; message: string }[];
}

/** A line with something to settle: its key and the oldest intent of its unsettled writes. */
interface Pending {
  key: string;
  oldestIntent: number;
}

/**
 * Lines with something to settle: a sweep of the in-flow states plus recently updated lines, read a page at
 * a time and kept as keys, so a day of 100,000 staged lines is never held whole in memory.
 */
async function pendingLines(deps: ConfirmDeps, keys: readonly string[] | undefined): Promise<Pending[]> {
  const now = deps.clock.now();
  const window = tuningOf(deps).sweepWindowMs;
  const found: AsyncIterable<LineRecord | undefined> | (LineRecord | undefined)[] = keys
    ? await Promise.all(keys.map((k) => deps.audit.get(k)))
    : // Flagged, receipted and reviewer-skipped lines can still have a staged adjustment (or a late receipt load).
      sweepEach(deps.audit, { settledSince: now - window, settled: ['FLAGGED', 'RECEIPTED', 'SKIPPED'] });
  const out: Pending[] = [];
  for await (const r of found) {
    if (!r) continue;
    const waiting = [r.receipt, r.adjustment, r.reversal].filter((w) => awaitsConfirmation(w));
    if (waiting.length > 0)
      out.push({ key: r.key, oldestIntent: Math.min(...waiting.map((w) => w!.intentAt)) });
  }
  return out;
}

/**
 * Confirms staged receipts and settles writes in doubt with ONE receipt-status query (since the oldest
 * pending intent minus a margin). See settleLine for the rules. Lines whose post provably never arrived are
 * re-enqueued; nothing is ever posted from here.
 */
export async function confirmReceipts(
  deps: ConfirmDeps,
  opts: { keys?: readonly string[] } = {},
): Promise<ConfirmResult> {
  const tuning = tuningOf(deps);
  const result: ConfirmResult = {
    checked: 0,
    confirmed: 0,
    flagged: 0,
    reposted: 0,
    adjustmentsLoaded: 0,
    adjustmentsRejected: 0,
    failures: [],
  };
  const pending = await pendingLines(deps, opts.keys);
  result.checked = pending.length;
  if (pending.length === 0) return result;

  const since = statusSince(
    pending.map((p) => p.oldestIntent),
    tuning.statusQueryMarginMs,
  );
  const status = await deps.erp.stagedTransactions(since);
  if (status.invalid.length > 0)
    deps.log.warn('receipt status rows could not be used', { rows: status.invalid.length });
  const rows = statusByReference(status.rows);
  const rules = {
    graceMs: tuning.inDoubtGraceMs,
    loadTimeoutMs: deps.config.peoplesoft.receiptLoadTimeoutMinutes * 60_000,
  };

  const sender = new QueueSender(deps.queue, tuning.sendChunk);
  // Every settlement and re-enqueue of the cycle in one unit of work: none of it calls PeopleSoft.
  await together(deps, async () => {
    try {
      for (const line of pending) {
        let effects: SettleEffects | undefined;
        try {
          const { record, change } = await changeLine(deps, line.key, (cur) => {
            const settled = settleLine(cur, rows, deps.clock.now(), rules);
            effects = settled.effects;
            return settled.change;
          });
          if (!change || !effects) continue;
          if (effects.confirmed) result.confirmed += 1;
          if (effects.flagged) result.flagged += 1;
          if (effects.adjustmentLoaded) result.adjustmentsLoaded += 1;
          if (effects.adjustmentRejected) result.adjustmentsRejected += 1;
          if (effects.repost) {
            result.reposted += 1;
            await sender.add({
              key: record.key,
              group: record.itemId ?? resolveItemId(record.sku, deps.config.matching.items),
            });
          }
        } catch (e) {
          result.failures.push({ key: line.key, message: (e as Error).message });
        }
      }
    } finally {
      await sender.flush();
    }
  });
  deps.log.info('receipts confirmed', { ...result, failures: result.failures.length });
  return result;
}
