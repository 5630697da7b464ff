import type { Config } from '../config/config-schema.ts';
import type { LineRecord } from '../domain/audit-record.ts';
import { cancellationOutcome, writesInErp } from '../domain/cancellation.ts';
import { flagSentence } from '../domain/flag-messages.ts';
import type { Actor } from '../domain/line-state.ts';
import { resolveItemId } from '../domain/item-mapping.ts';
import { ACTIONABLE_STATUSES, type InvalidOrderLine, lineKey, type OrderLine } from '../domain/order-line.ts';
import type { LineChange } from './change-line.ts';

/** The first record and entry of a valid polled line: RECEIVED, or SKIPPED when no stock moves. */
export function newLineChange(line: OrderLine, config: Config): LineChange {
  const itemId = resolveItemId(line.sku, config.matching.items);
  const base: LineRecord = {
    key: lineKey(line),
    purchaseOrderId: line.purchaseOrderId,
    lineNumber: line.lineNumber,
    sku: line.sku,
    itemId,
    quantity: line.quantity,
    unit: line.unit,
    orderDate: line.orderDate,
    walmartStatus: line.status,
    status: 'RECEIVED',
    createdAt: 0,
    updatedAt: 0,
    version: 1,
  };
  const what = `${line.quantity} ${line.unit} of SKU ${line.sku}`;
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
    detail: `Polled from Walmart: ${what}${itemId !== line.sku ? ` (PeopleSoft item ${itemId})` : ''}, status ${line.status}.`,
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
  config: Config,
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
 * A Walmart cancellation of a recorded line: FLAGGED `CANCELLED_AFTER_RECEIPT` when a receipt or adjustment
 * is (or may be) in PeopleSoft — never reversed automatically — else SKIPPED `CANCELLED`.
 */
export function cancellationChange(current: LineRecord, actor: Actor): LineChange | undefined {
  const outcome = cancellationOutcome(current);
  if (outcome === 'none') return undefined;
  if (outcome === 'skip') {
    const detail = 'Walmart cancelled the line before anything was sent to PeopleSoft; nothing is posted.';
    return {
      next: { ...current, walmartStatus: 'Cancelled', status: 'SKIPPED', reason: 'CANCELLED', detail },
      actor,
      detail,
    };
  }
  const writes = writesInErp(current);
  const detail = flagSentence('CANCELLED_AFTER_RECEIPT', { ...current, writes });
  return {
    next: {
      ...current,
      walmartStatus: 'Cancelled',
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      detail,
    },
    actor,
    detail,
    data: { receipt: current.receipt?.reference, adjustment: current.adjustment?.reference },
  };
}
