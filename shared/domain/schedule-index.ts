import type { ItemVendor } from './erp-records.ts';
import { type PoSchedule, scheduleRef } from './purchase-order.ts';
import { VendorDirectory } from './vendor-directory.ts';

/** A schedule as the index holds it: with its `BU/PO_ID/LINE/SCHED` reference. */
export interface IndexedSchedule extends PoSchedule {
  ref: string;
}

/** PO statuses that are never receiving candidates: complete and cancelled. */
const CLOSED_PO_STATUSES: ReadonlySet<string> = new Set(['C', 'X']);

/** True when a schedule's PO status allows receiving against it. */
export function isOpenSchedule(s: Pick<PoSchedule, 'poStatus'>): boolean {
  return !CLOSED_PO_STATUSES.has(s.poStatus.trim().toUpperCase());
}

/** Earliest `DUE_DT`, then lowest `PO_ID`, `LINE_NBR`, `SCHED_NBR` (docs/guarantees.md §4, the earliest-due order). */
function compareEarliestDue(a: PoSchedule, b: PoSchedule): number {
  return (
    a.dueDate.localeCompare(b.dueDate) ||
    a.poId.localeCompare(b.poId) ||
    a.lineNumber - b.lineNumber ||
    a.schedNumber - b.schedNumber
  );
}

interface ScheduleIndexInput {
  schedules: Iterable<PoSchedule>;
  itemVendors: Iterable<ItemVendor>;
  /** Quantity already reserved per schedule reference: the connector's receipts not yet in `QTY_RECEIVED`. */
  reserved?: Iterable<[string, number]>;
}

/**
 * Open PO schedules of one batch, indexed item → vendor → unit of measure → schedules in earliest-due order.
 * Built once per batch in time linear in the rows, so matching a line only looks at its own item and vendor.
 * It also keeps the running reservations: what PeopleSoft has not counted yet plus what this batch took.
 */
export class ScheduleIndex {
  readonly directory: VendorDirectory;
  private readonly byRef = new Map<string, IndexedSchedule>();
  private readonly byItem = new Map<string, Map<string, Map<string, IndexedSchedule[]>>>();
  private readonly vendorsByItem = new Map<string, ItemVendor[]>();
  private readonly used = new Map<string, number>();

  constructor(input: ScheduleIndexInput) {
    const named: { vendorId: string; vendorName?: string }[] = [];
    for (const v of input.itemVendors) {
      const list = this.vendorsByItem.get(v.itemId) ?? [];
      list.push(v);
      this.vendorsByItem.set(v.itemId, list);
      named.push(v);
    }
    for (const s of input.schedules) {
      const indexed: IndexedSchedule = { ...s, ref: scheduleRef(s) };
      this.byRef.set(indexed.ref, indexed);
      named.push(s);
      if (!isOpenSchedule(s)) continue;
      const vendors = this.byItem.get(s.itemId) ?? new Map<string, Map<string, IndexedSchedule[]>>();
      this.byItem.set(s.itemId, vendors);
      const units = vendors.get(s.vendorId) ?? new Map<string, IndexedSchedule[]>();
      vendors.set(s.vendorId, units);
      const list = units.get(s.unitOfMeasure) ?? [];
      list.push(indexed);
      units.set(s.unitOfMeasure, list);
    }
    for (const vendors of this.byItem.values()) {
      for (const units of vendors.values()) for (const list of units.values()) list.sort(compareEarliestDue);
    }
    for (const [ref, qty] of input.reserved ?? []) this.take(ref, qty);
    this.directory = new VendorDirectory(named);
  }

  /** A schedule by reference, open or not (closed ones are kept to explain a reviewer's bad choice). */
  schedule(ref: string): IndexedSchedule | undefined {
    return this.byRef.get(ref);
  }

  /** Item–vendor rows of one item. */
  vendorsOf(itemId: string): readonly ItemVendor[] {
    return this.vendorsByItem.get(itemId) ?? [];
  }

  /** True when the item has at least one open schedule, whatever the vendor. */
  hasOpenSchedules(itemId: string): boolean {
    return this.byItem.has(itemId);
  }

  /** Vendors with open schedules for the item. */
  vendorsWithSchedules(itemId: string): string[] {
    return [...(this.byItem.get(itemId)?.keys() ?? [])];
  }

  /** The vendor's open schedules of an item, per unit of measure (each list in earliest-due order). */
  schedulesByUnit(
    itemId: string,
    vendorId: string,
  ): ReadonlyMap<string, readonly IndexedSchedule[]> | undefined {
    return this.byItem.get(itemId)?.get(vendorId);
  }

  /** Quantity still receivable on a schedule: `QTY_PO - QTY_RECEIVED - reserved - taken by this batch`. */
  available(ref: string): number {
    const s = this.byRef.get(ref);
    if (!s) return 0;
    return s.qtyPo - s.qtyReceived - (this.used.get(ref) ?? 0);
  }

  /** What the connector holds on a schedule beyond PeopleSoft's `QTY_RECEIVED`. */
  reservedOn(ref: string): number {
    return this.used.get(ref) ?? 0;
  }

  /** Records that a receipt of `qty` will be posted against the schedule. */
  take(ref: string, qty: number): void {
    this.used.set(ref, (this.used.get(ref) ?? 0) + qty);
  }

  /** Gives back a take (a decision that could not be recorded). */
  giveBack(ref: string, qty: number): void {
    const left = (this.used.get(ref) ?? 0) - qty;
    if (left > 0) this.used.set(ref, left);
    else this.used.delete(ref);
  }
}
