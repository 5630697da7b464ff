import type { LineRecord } from './audit-record.ts';
import type { StagedTransaction } from './erp-records.ts';
import { flagSentence } from './flag-messages.ts';
import { settleWrite } from './settle-write.ts';
import { withoutWrite } from './write-progress.ts';
import type { LineChange } from './line-change.ts';
import { needsAdjustment } from './decide-line.ts';

interface SettleRules {
  /** A write in doubt is declared absent only when older than this. */
  graceMs: number;
  /** A staged receipt not loaded after this long is flagged `RECEIPT_NOT_LOADED`. */
  loadTimeoutMs: number;
}

export interface SettleEffects {
  /** The line became RECEIPTED. */
  confirmed: boolean;
  /** The line became FLAGGED. */
  flagged: boolean;
  /** A write was cleared as never arrived and must be posted again: re-enqueue the key. */
  repost: boolean;
  adjustmentLoaded: boolean;
  adjustmentRejected: boolean;
}

/** A reversal is owed and can be posted now: its adjustment is known in PeopleSoft, and none is recorded. */
const reversalDue = (r: LineRecord) =>
  (r.reversalQuantity ?? 0) > 0 &&
  r.reversal === undefined &&
  (r.adjustment?.state === 'STAGED' || r.adjustment?.state === 'LOADED');

/** A receipt's line waits on it (as opposed to a cancelled line that keeps its flag). */
const waitsOnReceipt = (r: LineRecord) =>
  r.status === 'POSTED' ||
  r.status === 'IN_DOUBT' ||
  (r.status === 'FLAGGED' && r.reason === 'RECEIPT_NOT_LOADED');

/**
 * Settles a line's staged or in-doubt writes against the receipt-status rows (docs/guarantees.md §2, §5):
 * receipt LOADED → RECEIPTED; ERROR → FLAGGED `RECEIPT_REJECTED`; staged and not loaded past the timeout →
 * FLAGGED `RECEIPT_NOT_LOADED`; in doubt and present → STAGED/LOADED; in doubt, absent and past the grace
 * period → cleared (attempts kept) and the line back to RECEIVED to be posted again. Adjustments and
 * reversals likewise, without changing the line's status; a reversal whose adjustment is now known in
 * PeopleSoft is due, so the line is queued for it.
 */
export function settleLine(
  cur: LineRecord,
  rows: ReadonlyMap<string, StagedTransaction>,
  now: number,
  rules: SettleRules,
): { change?: LineChange; effects: SettleEffects } {
  const effects: SettleEffects = {
    confirmed: false,
    flagged: false,
    repost: false,
    adjustmentLoaded: false,
    adjustmentRejected: false,
  };
  let next: LineRecord = { ...cur };
  const notes: string[] = [];
  const data: Record<string, unknown> = {};
  let changed = false;

  const w = cur.receipt;
  if (w) {
    const s = settleWrite(w, rows.get(w.reference), now, rules.graceMs);
    if (s.kind === 'loaded') {
      changed = true;
      next.receipt = { ...w, state: 'LOADED', receiverId: s.receiverId };
      data.receipt = { reference: w.reference, status: 'LOADED', receiverId: s.receiverId };
      notes.push(
        `Receipt ${w.reference} loaded in PeopleSoft${s.receiverId ? ` as receiver ${s.receiverId}` : ''}.`,
      );
      if (waitsOnReceipt(cur)) {
        next = { ...next, status: 'RECEIPTED', reason: undefined, detail: notes[notes.length - 1] };
        effects.confirmed = true;
      }
    } else if (s.kind === 'error') {
      changed = true;
      next.receipt = { ...w, state: 'REJECTED', error: { message: s.message } };
      data.receipt = { reference: w.reference, status: 'ERROR', errorText: s.message };
      const detail = flagSentence('RECEIPT_REJECTED', {
        reference: w.reference,
        poRef: cur.poRef,
        message: s.message,
      });
      notes.push(detail);
      if (waitsOnReceipt(cur)) {
        next = { ...next, status: 'FLAGGED', reason: 'RECEIPT_REJECTED', detail };
        effects.flagged = true;
      }
    } else if (s.kind === 'staged') {
      changed = true;
      next.receipt = { ...w, state: 'STAGED' };
      notes.push(`Receipt ${w.reference} found staged in PeopleSoft; waiting for it to load.`);
      if (cur.status === 'IN_DOUBT') next = { ...next, status: 'POSTED', detail: notes[notes.length - 1] };
    } else if (s.kind === 'absent') {
      changed = true;
      next = withoutWrite(next, 'receipt');
      notes.push(
        `PeopleSoft never received the receipt ${w.reference}; it will be matched and posted again.`,
      );
      if (cur.status === 'IN_DOUBT') {
        next = {
          ...next,
          status: 'RECEIVED',
          reason: undefined,
          poRef: undefined,
          vendorId: undefined,
          detail: notes[notes.length - 1],
        };
      }
    } else if (w.state === 'STAGED' && cur.status === 'POSTED' && now - w.intentAt > rules.loadTimeoutMs) {
      changed = true;
      const minutes = Math.floor((now - w.intentAt) / 60_000);
      const detail = flagSentence('RECEIPT_NOT_LOADED', {
        reference: w.reference,
        poRef: cur.poRef,
        minutes,
      });
      next = { ...next, status: 'FLAGGED', reason: 'RECEIPT_NOT_LOADED', detail };
      notes.push(detail);
      effects.flagged = true;
    }
  }

  // Adjustments and reversals settle alike and never move the line's status.
  for (const [write, label, loadedNote] of [
    ['adjustment', 'Adjustment', ''],
    ['reversal', 'Reversal', ': the cancelled stock is back'],
  ] as const) {
    const w = cur[write];
    if (!w) continue;
    const s = settleWrite(w, rows.get(w.reference), now, rules.graceMs);
    if (s.kind === 'loaded') {
      next[write] = { ...w, state: 'LOADED' };
      notes.push(`${label} ${w.reference} loaded in PeopleSoft${loadedNote}.`);
      if (write === 'adjustment') effects.adjustmentLoaded = true;
    } else if (s.kind === 'error') {
      next[write] = { ...w, state: 'REJECTED', error: { message: s.message } };
      notes.push(
        `${label} ${w.reference} failed to load in PeopleSoft: ${s.message}. Fix it, then replay the line.`,
      );
      if (write === 'adjustment') effects.adjustmentRejected = true;
    } else if (s.kind === 'staged') {
      next[write] = { ...w, state: 'STAGED' };
      notes.push(`${label} ${w.reference} found staged in PeopleSoft.`);
    } else if (s.kind === 'absent') {
      next = withoutWrite(next, write);
      notes.push(`PeopleSoft never received the ${write} ${w.reference}; it will be posted again.`);
    }
    if (s.kind !== 'wait') {
      changed = true;
      data[write] = { reference: w.reference, result: s.kind };
    }
  }

  if (!changed) return { effects };
  effects.repost =
    next.status === 'RECEIVED' ||
    (next.adjustment === undefined && cur.adjustment !== undefined && needsAdjustment(next)) ||
    reversalDue(next);
  return { change: { next, actor: 'confirm', detail: notes.join(' '), data }, effects };
}
