import type { DecisionSettings } from './decision-settings.ts';
import type { LineRecord } from './audit-record.ts';
import { checkChosenSchedule } from './chosen-schedule.ts';
import type { AdjustmentRequest, ReceiptRequest } from './erp-records.ts';
import { flagSentence } from './flag-messages.ts';
import { resolveItemId } from './item-mapping.ts';
import { type MatchableLine, type MatchDecision, matchOrderLine } from './match-order-line.ts';
import {
  ACTIONABLE_STATUSES,
  adjustmentReference,
  receiptReference,
  reversalReference,
} from './order-line.ts';
import type { ScheduleIndex } from './schedule-index.ts';
import { mapUnit } from './unit-of-measure.ts';
import { newIntent } from './write-progress.ts';
import type { LineChange } from './line-change.ts';

/** A decision for one line: the recorded change (with intents) and what to post after it is stored. */
export interface LineDecision {
  change: LineChange;
  outcome: 'matched' | 'flagged' | 'skipped' | 'adjustment';
  /** Schedule quantity this decision takes within the batch. */
  take?: { ref: string; quantity: number };
  receipt?: ReceiptRequest;
  adjustment?: AdjustmentRequest;
  reversal?: AdjustmentRequest;
}

/** Earlier attempts of a write: cleared ones, or a rejected one still on the record. */
function priorAttempts(r: LineRecord, write: 'receipt' | 'adjustment' | 'reversal'): number {
  return Math.max(r.priorAttempts?.[write] ?? 0, r[write]?.attempts ?? 0);
}

/** True for a line that must still get its one inventory adjustment (the sale left stock). */
export function needsAdjustment(r: LineRecord): boolean {
  return (
    r.adjustment === undefined &&
    ACTIONABLE_STATUSES.has(r.walmartStatus) &&
    r.status !== 'SKIPPED' &&
    r.reason !== 'INVALID_ORDER_DATA' &&
    r.reason !== 'CANCELLED_AFTER_RECEIPT'
  );
}

function adjustmentFor(
  r: LineRecord,
  itemId: string,
  unitOfMeasure: string | undefined,
  config: DecisionSettings,
) {
  if (!needsAdjustment(r) || unitOfMeasure === undefined) return undefined;
  const request: AdjustmentRequest = {
    reference: adjustmentReference(r),
    businessUnit: config.peoplesoft.businessUnit,
    itemId,
    quantity: -r.quantity,
    unitOfMeasure,
  };
  return request;
}

/**
 * Decides a RECEIVED line: a reviewer's skip, a reviewer's schedule (still checked), or matching. The change
 * records the intents (receipt and, if still missing, adjustment) BEFORE anything is posted.
 */
export function decideReceivedLine(
  r: LineRecord,
  index: ScheduleIndex,
  config: DecisionSettings,
  now: number,
): LineDecision {
  const itemId = r.itemId ?? resolveItemId(r.sku, config.matching.items);
  if (r.resolution?.skip) {
    const detail = `Skipped by ${r.resolution.by}${r.resolution.note ? `: ${r.resolution.note}` : ''}.`;
    return {
      outcome: 'skipped',
      change: {
        next: { ...r, itemId, status: 'SKIPPED', reason: 'RESOLVED_SKIP', detail },
        actor: 'match',
        detail,
      },
    };
  }
  const line: MatchableLine = { ...r, itemId };
  let decision: MatchDecision;
  let resolution = r.resolution;
  if (r.resolution?.poRef) {
    const chosen = checkChosenSchedule(line, r.resolution.poRef, index, config.matching.units);
    if (chosen.ok) {
      decision = {
        kind: 'matched',
        schedule: chosen.schedule,
        vendorId: chosen.schedule.vendorId,
        unitOfMeasure: chosen.unitOfMeasure,
      };
    } else {
      // A stale choice must not override matching forever: it is dropped (the entry keeps it).
      resolution = undefined;
      decision = {
        kind: 'flagged',
        reason: chosen.reason,
        facts: chosen.facts,
        unitOfMeasure: mapUnit(r.unit, config.matching.units),
      };
    }
  } else {
    decision = matchOrderLine(line, index, config.matching);
  }

  const adjustment = adjustmentFor(r, itemId, decision.unitOfMeasure, config);
  const adjustmentIntent = adjustment
    ? newIntent(adjustment.reference, now, priorAttempts(r, 'adjustment'))
    : r.adjustment;
  const adjNote = adjustment
    ? ` and an inventory adjustment of ${adjustment.quantity} ${adjustment.unitOfMeasure}`
    : '';

  if (decision.kind === 'flagged') {
    const detail = flagSentence(decision.reason, decision.facts);
    return {
      outcome: 'flagged',
      adjustment,
      change: {
        next: {
          ...r,
          itemId,
          status: 'FLAGGED',
          reason: decision.reason,
          detail,
          vendorId: decision.vendorId,
          unitOfMeasure: decision.unitOfMeasure,
          adjustment: adjustmentIntent,
          resolution,
        },
        actor: 'match',
        detail: adjustment
          ? `${detail} Posting an inventory adjustment of ${adjustment.quantity} ${adjustment.unitOfMeasure}.`
          : detail,
        data: {
          ...(r.resolution?.poRef ? { chosenPoRef: r.resolution.poRef } : {}),
          adjustment: adjustment?.reference,
        },
      },
    };
  }

  const s = decision.schedule;
  const receipt: ReceiptRequest = {
    reference: receiptReference(r),
    businessUnit: s.businessUnit,
    vendorId: s.vendorId,
    poId: s.poId,
    lineNumber: s.lineNumber,
    schedNumber: s.schedNumber,
    quantity: r.quantity,
    unitOfMeasure: decision.unitOfMeasure,
  };
  const by = r.resolution?.poRef ? ` (chosen by ${r.resolution.by})` : '';
  const detail =
    `Matched to PO schedule ${s.ref}${by}, supplier ${index.directory.label(s.vendorId)}; ` +
    `posting a receipt of ${r.quantity} ${decision.unitOfMeasure}${adjNote}.`;
  return {
    outcome: 'matched',
    take: { ref: s.ref, quantity: r.quantity },
    receipt,
    adjustment,
    change: {
      next: {
        ...r,
        itemId,
        status: 'MATCHED',
        reason: undefined,
        detail,
        poRef: s.ref,
        vendorId: s.vendorId,
        unitOfMeasure: decision.unitOfMeasure,
        receipt: newIntent(receipt.reference, now, priorAttempts(r, 'receipt')),
        adjustment: adjustmentIntent,
      },
      actor: 'match',
      detail,
      data: {
        poRef: s.ref,
        receipt: receipt.reference,
        adjustment: adjustment?.reference,
        availableBefore: index.available(s.ref),
      },
    },
  };
}

/** For a line past matching that still lacks its adjustment (e.g. cleared after proven absent): its intent. */
export function decideAdjustmentOnly(
  r: LineRecord,
  config: DecisionSettings,
  now: number,
): LineDecision | undefined {
  if (r.status === 'RECEIVED') return undefined;
  const itemId = r.itemId ?? resolveItemId(r.sku, config.matching.items);
  const adjustment = adjustmentFor(
    r,
    itemId,
    r.unitOfMeasure ?? mapUnit(r.unit, config.matching.units),
    config,
  );
  if (!adjustment) return undefined;
  const detail = `Posting the inventory adjustment ${adjustment.reference} of ${adjustment.quantity} ${adjustment.unitOfMeasure}.`;
  return {
    outcome: 'adjustment',
    adjustment,
    change: {
      next: {
        ...r,
        itemId,
        adjustment: newIntent(adjustment.reference, now, priorAttempts(r, 'adjustment')),
      },
      actor: 'match',
      detail,
      data: { adjustment: adjustment.reference },
    },
  };
}

/**
 * For a line cancelled (in part) after its adjustment reached PeopleSoft: the intent of the one reversal
 * (`+reversalQuantity`, `…-ADJR`). Only once the adjustment is known staged or loaded: reversing an
 * adjustment that may never have arrived would put back stock that never left. At most once ever (I1).
 */
export function decideReversal(
  r: LineRecord,
  config: DecisionSettings,
  now: number,
): LineDecision | undefined {
  const quantity = r.reversalQuantity ?? 0;
  if (quantity <= 0 || r.reversal !== undefined) return undefined;
  if (r.adjustment?.state !== 'STAGED' && r.adjustment?.state !== 'LOADED') return undefined;
  const unitOfMeasure = r.unitOfMeasure ?? mapUnit(r.unit, config.matching.units);
  if (unitOfMeasure === undefined) return undefined;
  const reversal: AdjustmentRequest = {
    reference: reversalReference(r),
    businessUnit: config.peoplesoft.businessUnit,
    itemId: r.itemId ?? resolveItemId(r.sku, config.matching.items),
    quantity,
    unitOfMeasure,
  };
  const detail = `Posting the reversal ${reversal.reference} of +${quantity} ${unitOfMeasure}: the stock of the cancelled part goes back.`;
  return {
    outcome: 'adjustment',
    reversal,
    change: {
      next: { ...r, reversal: newIntent(reversal.reference, now, priorAttempts(r, 'reversal')) },
      actor: 'match',
      detail,
      data: { reversal: reversal.reference, quantity },
    },
  };
}

/**
 * A write still in INTENT when a worker (holding the item's lease) looks at the line: an earlier post was
 * interrupted between intent and answer. It is never re-posted here; it becomes IN_DOUBT for confirmation.
 */
export function interruptedPostChange(r: LineRecord): LineChange | undefined {
  const receipt = r.receipt?.state === 'INTENT';
  const adjustment = r.adjustment?.state === 'INTENT';
  const reversal = r.reversal?.state === 'INTENT';
  if (!receipt && !adjustment && !reversal) return undefined;
  const refs = [
    receipt ? r.receipt!.reference : undefined,
    adjustment ? r.adjustment!.reference : undefined,
    reversal ? r.reversal!.reference : undefined,
  ].filter(Boolean);
  const detail =
    `The post of ${refs.join(' and ')} was interrupted before PeopleSoft answered; ` +
    'it is not sent again until the receipt-status query shows whether it arrived.';
  return {
    next: {
      ...r,
      status: receipt && r.status === 'MATCHED' ? 'IN_DOUBT' : r.status,
      detail: receipt && r.status === 'MATCHED' ? detail : r.detail,
      receipt: receipt ? { ...r.receipt!, state: 'IN_DOUBT' } : r.receipt,
      adjustment: adjustment ? { ...r.adjustment!, state: 'IN_DOUBT' } : r.adjustment,
      reversal: reversal ? { ...r.reversal!, state: 'IN_DOUBT' } : r.reversal,
    },
    actor: 'match',
    detail,
    data: { references: refs },
  };
}
