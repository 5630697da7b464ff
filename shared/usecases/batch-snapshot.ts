import {
  type ItemVendor,
  reservationOf,
  ScheduleIndex,
  siteDate,
  siteDateDaysBefore,
} from '../domain/index.ts';
import type { AuditTrail } from '../ports.ts';
import { type EngineDeps, tuningOf } from './engine-deps.ts';

type SnapshotDeps = Pick<EngineDeps, 'audit' | 'erp' | 'clock' | 'config' | 'log' | 'tuning'>;

/** One reservation: a receipt of the connector that may not be in PeopleSoft's `QTY_RECEIVED` yet. */
interface Reservation {
  key: string;
  poRef: string;
  quantity: number;
  reference: string;
  intentAt: number;
}

interface BatchSnapshot {
  index: ScheduleIndex;
  /** Reservations that count against their schedules (those not shown LOADED). */
  reservations: Reservation[];
}

/**
 * (a) The connector's own reservations, from the audit trail's strongly consistent `reservingLines`: a
 * reservation recorded by the previous holder of an item lease is always seen (an index could lag behind).
 */
async function readReservations(audit: AuditTrail): Promise<Reservation[]> {
  const out: Reservation[] = [];
  for (const r of await audit.reservingLines()) {
    const res = reservationOf(r);
    if (res) out.push({ key: r.key, ...res });
  }
  return out;
}

/**
 * Reads what matching needs, once per batch and IN THIS ORDER (docs/engine.md explains why it keeps I2):
 * (a) reservations from the audit trail; (b) the receipt-status rows since the oldest reservation's intent
 * (minus a margin); (c) open PO schedules (`PO_DT` within `poLookbackDays`) and, when asked, the item–vendor
 * list. A reservation counts against its schedule unless (b) shows it LOADED — then (c)'s `QTY_RECEIVED`,
 * read later, already includes it.
 */
export async function readBatchSnapshot(
  deps: SnapshotDeps,
  opts: { withVendors: boolean },
): Promise<BatchSnapshot> {
  const { erp, clock, config, log } = deps;
  const reservations = await readReservations(deps.audit);

  const loaded = new Set<string>();
  if (reservations.length > 0) {
    const since = Math.min(...reservations.map((r) => r.intentAt)) - tuningOf(deps).statusQueryMarginMs;
    const status = await erp.stagedTransactions(since);
    warnInvalid(log, 'receipt status', status.invalid.length);
    for (const row of status.rows) if (row.status === 'LOADED') loaded.add(row.reference);
  }

  const now = clock.now();
  const tz = config.peoplesoft.timeZone;
  const [schedules, vendors] = await Promise.all([
    erp.openSchedules(siteDateDaysBefore(now, config.peoplesoft.poLookbackDays, tz), siteDate(now, tz)),
    opts.withVendors ? erp.itemVendors() : Promise.resolve({ rows: [] as ItemVendor[], invalid: [] }),
  ]);
  warnInvalid(log, 'open PO lines', schedules.invalid.length);
  warnInvalid(log, 'item vendors', vendors.invalid.length);

  const counting = reservations.filter((r) => !loaded.has(r.reference));
  const index = new ScheduleIndex({
    schedules: schedules.rows,
    itemVendors: vendors.rows,
    reserved: counting.map((r) => [r.poRef, r.quantity] as [string, number]),
  });
  return { index, reservations: counting };
}

function warnInvalid(log: SnapshotDeps['log'], what: string, n: number): void {
  if (n > 0) log.warn(`${n} ${what} rows from PeopleSoft could not be used`, { rows: n });
}
