import {
  type ItemVendor,
  type PoSchedule,
  reservationOf,
  ScheduleIndex,
  siteDate,
  siteDateDaysBefore,
} from '../domain/index.ts';
import { type EngineDeps, tuningOf } from './engine-deps.ts';
import { statusSince } from './status-since.ts';

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
 * With `items`, those of these PeopleSoft items only (looked up by item and by every SKU mapped to one).
 */
async function readReservations(
  deps: SnapshotDeps,
  items: readonly string[] | undefined,
): Promise<Reservation[]> {
  const out: Reservation[] = [];
  for (const r of await deps.audit.reservingLines(items && lookupKeys(items, deps.config.matching.items))) {
    const res = reservationOf(r);
    if (res) out.push({ key: r.key, ...res });
  }
  return out;
}

/** The items, and every SKU `matching.items` maps to one of them. */
function lookupKeys(items: readonly string[], map: Readonly<Record<string, string>>): string[] {
  const wanted = new Set(items);
  return [...wanted, ...Object.keys(map).filter((sku) => wanted.has(map[sku]!))];
}

/** PeopleSoft's side of a snapshot: which reservations were LOADED, the open schedules and item vendors. */
interface PeopleSoftReads {
  /** When (b) was read. */
  at: number;
  /** The oldest intent (b) covers: a reservation older than this and than `at` needs a new read. */
  covers: number;
  loaded: ReadonlySet<string>;
  schedules: PoSchedule[];
  vendors?: ItemVendor[];
}

/**
 * PeopleSoft's reads of a snapshot, kept for the batches of one drain while younger than `maxAgeMs`. I2
 * still holds: a receipt the connector records after the reads is counted against its schedule as a
 * reservation (the cached `QTY_RECEIVED` cannot include it, and the cached status never shows it LOADED),
 * so it is counted exactly once; an older reservation the kept status window does not cover makes
 * readBatchSnapshot read again. The age bounds how long receipts made in PeopleSoft by someone else go
 * unseen (docs/engine.md, I2).
 */
export class CycleReads {
  #held?: PeopleSoftReads;
  constructor(private readonly maxAgeMs: number) {}

  /** The kept reads, when fresh enough and holding the vendors if they are needed. */
  get(now: number, withVendors: boolean): PeopleSoftReads | undefined {
    const h = this.#held;
    if (!h || now - h.at > this.maxAgeMs || (withVendors && !h.vendors)) return undefined;
    return h;
  }

  keep(reads: PeopleSoftReads): void {
    this.#held = reads;
  }
}

/**
 * Reads what matching needs, IN THIS ORDER (docs/engine.md explains why it keeps I2): (a) reservations
 * from the audit trail; (b) the receipt-status rows since the oldest reservation's intent (minus a margin);
 * (c) open PO schedules (`PO_DT` within `poLookbackDays`) and, when asked, the item–vendor list. A
 * reservation counts against its schedule unless (b) shows it LOADED — then (c)'s `QTY_RECEIVED`, read
 * later, already includes it. (a) is read for every batch; (b) and (c) are taken from `reads` when it holds
 * fresh ones (one read per cycle instead of one per batch).
 */
export async function readBatchSnapshot(
  deps: SnapshotDeps,
  opts: { withVendors: boolean; reads?: CycleReads; items?: readonly string[] },
): Promise<BatchSnapshot> {
  const reservations = await readReservations(deps, opts.items);
  const kept = opts.reads?.get(deps.clock.now(), opts.withVendors);
  // A reservation recorded before the kept reads and older than their status window may be LOADED
  // unseen: counting it would count it twice (a false INSUFFICIENT_OPEN_QTY), so read again.
  const covered = kept && reservations.every((r) => r.intentAt >= kept.at || r.intentAt >= kept.covers);
  const ps = covered ? kept : await readPeopleSoft(deps, reservations, opts.withVendors);
  opts.reads?.keep(ps);
  const counting = reservations.filter((r) => !ps.loaded.has(r.reference));
  const index = new ScheduleIndex({
    schedules: ps.schedules,
    itemVendors: ps.vendors ?? [],
    reserved: counting.map((r) => [r.poRef, r.quantity] as [string, number]),
  });
  return { index, reservations: counting };
}

/** Steps (b) and (c) of readBatchSnapshot. */
async function readPeopleSoft(
  deps: SnapshotDeps,
  reservations: Reservation[],
  withVendors: boolean,
): Promise<PeopleSoftReads> {
  const { erp, clock, config, log } = deps;
  const at = clock.now();
  const loaded = new Set<string>();
  let covers = at;
  if (reservations.length > 0) {
    const since = statusSince(
      reservations.map((r) => r.intentAt),
      tuningOf(deps).statusQueryMarginMs,
    );
    covers = since;
    const status = await erp.stagedTransactions(since);
    warnInvalid(log, 'receipt status', status.invalid.length);
    for (const row of status.rows) if (row.status === 'LOADED') loaded.add(row.reference);
  }
  const tz = config.peoplesoft.timeZone;
  const [schedules, vendors] = await Promise.all([
    erp.openSchedules(siteDateDaysBefore(at, config.peoplesoft.poLookbackDays, tz), siteDate(at, tz)),
    withVendors ? erp.itemVendors() : undefined,
  ]);
  warnInvalid(log, 'open PO lines', schedules.invalid.length);
  if (vendors) warnInvalid(log, 'item vendors', vendors.invalid.length);
  return { at, covers, loaded, schedules: schedules.rows, ...(vendors ? { vendors: vendors.rows } : {}) };
}

function warnInvalid(log: SnapshotDeps['log'], what: string, n: number): void {
  if (n > 0) log.warn(`${n} ${what} rows from PeopleSoft could not be used`, { rows: n });
}
