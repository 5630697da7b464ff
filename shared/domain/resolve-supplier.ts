import type { ItemVendor } from './erp-records.ts';
import { uniqueVendors, type VendorDirectory } from './vendor-directory.ts';

/** A supplier candidate named in a resolution failure. */
interface SupplierCandidate {
  vendorId: string;
  vendorName?: string;
  priority?: number;
}

type SupplierResolution =
  | { ok: true; vendorId: string; vendorName?: string; source: 'config' | 'item-vendors' }
  | {
      ok: false;
      reason: 'NO_SUPPLIER' | 'AMBIGUOUS_SUPPLIER';
      candidates: SupplierCandidate[];
      /** The `matching.suppliers` value when the configuration was the source. */
      configured?: string;
    };

/**
 * Resolves the supplier of an order line's item (docs/guarantees.md §4): `matching.suppliers` (SKU → `VENDOR_ID` or
 * supplier name, name compared ignoring case) wins; otherwise the single item–vendor row with the best
 * (lowest) `ITM_VNDR_PRIORITY`. No vendor → `NO_SUPPLIER`; a tie for best → `AMBIGUOUS_SUPPLIER`.
 * `itemVendors` are the rows of this item (ScheduleIndex.vendorsOf), so the cost does not grow with the list.
 *
 * @example resolveSupplier({ sku: 'A1', itemId: '10001' }, {}, rows, directory) // { ok: true, vendorId: '0000012345', ... }
 */
export function resolveSupplier(
  line: { sku: string; itemId: string },
  suppliers: Readonly<Record<string, string>>,
  itemVendors: readonly ItemVendor[],
  directory: VendorDirectory,
): SupplierResolution {
  const configured = suppliers[line.sku];
  if (configured !== undefined && configured.trim() !== '') {
    const ids = directory.lookup(configured);
    if (ids.length > 1) {
      return {
        ok: false,
        reason: 'AMBIGUOUS_SUPPLIER',
        configured,
        candidates: ids.map((vendorId) => ({ vendorId, vendorName: directory.nameOf(vendorId) })),
      };
    }
    // An unknown configured vendor is taken as an id: matching then reports that it has no open PO.
    const vendorId = ids[0] ?? configured.trim();
    return { ok: true, vendorId, vendorName: directory.nameOf(vendorId), source: 'config' };
  }
  const vendors = uniqueVendors(itemVendors.filter((v) => v.itemId === line.itemId));
  if (vendors.length === 0) return { ok: false, reason: 'NO_SUPPLIER', candidates: [] };
  const best = Math.min(...vendors.map((v) => v.priority));
  const preferred = vendors.filter((v) => v.priority === best);
  if (preferred.length > 1) {
    return {
      ok: false,
      reason: 'AMBIGUOUS_SUPPLIER',
      candidates: preferred
        .map((v) => ({ vendorId: v.vendorId, vendorName: v.vendorName || undefined, priority: v.priority }))
        .sort((a, b) => a.vendorId.localeCompare(b.vendorId)),
    };
  }
  const only = preferred[0]!;
  return {
    ok: true,
    vendorId: only.vendorId,
    vendorName: only.vendorName || directory.nameOf(only.vendorId),
    source: 'item-vendors',
  };
}
