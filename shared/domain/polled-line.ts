import type { DecisionSettings } from './decision-settings.ts';
import type { LineRecord } from './audit-record.ts';
import { cancellationOutcome, writesInErp } from './cancellation.ts';
import { flagSentence } from './flag-messages.ts';
import type { Actor } from './line-state.ts';
import { resolveItemId } from './item-mapping.ts';
import {
  ACTIONABLE_STATUSES,
  type InvalidOrderLine,
  lineKey,
  type OrderLine,
  reversalReference,
} from './order-line.ts';
import { mayExistInErp } from './write-progress.ts';
import type { LineChange } from './line-change.ts';

/** The first record and entry of a valid polled line: RECEIVED, or SKIPPED when no stock moves. */
export function newLineChange(line: OrderLine, config: DecisionSettings): LineChange {
  const itemId = resolveItemId(line.sku, config.matching.items);
  const base: LineRecord = {
    key: lineKey(line),
    purchaseOrderId: line.purchaseOrderId,
    lineNumber: line.lineNumber,
    sku: line.sku,
    itemId,
    quantity: line.quantity,
    ...(line.cancelledQuantity > 0 ? { cancelledQuantity: line.cancelledQuantity } : {}),
    unit: line.unit,
    orderDate: line.orderDate,
    walmartStatus: line.status,
    status: 'RECEIVED',
    createdAt: 0,
    updatedAt: 0,
    version: 1,
  };
  const what = `${line.quantity} ${line.unit} of SKU ${line.sku}`;
  const cancelledPart =
    line.status !== 'Cancelled' && line.cancelledQuantity > 0
      ? ` (${line.cancelledQuantity} more were cancelled before processing)`
      : '';
  if (line.status === 'Cancelled') {
    const detail = `Walmart cancelled the line (${what}) before ml-connector processed it; nothing is posted.`;
    return { next: { ...base, status: 'SKIPPED', reason: 'CANCELLED', detail }, actor: 'poll', detail };
  }
  if (!ACTIONABLE_STATUSES.has(line.status)) {
    const detail = `Walmart line status ${line.status} (${what}) moves no stock; nothing is posted.`;
    return { next: { ...base, status: 'SKIPPED', reason: 'NOT_ACTIONABLE', detail }, actor: 'poll', detail };
  }
  return {
    next: base,
    actor: 'poll',
    detail: `Polled from Walmart: ${what}${itemId !== line.sku ? ` (PeopleSoft item ${itemId})` : ''}, status ${line.status}${cancelledPart}.`,
    data: { itemId },
  };
}

/** The record of a line Walmart sent with a defect: FLAGGED `INVALID_ORDER_DATA`, naming the field. */
export function invalidLineChange(invalid: InvalidOrderLine, now: number): LineChange {
  const detail = flagSentence('INVALID_ORDER_DATA', invalid);
  return {
    next: {
      key: lineKey(invalid),
      purchaseOrderId: invalid.purchaseOrderId,
      lineNumber: invalid.lineNumber,
      sku: invalid.sku ?? '',
      quantity: 0,
      unit: '',
      orderDate: now,
      walmartStatus: 'UNKNOWN',
      status: 'FLAGGED',
      reason: 'INVALID_ORDER_DATA',
      detail,
      createdAt: now,
      updatedAt: now,
      version: 1,
    },
    actor: 'poll',
    detail,
    data: { field: invalid.field },
  };
}

/** A line flagged as invalid that Walmart now sends correctly: back into the flow with the real data. */
export function correctedLineChange(
  current: LineRecord,
  line: OrderLine,
  config: DecisionSettings,
): LineChange | undefined {
  if (current.status !== 'FLAGGED' || current.reason !== 'INVALID_ORDER_DATA') return undefined;
  const fresh = newLineChange(line, config);
  return {
    ...fresh,
    next: { ...fresh.next, createdAt: current.createdAt, version: current.version },
    detail: `Walmart now sends valid data for the line. ${fresh.detail}`,
  };
}

/**
 * A Walmart cancellation (of the whole line, or of part of it) of a recorded line:
 * - nothing in PeopleSoft yet: a whole cancellation is SKIPPED `CANCELLED`; a partial one lowers the quantity
 *   still to be processed and leaves the status as it is;
 * - a receipt or adjustment is (or may be) in PeopleSoft: FLAGGED `CANCELLED_AFTER_RECEIPT` for the
 *   cancelled quantity. The receipt is never reversed automatically; with `reverse`, the adjustment's
 *   cancelled part is owed back once (`reversalQuantity`, posted as `…-ADJR` by the matcher).
 * Undefined when Walmart reports no more cancelled than the line already records.
 */
export function cancellationChange(
  current: LineRecord,
  line: OrderLine,
  actor: Actor,
  reverse: boolean,
): LineChange | undefined {
  const whole = line.status === 'Cancelled';
  const known = current.cancelledQuantity ?? (current.walmartStatus === 'Cancelled' ? current.quantity : 0);
  if (line.cancelledQuantity <= known && !(whole && current.walmartStatus !== 'Cancelled')) return undefined;
  // A line already flagged for a cancellation records a further one (never a second reversal).
  const outcome =
    current.status === 'FLAGGED' && current.reason === 'CANCELLED_AFTER_RECEIPT'
      ? 'flag'
      : cancellationOutcome(current);
  if (outcome === 'none') return undefined;
  const cancelled = { walmartStatus: line.status, cancelledQuantity: line.cancelledQuantity };
  if (outcome === 'skip' && whole) {
    const detail = 'Walmart cancelled the line before anything was sent to PeopleSoft; nothing is posted.';
    return {
      next: { ...current, ...cancelled, status: 'SKIPPED', reason: 'CANCELLED', detail },
      actor,
      detail,
    };
  }
  if (outcome === 'skip') {
    const detail = `Walmart cancelled ${line.cancelledQuantity} ${current.unit} of the line before anything was sent to PeopleSoft; ${line.quantity} remain to be processed.`;
    return {
      next: { ...current, ...cancelled, quantity: line.quantity },
      actor,
      detail,
      data: { cancelledQuantity: line.cancelledQuantity, quantity: line.quantity },
    };
  }
  const writes = writesInErp(current);
  const cancelledNow = Math.min(line.cancelledQuantity - known, current.quantity);
  // One reversal ever (I1): a later cancellation of the same line is flagged, never reversed again.
  const reversalQuantity =
    current.reversalQuantity ??
    (reverse && current.reversal === undefined && mayExistInErp(current.adjustment) && cancelledNow > 0
      ? cancelledNow
      : undefined);
  const newReversal = reversalQuantity !== undefined && current.reversalQuantity === undefined;
  const { reversal: _written, ...facts } = current;
  const detail = flagSentence('CANCELLED_AFTER_RECEIPT', {
    ...facts,
    writes,
    cancelledQuantity: whole ? undefined : cancelledNow,
    ...(newReversal
      ? { reversal: { reference: reversalReference(current), quantity: reversalQuantity } }
      : {}),
  });
  return {
    next: {
      ...current,
      ...cancelled,
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      detail,
      ...(reversalQuantity !== undefined ? { reversalQuantity } : {}),
    },
    actor,
    detail,
    data: {
      receipt: current.receipt?.reference,
      adjustment: current.adjustment?.reference,
      cancelledQuantity: cancelledNow,
      ...(newReversal ? { reversal: reversalReference(current), reversalQuantity } : {}),
    },
  };
}
