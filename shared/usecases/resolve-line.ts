import { InputError } from '../errors.ts';
import {
  ACTIONABLE_STATUSES,
  checkChosenSchedule,
  type ChosenScheduleProblem,
  type LineRecord,
  mayExistInErp,
  resolveItemId,
  withoutWrite,
} from '../domain/index.ts';
import { readBatchSnapshot } from './batch-snapshot.ts';
import { changeLine, type LineChange } from './change-line.ts';
import type { EngineDeps } from './engine-deps.ts';

type ResolveDeps = Pick<EngineDeps, 'audit' | 'erp' | 'queue' | 'clock' | 'config' | 'log' | 'tuning'>;

/** A reviewer's decision: receive against `poRef` (`BU/PO_ID/LINE/SCHED`) or skip the line. */
interface ResolveInput {
  poRef?: string;
  skip?: boolean;
  note?: string;
  /** Who decided (shown in the audit trail). */
  by: string;
}

type ResolveRefusal =
  | 'INVALID_INPUT'
  | 'UNKNOWN_LINE'
  | 'IN_DOUBT'
  | 'NOT_FLAGGED'
  | 'NOT_RECEIVABLE'
  | 'RECEIPT_IN_ERP'
  | 'CHANGED'
  | ChosenScheduleProblem;

/** A resolution that cannot be applied; `reason` says why, the message what to do. */
export class ResolveError extends InputError {
  override readonly name = 'ResolveError';
  constructor(
    readonly key: string,
    readonly reason: ResolveRefusal,
    message: string,
  ) {
    super(`cannot resolve ${key}: ${message}`);
  }
}

function refusalFor(r: LineRecord, input: ResolveInput): ResolveError | undefined {
  if (r.status === 'IN_DOUBT') {
    return new ResolveError(
      r.key,
      'IN_DOUBT',
      'its post to PeopleSoft is in doubt; the next sync settles it from the receipt-status query',
    );
  }
  if (r.status !== 'FLAGGED')
    return new ResolveError(
      r.key,
      'NOT_FLAGGED',
      `it is ${r.status}, and only FLAGGED lines take a decision`,
    );
  if (input.skip) return undefined;
  if (!ACTIONABLE_STATUSES.has(r.walmartStatus) || r.reason === 'INVALID_ORDER_DATA') {
    return new ResolveError(
      r.key,
      'NOT_RECEIVABLE',
      `it is ${r.reason} (Walmart status ${r.walmartStatus}); only --skip applies`,
    );
  }
  if (mayExistInErp(r.receipt)) {
    return new ResolveError(
      r.key,
      'RECEIPT_IN_ERP',
      `its receipt ${r.receipt!.reference} is ${r.receipt!.state} in PeopleSoft; a second receipt would double the stock`,
    );
  }
  return undefined;
}

/**
 * Applies a reviewer's decision to a FLAGGED line (IN_DOUBT is refused): a chosen schedule is validated
 * against `erp.openSchedules` (open, same item, same unit, enough available quantity after the connector's
 * own reservations) and recorded as the line's resolution, the line going back to RECEIVED and re-enqueued;
 * `skip` makes it SKIPPED `RESOLVED_SKIP`. Throws ResolveError with the reason otherwise.
 */
export async function resolveLine(deps: ResolveDeps, key: string, input: ResolveInput): Promise<LineRecord> {
  if (!input.by?.trim()) throw new ResolveError(key, 'INVALID_INPUT', 'say who decides (by)');
  if (Boolean(input.poRef) === Boolean(input.skip)) {
    throw new ResolveError(
      key,
      'INVALID_INPUT',
      'give either a PO schedule (--po BU/PO_ID/LINE/SCHED) or --skip',
    );
  }
  const current = await deps.audit.get(key);
  if (!current) throw new ResolveError(key, 'UNKNOWN_LINE', 'no such order line in the audit trail');
  const refusal = refusalFor(current, input);
  if (refusal) throw refusal;

  let poRef: string | undefined;
  if (input.poRef) {
    const { index } = await readBatchSnapshot(deps, { withVendors: false });
    const itemId = current.itemId ?? resolveItemId(current.sku, deps.config.matching.items);
    const check = checkChosenSchedule({ ...current, itemId }, input.poRef, index, deps.config.matching.units);
    if (!check.ok) throw new ResolveError(key, check.problem, check.message);
    poRef = check.schedule.ref;
  }

  const at = deps.clock.now();
  const resolution = {
    ...(poRef ? { poRef } : { skip: true }),
    ...(input.note ? { note: input.note } : {}),
    by: input.by,
    at,
  };
  const { record } = await changeLine(deps, current, (cur): LineChange => {
    const late = refusalFor(cur, input);
    if (late) throw new ResolveError(key, 'CHANGED', `it changed meanwhile: ${late.message}`);
    if (input.skip) {
      const detail = `Skipped by ${input.by}${input.note ? `: ${input.note}` : ''}.`;
      return {
        next: { ...cur, status: 'SKIPPED', reason: 'RESOLVED_SKIP', detail, resolution },
        actor: 'resolve',
        detail,
        data: { resolution },
      };
    }
    const cleared = cur.receipt?.state === 'REJECTED' ? withoutWrite(cur, 'receipt') : cur;
    const detail = `${input.by} chose PO schedule ${poRef}${input.note ? ` (${input.note})` : ''}; the line is matched again.`;
    return {
      next: {
        ...cleared,
        status: 'RECEIVED',
        reason: undefined,
        detail,
        poRef: undefined,
        vendorId: undefined,
        resolution,
      },
      actor: 'resolve',
      detail,
      data: { resolution, previousReason: cur.reason },
    };
  });
  if (record.status === 'RECEIVED') {
    await deps.queue.send([
      { key, group: record.itemId ?? resolveItemId(record.sku, deps.config.matching.items) },
    ]);
  }
  return record;
}
