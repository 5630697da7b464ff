/** The domain: line states, matching, the decisions and the mapping. Pure, no I/O. */
export { toAuditListItem } from './audit-record.ts';
export type { AuditEntry, LineRecord, WriteRecord } from './audit-record.ts';
export { checkChosenSchedule } from './chosen-schedule.ts';
export type { ChosenScheduleProblem } from './chosen-schedule.ts';
export {
  decideAdjustmentOnly,
  decideReceivedLine,
  decideReversal,
  interruptedPostChange,
  needsAdjustment,
} from './decide-line.ts';
export type { LineDecision } from './decide-line.ts';
export type { DecisionSettings } from './decision-settings.ts';
export {
  ADJUSTMENT_MESSAGE_FIELDS,
  RECEIPT_DETAIL_FIELDS,
  RECEIPT_HEADER_FIELDS,
  RECEIPT_MESSAGE_FIELDS,
} from './eip-message-fields.ts';
export type { AdjustmentField, ReceiptField } from './eip-message-fields.ts';
export type {
  AdjustmentRequest,
  InventoryBalance,
  ItemVendor,
  PostOutcome,
  ReceiptRequest,
  StageStatus,
  StagedTransaction,
} from './erp-records.ts';
export { inventoryOutcome, toInventoryListItem } from './inventory-entry.ts';
export type { InventoryEntry, InventoryFilter, InventoryTrigger } from './inventory-entry.ts';
export { resolveItemId, skusOfItem } from './item-mapping.ts';
export type { LineChange } from './line-change.ts';
export { FLAG_REASONS, LINE_STATUSES, TERMINAL_STATUSES } from './line-state.ts';
export type { FlagReason, LineStatus, SkipReason, WriteState } from './line-state.ts';
export { assertTransition } from './line-transitions.ts';
export {
  ACTIONABLE_STATUSES,
  adjustmentReference,
  lineKey,
  parseLineKey,
  receiptReference,
} from './order-line.ts';
export type { InvalidOrderLine, OrderLine, OrderLineResult, WalmartLineStatus } from './order-line.ts';
export { cancellationChange, correctedLineChange, invalidLineChange, newLineChange } from './polled-line.ts';
export { applyPostOutcomes } from './post-outcomes.ts';
export { scheduleRef } from './purchase-order.ts';
export type { PoSchedule } from './purchase-order.ts';
export { redactSecrets } from './redact-secrets.ts';
export { ScheduleIndex } from './schedule-index.ts';
export { settleLine } from './settle-line.ts';
export type { SettleEffects } from './settle-line.ts';
export { statusByReference } from './settle-write.ts';
export { isTimeZone, siteDate, siteDateDaysBefore, siteDateTime } from './site-date.ts';
export {
  RESERVING_RECEIPT_STATES,
  awaitsConfirmation,
  holdsReservation,
  mayExistInErp,
  reservationOf,
  withoutWrite,
} from './write-progress.ts';
