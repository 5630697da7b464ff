/**
 * One believable world shared by the two sandboxes: Walmart orders for SKUs that PeopleSoft knows as items,
 * supplied by vendors on open purchase orders. Both simulators are seeded from the same World.
 */
import type { WalmartLineStatus } from '../shared/domain/index.ts';

export interface WorldOrderLine {
  lineNumber: string;
  sku: string;
  quantity: number;
  status: WalmartLineStatus;
  /** Walmart unit, default `EACH`. */
  unit?: string;
  /** Renders the line with a defect, for tests of lenient parsing. */
  defect?: 'missing-sku' | 'bad-quantity' | 'missing-quantity';
  /** Epoch ms of the last status change (default: the order date). */
  statusDate?: number;
  /**
   * Several statuses with their quantities (e.g. 2 `Shipped` + 1 `Cancelled`), rendered in this order
   * instead of one `status` for the whole quantity.
   */
  statuses?: { status: WalmartLineStatus; quantity: number }[];
}

export interface WorldOrder {
  purchaseOrderId: string;
  customerOrderId: string;
  /** Epoch ms. */
  orderDate: number;
  lines: WorldOrderLine[];
}

export interface WorldVendor {
  vendorId: string;
  name: string;
}

export interface WorldItem {
  itemId: string;
  description: string;
  unitOfMeasure: string;
}

export interface WorldItemVendor {
  itemId: string;
  vendorId: string;
  priority: number;
}

export interface WorldPoSchedule {
  businessUnit: string;
  poId: string;
  lineNumber: number;
  schedNumber: number;
  /** `YYYY-MM-DD`. */
  poDate: string;
  /** `A` approved, `D` dispatched, `C` complete, `X` cancelled ... (`C`/`X` are not open). */
  poStatus: string;
  vendorId: string;
  itemId: string;
  unitOfMeasure: string;
  qtyPo: number;
  qtyReceived: number;
  /** `YYYY-MM-DD`. */
  dueDate: string;
}

export interface WorldBalance {
  itemId: string;
  qtyAvailable: number;
  qtyOnHand: number;
  qtyReserved: number;
  /** Epoch ms of `BU_ITEMS_INV.DT_TIMESTAMP`. */
  changedAt: number;
}

export interface World {
  businessUnit: string;
  orders: WorldOrder[];
  vendors: WorldVendor[];
  items: WorldItem[];
  itemVendors: WorldItemVendor[];
  schedules: WorldPoSchedule[];
  balances: WorldBalance[];
  /** Walmart's current quantity per SKU (SKUs Walmart lists). */
  walmartInventory: Record<string, number>;
}
