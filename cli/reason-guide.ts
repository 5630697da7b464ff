/**
 * What each flag and skip reason means to an operator and what to do about it. Shown by `audit show`,
 * the demo summary and `audit list --reason`; docs/operations.md carries the same guidance (a test checks
 * that every code is there).
 */
import type { FlagReason, SkipReason } from '../shared/domain/index.ts';

interface ReasonGuide {
  meaning: string;
  action: string;
}

export const REASON_GUIDE: Record<FlagReason | SkipReason, ReasonGuide> = {
  NO_SUPPLIER: {
    meaning:
      'Nobody supplies this item: no supplier is mapped for the SKU and PeopleSoft lists no vendor for the item.',
    action:
      'Add the item–vendor relationship in PeopleSoft (or map the SKU in matching.suppliers), then `replay KEY`; or `resolve KEY --po …` to name the PO yourself.',
  },
  AMBIGUOUS_SUPPLIER: {
    meaning:
      'Several vendors supply this item with the same best priority, so the supplier cannot be chosen.',
    action:
      'Give one vendor the best ITM_VNDR_PRIORITY in PeopleSoft or map the SKU in matching.suppliers, then `replay KEY`; or `resolve KEY --po …`.',
  },
  NO_OPEN_PO: {
    meaning: 'No open purchase-order schedule exists for this item.',
    action:
      'Create or reopen the PO in PeopleSoft, then `replay KEY`; or `resolve KEY --skip --note …` if no receipt is due.',
  },
  NO_OPEN_PO_FOR_SUPPLIER: {
    meaning: 'The item is on open POs, but none of them is with the supplier chosen for it.',
    action:
      'Check the supplier (matching.suppliers, item–vendor priorities) or raise the PO with the right vendor, then `replay KEY`; or `resolve KEY --po …`.',
  },
  INSUFFICIENT_OPEN_QTY: {
    meaning:
      'Open schedules exist, but none has enough open quantity for the whole line (lines are never split).',
    action:
      'Increase the PO quantity or receive against a specific schedule with `resolve KEY --po BU/PO/LINE/SCHED`.',
  },
  AMBIGUOUS_PO: {
    meaning: 'More than one open schedule could take this line and the policy is `strict`.',
    action:
      'Pick the schedule with `resolve KEY --po BU/PO/LINE/SCHED`, or set matching.policy to `earliest-due` to let the earliest due date win.',
  },
  UOM_MISMATCH: {
    meaning: 'The Walmart unit of the line does not match the unit of measure of the PO.',
    action: 'Map the Walmart unit in matching.units (e.g. "EACH": "EA"), then `replay KEY`.',
  },
  INVALID_ORDER_DATA: {
    meaning: 'Walmart sent the line with a missing or unreadable field (the detail names it).',
    action:
      'Check the order in Seller Center: when Walmart corrects it, a later poll reads it again and the line continues by itself; if it stays wrong, `resolve KEY --skip --note …`.',
  },
  RECEIPT_REJECTED: {
    meaning:
      'PeopleSoft refused the receipt, either when it was posted or when the batch load staged it (the detail has its message).',
    action:
      'Fix the cause in PeopleSoft (Transaction Maintenance shows the staged error), then `replay KEY`.',
  },
  RECEIPT_NOT_LOADED: {
    meaning:
      'The receipt was staged but PeopleSoft’s batch load did not load it within peoplesoft.receiptLoadTimeoutMinutes.',
    action:
      'Check that the Receive Load process (PO_RECVLOAD) runs; once it has loaded the receipt, `replay KEY` marks the line RECEIPTED.',
  },
  CANCELLED_AFTER_RECEIPT: {
    meaning:
      'Walmart cancelled the line after its receipt or adjustment reached PeopleSoft. Nothing is reversed automatically.',
    action:
      'Reverse the receipt and the inventory adjustment in PeopleSoft by hand, then `resolve KEY --skip --note …`.',
  },
  CANCELLED: {
    meaning: 'Walmart cancelled the line before it was processed; nothing was posted.',
    action: 'Nothing to do.',
  },
  NOT_ACTIONABLE: {
    meaning: 'The Walmart line status needs no stock movement (for example a refund).',
    action: 'Nothing to do.',
  },
  RESOLVED_SKIP: {
    meaning: 'A reviewer decided no receipt is to be posted for this line.',
    action: 'Nothing to do; the note in the history says why.',
  },
};

/** The guide for a reason code, if it is a known one. */
export function reasonGuide(reason: string | undefined | null): ReasonGuide | undefined {
  return reason ? REASON_GUIDE[reason as FlagReason | SkipReason] : undefined;
}
