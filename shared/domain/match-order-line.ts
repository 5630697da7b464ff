import type { FlagFacts } from './flag-messages.ts';
import type { FlagReason } from './line-state.ts';
import { resolveSupplier } from './resolve-supplier.ts';
import type { IndexedSchedule, ScheduleIndex } from './schedule-index.ts';
import { mapUnit } from './unit-of-measure.ts';

/** The part of `matching` config the matcher uses (structurally `Config['matching']`). */
export interface MatchingRules {
  policy: 'strict' | 'earliest-due';
  suppliers: Readonly<Record<string, string>>;
  units: Readonly<Record<string, string>>;
}

/** What matching needs of an order line. */
export interface MatchableLine {
  purchaseOrderId: string;
  lineNumber: string;
  sku: string;
  itemId: string;
  quantity: number;
  /** Walmart unit. */
  unit: string;
}

export type MatchDecision =
  | { kind: 'matched'; schedule: IndexedSchedule; vendorId: string; unitOfMeasure: string }
  | {
      kind: 'flagged';
      reason: FlagReason;
      facts: FlagFacts;
      vendorId?: string;
      /** The PeopleSoft unit when the Walmart unit maps (the adjustment still needs it). */
      unitOfMeasure?: string;
    };

/** The facts every flag about a line starts from (its identity, item, quantity and Walmart unit). */
export function lineFacts(line: MatchableLine): FlagFacts {
  return {
    purchaseOrderId: line.purchaseOrderId,
    lineNumber: line.lineNumber,
    sku: line.sku,
    itemId: line.itemId,
    quantity: line.quantity,
    unit: line.unit,
  };
}

/**
 * Matches one order line to an open PO schedule (docs/guarantees.md §4), in this order: unit not mappable →
 * `UOM_MISMATCH`; supplier resolution flags; no open schedule for the item → `NO_OPEN_PO`; none for the
 * supplier → `NO_OPEN_PO_FOR_SUPPLIER`; the supplier's schedules all in another unit → `UOM_MISMATCH`;
 * none with available quantity ≥ the line's → `INSUFFICIENT_OPEN_QTY`; `strict` with several candidates →
 * `AMBIGUOUS_PO`; otherwise the earliest-due candidate. Never splits a line. Does not take the quantity:
 * the caller does, once the decision is recorded.
 *
 * @example matchOrderLine(line, index, { policy: 'strict', suppliers: {}, units: {} })
 */
export function matchOrderLine(
  line: MatchableLine,
  index: ScheduleIndex,
  rules: MatchingRules,
): MatchDecision {
  const base = lineFacts(line);
  const unitOfMeasure = mapUnit(line.unit, rules.units);
  if (unitOfMeasure === undefined) return { kind: 'flagged', reason: 'UOM_MISMATCH', facts: base };
  const facts: FlagFacts = { ...base, unitOfMeasure };

  const supplier = resolveSupplier(line, rules.suppliers, index.vendorsOf(line.itemId), index.directory);
  if (!supplier.ok) {
    return {
      kind: 'flagged',
      reason: supplier.reason,
      unitOfMeasure,
      facts: {
        ...facts,
        configuredSupplier: supplier.configured,
        vendors: supplier.candidates.map((c) =>
          c.vendorName ? `${c.vendorId} ${c.vendorName}` : index.directory.label(c.vendorId),
        ),
      },
    };
  }
  const vendorId = supplier.vendorId;
  const withVendor: FlagFacts = { ...facts, vendor: index.directory.label(vendorId) };
  const flag = (reason: FlagReason, extra: FlagFacts = {}): MatchDecision => ({
    kind: 'flagged',
    reason,
    vendorId,
    unitOfMeasure,
    facts: { ...withVendor, ...extra },
  });

  if (!index.hasOpenSchedules(line.itemId)) return flag('NO_OPEN_PO');
  const byUnit = index.schedulesByUnit(line.itemId, vendorId);
  if (!byUnit) {
    return flag('NO_OPEN_PO_FOR_SUPPLIER', {
      vendors: index.vendorsWithSchedules(line.itemId).map((v) => index.directory.label(v)),
    });
  }
  const inUnit = byUnit.get(unitOfMeasure);
  if (!inUnit || inUnit.length === 0) return flag('UOM_MISMATCH', { scheduleUnits: [...byUnit.keys()] });

  const candidates: IndexedSchedule[] = [];
  let best: { ref: string; available: number } | undefined;
  for (const s of inUnit) {
    const available = index.available(s.ref);
    if (available >= line.quantity) {
      candidates.push(s);
      // earliest-due takes the first fit; strict only needs to know whether there is a second.
      if (rules.policy === 'earliest-due') break;
    } else if (!best || available > best.available) {
      best = { ref: s.ref, available };
    }
  }
  if (candidates.length === 0) {
    return flag('INSUFFICIENT_OPEN_QTY', {
      bestAvailable: Math.max(0, best?.available ?? 0),
      bestRef: best?.ref,
    });
  }
  if (rules.policy === 'strict' && candidates.length > 1) {
    return flag('AMBIGUOUS_PO', { candidates: candidates.map((c) => c.ref) });
  }
  return { kind: 'matched', schedule: candidates[0]!, vendorId, unitOfMeasure };
}
