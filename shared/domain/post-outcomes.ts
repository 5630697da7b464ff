import type { LineRecord, WriteRecord } from './audit-record.ts';
import type { PostOutcome } from './erp-records.ts';
import { flagSentence } from './flag-messages.ts';
import type { LineChange } from './line-change.ts';

/** What a post call answered for one reference. */
interface PostedWrite {
  reference: string;
  outcome: PostOutcome;
}

/** The outcome may be applied to a write still waiting for it (or one a sweep already declared in doubt). */
function applies(w: WriteRecord | undefined, p: PostedWrite | undefined): p is PostedWrite {
  if (!w || !p || w.reference !== p.reference) return false;
  return w.state === 'INTENT' || (w.state === 'IN_DOUBT' && p.outcome.kind !== 'in-doubt');
}

function settled(w: WriteRecord, o: PostOutcome): WriteRecord {
  switch (o.kind) {
    case 'staged':
      return { ...w, state: 'STAGED', transactionId: o.transactionId };
    case 'rejected':
      return {
        ...w,
        state: 'REJECTED',
        error: { messageSet: o.messageSet, messageId: o.messageId, message: o.message },
      };
    case 'in-doubt':
      return { ...w, state: 'IN_DOUBT' };
  }
}

function describe(what: string, p: PostedWrite): string {
  const o = p.outcome;
  if (o.kind === 'staged')
    return `${what} ${p.reference} staged in PeopleSoft (transaction ${o.transactionId})`;
  if (o.kind === 'rejected') return `${what} ${p.reference} rejected by PeopleSoft: ${o.message}`;
  return `${what} ${p.reference} got no answer (${o.message}); not sent again until the receipt-status query settles it`;
}

/**
 * Records the answers of PeopleSoft on a line: one change for its receipt and adjustment together.
 * Receipt staged → POSTED; rejected → FLAGGED `RECEIPT_REJECTED` with MessageSet/MessageID/DefaultMessage;
 * no answer → IN_DOUBT. An adjustment's (or a reversal's) answer never changes the line's status.
 * Returns undefined when the line no longer waits for these answers.
 */
export function applyPostOutcomes(
  cur: LineRecord,
  receipt?: PostedWrite,
  adjustment?: PostedWrite,
  reversal?: PostedWrite,
): LineChange | undefined {
  const r = applies(cur.receipt, receipt) ? receipt : undefined;
  const a = applies(cur.adjustment, adjustment) ? adjustment : undefined;
  const v = applies(cur.reversal, reversal) ? reversal : undefined;
  if (!r && !a && !v) return undefined;
  let next: LineRecord = { ...cur };
  const notes: string[] = [];
  const data: Record<string, unknown> = {};
  let reason: string | undefined;
  const waiting = cur.status === 'MATCHED' || cur.status === 'IN_DOUBT';

  if (r) {
    next.receipt = settled(cur.receipt!, r.outcome);
    notes.push(describe('Receipt', r));
    data.receipt = { reference: r.reference, ...r.outcome };
    if (waiting && r.outcome.kind === 'staged') {
      next = {
        ...next,
        status: 'POSTED',
        detail: `Receipt ${r.reference} of ${cur.quantity} ${cur.unitOfMeasure} staged against ${cur.poRef}; waiting for PeopleSoft to load it.`,
      };
    } else if (waiting && r.outcome.kind === 'rejected') {
      const o = r.outcome;
      next = {
        ...next,
        status: 'FLAGGED',
        reason: 'RECEIPT_REJECTED',
        detail: flagSentence('RECEIPT_REJECTED', { reference: r.reference, poRef: cur.poRef, ...o }),
      };
      reason = 'RECEIPT_REJECTED';
    } else if (cur.status === 'MATCHED' && r.outcome.kind === 'in-doubt') {
      next = { ...next, status: 'IN_DOUBT', detail: `${describe('Receipt', r)}.` };
    }
  }
  if (a) {
    next.adjustment = settled(cur.adjustment!, a.outcome);
    notes.push(describe('Adjustment', a));
    data.adjustment = { reference: a.reference, ...a.outcome };
  }
  if (v) {
    next.reversal = settled(cur.reversal!, v.outcome);
    notes.push(describe('Reversal', v));
    data.reversal = { reference: v.reference, ...v.outcome };
  }
  return { next, actor: 'post', detail: `${notes.join('; ')}.`, data, ...(reason ? { reason } : {}) };
}
