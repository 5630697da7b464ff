import type { FlagFacts } from './flag-messages.ts';
import type { FlagReason } from './line-state.ts';
import { lineFacts, type MatchableLine } from './match-order-line.ts';
import { parseScheduleRef, scheduleRef } from './purchase-order.ts';
import { type IndexedSchedule, isOpenSchedule, type ScheduleIndex } from './schedule-index.ts';
import { mapUnit, type UnitMap } from './unit-of-measure.ts';

/** Why a reviewer's chosen schedule cannot take the line. */
export type ChosenScheduleProblem =
  | 'BAD_REFERENCE'
  | 'NOT_FOUND'
  | 'CLOSED'
  | 'ITEM_MISMATCH'
  | 'UOM_MISMATCH'
  | 'INSUFFICIENT_OPEN_QTY';

type ChosenScheduleCheck =
  | { ok: true; schedule: IndexedSchedule; unitOfMeasure: string }
  | {
      ok: false;
      problem: ChosenScheduleProblem;
      /** The flag a line gets when matching finds the choice no longer fits. */
      reason: FlagReason;
      facts: FlagFacts;
      /** What is wrong, for the reviewer. */
      message: string;
    };

/**
 * Checks a reviewer's chosen schedule (`BU/PO_ID/LINE/SCHED`) for a line: it must exist among the open
 * schedules read, be open (status not `C`/`X`), be for the line's item, be in the line's unit of measure and
 * have available quantity (after the connector's own reservations) for the whole line.
 */
export function checkChosenSchedule(
  line: MatchableLine,
  poRef: string,
  index: ScheduleIndex,
  units: UnitMap,
): ChosenScheduleCheck {
  const facts: FlagFacts = { ...lineFacts(line), poRef };
  const fail = (
    problem: ChosenScheduleProblem,
    reason: FlagReason,
    message: string,
    extra: FlagFacts = {},
  ) => ({
    ok: false as const,
    problem,
    reason,
    message,
    facts: { ...facts, chosenProblem: message, ...extra },
  });
  let ref: string;
  try {
    ref = scheduleRef(parseScheduleRef(poRef));
  } catch (e) {
    return fail('BAD_REFERENCE', 'NO_OPEN_PO', (e as Error).message);
  }
  const schedule = index.schedule(ref);
  if (!schedule) {
    return fail(
      'NOT_FOUND',
      'NO_OPEN_PO',
      `PeopleSoft lists no open schedule ${ref} (write PO_ID exactly as PeopleSoft shows it, e.g. 0000079262)`,
    );
  }
  if (!isOpenSchedule(schedule)) {
    return fail(
      'CLOSED',
      'NO_OPEN_PO',
      `PO ${schedule.poId} has status ${schedule.poStatus} (complete or cancelled)`,
    );
  }
  if (schedule.itemId !== line.itemId) {
    return fail('ITEM_MISMATCH', 'NO_OPEN_PO', `it is for item ${schedule.itemId}, not ${line.itemId}`);
  }
  const unitOfMeasure = mapUnit(line.unit, units);
  if (unitOfMeasure === undefined || unitOfMeasure !== schedule.unitOfMeasure) {
    return fail(
      'UOM_MISMATCH',
      'UOM_MISMATCH',
      `it is in ${schedule.unitOfMeasure}, the order line in ${unitOfMeasure ?? line.unit}`,
      {
        unitOfMeasure,
        scheduleUnits: [schedule.unitOfMeasure],
        vendor: index.directory.label(schedule.vendorId),
      },
    );
  }
  const available = index.available(ref);
  if (available < line.quantity) {
    return fail(
      'INSUFFICIENT_OPEN_QTY',
      'INSUFFICIENT_OPEN_QTY',
      `only ${Math.max(0, available)} ${schedule.unitOfMeasure} are still open on it`,
      { unitOfMeasure, vendor: index.directory.label(schedule.vendorId) },
    );
  }
  return { ok: true, schedule, unitOfMeasure };
}
