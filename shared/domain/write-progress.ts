import type { LineRecord, WriteRecord } from './audit-record.ts';
import type { WriteState } from './line-state.ts';

/** Write states that mean the transaction is, or may be, in PeopleSoft: it must never be posted again. */
const MAY_EXIST: ReadonlySet<WriteState> = new Set(['INTENT', 'STAGED', 'IN_DOUBT', 'LOADED']);

/** Receipt states that hold quantity on a schedule beyond PeopleSoft's `QTY_RECEIVED`. */
export const RESERVING_RECEIPT_STATES: readonly WriteState[] = ['INTENT', 'STAGED', 'IN_DOUBT'];

const RESERVING: ReadonlySet<WriteState> = new Set(RESERVING_RECEIPT_STATES);

/** True when the write is, or may be, staged or loaded in PeopleSoft. */
export function mayExistInErp(w: WriteRecord | undefined): boolean {
  return w !== undefined && MAY_EXIST.has(w.state);
}

/** True when confirmation has something to settle: staged and not loaded, or in doubt. */
export function awaitsConfirmation(w: WriteRecord | undefined): boolean {
  return w !== undefined && (w.state === 'STAGED' || w.state === 'IN_DOUBT');
}

/** True when the line's receipt is INTENT, STAGED or IN_DOUBT, whatever the line's status. */
export function holdsReservation(r: LineRecord): boolean {
  return r.receipt !== undefined && RESERVING.has(r.receipt.state);
}

/** The schedule quantity a line holds through its receipt, if it holds any. */
export function reservationOf(
  r: LineRecord,
): { poRef: string; quantity: number; reference: string; intentAt: number } | undefined {
  if (!r.poRef || !r.receipt || !holdsReservation(r)) return undefined;
  return {
    poRef: r.poRef,
    quantity: r.quantity,
    reference: r.receipt.reference,
    intentAt: r.receipt.intentAt,
  };
}

/** A fresh intent to post `reference`, continuing the attempt count of cleared writes. */
export function newIntent(reference: string, now: number, priorAttempts = 0): WriteRecord {
  return { reference, state: 'INTENT', intentAt: now, attempts: priorAttempts + 1 };
}

/**
 * The record without one of its writes, the write's attempts kept in `priorAttempts`: used only for a write
 * that provably never reached PeopleSoft (absent after the grace period) or that PeopleSoft rejected.
 */
export function withoutWrite(r: LineRecord, write: 'receipt' | 'adjustment' | 'reversal'): LineRecord {
  const w = r[write];
  if (!w) return r;
  const priorAttempts = { ...r.priorAttempts, [write]: Math.max(r.priorAttempts?.[write] ?? 0, w.attempts) };
  return { ...r, [write]: undefined, priorAttempts };
}
