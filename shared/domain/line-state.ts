/** The states of an order line (docs/guarantees.md §2). */
export type LineStatus = 'RECEIVED' | 'MATCHED' | 'POSTED' | 'RECEIPTED' | 'IN_DOUBT' | 'FLAGGED' | 'SKIPPED';

export const LINE_STATUSES: readonly LineStatus[] = [
  'RECEIVED',
  'MATCHED',
  'POSTED',
  'RECEIPTED',
  'IN_DOUBT',
  'FLAGGED',
  'SKIPPED',
];

/** Terminal states: nothing more happens to the line unless a reviewer acts. */
export const TERMINAL_STATUSES: ReadonlySet<LineStatus> = new Set(['RECEIPTED', 'FLAGGED', 'SKIPPED']);

/** Flag reason codes (docs/guarantees.md §4). */
export type FlagReason =
  | 'NO_SUPPLIER'
  | 'AMBIGUOUS_SUPPLIER'
  | 'NO_OPEN_PO'
  | 'NO_OPEN_PO_FOR_SUPPLIER'
  | 'INSUFFICIENT_OPEN_QTY'
  | 'AMBIGUOUS_PO'
  | 'UOM_MISMATCH'
  | 'INVALID_ORDER_DATA'
  | 'RECEIPT_REJECTED'
  | 'RECEIPT_NOT_LOADED'
  | 'CANCELLED_AFTER_RECEIPT';

export const FLAG_REASONS: readonly FlagReason[] = [
  'NO_SUPPLIER',
  'AMBIGUOUS_SUPPLIER',
  'NO_OPEN_PO',
  'NO_OPEN_PO_FOR_SUPPLIER',
  'INSUFFICIENT_OPEN_QTY',
  'AMBIGUOUS_PO',
  'UOM_MISMATCH',
  'INVALID_ORDER_DATA',
  'RECEIPT_REJECTED',
  'RECEIPT_NOT_LOADED',
  'CANCELLED_AFTER_RECEIPT',
];

/** Why a line was skipped (not a flag: nothing to review). */
export type SkipReason = 'CANCELLED' | 'NOT_ACTIONABLE' | 'RESOLVED_SKIP';

/**
 * Progress of one PeopleSoft write (receipt or adjustment) of a line.
 * - `INTENT`: recorded before the call; the call may or may not have happened.
 * - `STAGED`: PeopleSoft answered success with a TransactionID.
 * - `IN_DOUBT`: no answer; never re-posted until the receipt-status query proves the reference absent.
 * - `LOADED`: the batch process loaded it.
 * - `REJECTED`: IBResponse error or a staging error.
 */
export type WriteState = 'INTENT' | 'STAGED' | 'IN_DOUBT' | 'LOADED' | 'REJECTED';

/** Who changed a line: shown in the audit trail. */
export type Actor =
  | 'poll'
  | 'match'
  | 'post'
  | 'confirm'
  | 'replay'
  | 'resolve'
  | 'inventory'
  | 'acknowledge';
