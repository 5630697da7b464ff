import type { ItemVendor, OrderLine, PoSchedule } from '../domain/index.ts';

/** Test time origin: 15 January 2026, noon UTC. */
export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

/** A valid Walmart order line; override what the test is about. */
export function orderLine(over: Partial<OrderLine> & { purchaseOrderId: string }): OrderLine {
  return {
    lineNumber: '1',
    customerOrderId: `C${over.purchaseOrderId}`,
    orderDate: T0 - 3_600_000,
    sku: 'SKU-1',
    quantity: 1,
    cancelledQuantity: over.status === 'Cancelled' ? (over.quantity ?? 1) : 0,
    unit: 'EACH',
    status: 'Created',
    statusDate: over.orderDate ?? T0 - 3_600_000,
    ...over,
  };
}

/** An open PO schedule; override what the test is about. */
export function poSchedule(over: Partial<PoSchedule> & { poId: string }): PoSchedule {
  return {
    businessUnit: 'US001',
    lineNumber: 1,
    schedNumber: 1,
    poDate: '2026-01-02',
    poStatus: 'D',
    vendorId: '0000012345',
    vendorName: 'ACME SUPPLY CO',
    itemId: 'SKU-1',
    unitOfMeasure: 'EA',
    qtyPo: 10,
    qtyReceived: 0,
    dueDate: '2026-02-01',
    ...over,
  };
}

/** An item–vendor row. */
export function itemVendor(
  itemId: string,
  vendorId: string,
  priority = 1,
  vendorName = `VENDOR ${vendorId}`,
): ItemVendor {
  return { itemId, vendorId, vendorName, priority };
}
