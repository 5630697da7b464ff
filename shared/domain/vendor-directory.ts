import type { ItemVendor } from './erp-records.ts';

/** What the engine knows about vendors from the item–vendor list and the open PO schedules of a batch. */
export class VendorDirectory {
  private readonly names = new Map<string, string>();
  private readonly idsByName = new Map<string, Set<string>>();

  /** Builds the directory from any rows that carry a vendor id and name. */
  constructor(rows: Iterable<{ vendorId: string; vendorName?: string }>) {
    for (const r of rows) {
      const name = r.vendorName?.trim();
      if (!this.names.has(r.vendorId) || (name && !this.names.get(r.vendorId))) {
        this.names.set(r.vendorId, name ?? '');
      }
      if (name) {
        const key = name.toLowerCase();
        const ids = this.idsByName.get(key) ?? new Set<string>();
        ids.add(r.vendorId);
        this.idsByName.set(key, ids);
      }
    }
  }

  /** The supplier name (`NAME1`) of a vendor, when known. */
  nameOf(vendorId: string): string | undefined {
    return this.names.get(vendorId) || undefined;
  }

  has(vendorId: string): boolean {
    return this.names.has(vendorId);
  }

  /**
   * Vendor ids a configured supplier stands for: the id itself, the id with PeopleSoft's leading zeros
   * (`12345` → `0000012345`), or every vendor whose name matches ignoring case.
   */
  lookup(supplier: string): string[] {
    const value = supplier.trim();
    if (this.names.has(value)) return [value];
    if (/^\d+$/.test(value)) {
      const bare = value.replace(/^0+/, '');
      const padded = [...this.names.keys()].filter(
        (id) => /^\d+$/.test(id) && id.replace(/^0+/, '') === bare,
      );
      if (padded.length > 0) return padded;
    }
    return [...(this.idsByName.get(value.toLowerCase()) ?? [])];
  }

  /** `0000012345 ACME SUPPLY CO` or just the id. */
  label(vendorId: string): string {
    const name = this.nameOf(vendorId);
    return name ? `${vendorId} ${name}` : vendorId;
  }
}

/** Rows of the item–vendor list, de-duplicated per vendor, for one item. */
export function uniqueVendors(rows: readonly ItemVendor[]): ItemVendor[] {
  const byVendor = new Map<string, ItemVendor>();
  for (const r of rows) {
    const seen = byVendor.get(r.vendorId);
    if (!seen || r.priority < seen.priority) byVendor.set(r.vendorId, r);
  }
  return [...byVendor.values()];
}
