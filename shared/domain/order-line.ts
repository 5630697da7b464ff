/** Walmart order-line statuses (line level; a purchase order can mix them). */
export type WalmartLineStatus = 'Created' | 'Acknowledged' | 'Shipped' | 'Delivered' | 'Cancelled' | 'Refund';

/** Statuses that mean the sale leaves stock: the line is processed. */
export const ACTIONABLE_STATUSES: ReadonlySet<string> = new Set([
  'Created',
  'Acknowledged',
  'Shipped',
  'Delivered',
]);

/** One Walmart order line, as the domain sees it (already parsed and validated). */
export interface OrderLine {
  purchaseOrderId: string;
  lineNumber: string;
  customerOrderId: string;
  /** Epoch ms. */
  orderDate: number;
  sku: string;
  productName?: string;
  /**
   * The quantity that leaves stock: the sum of the line's actionable statuses' quantities (2 `Shipped` + 1
   * `Cancelled` is 2). For a line with no actionable status, the line's whole quantity.
   */
  quantity: number;
  /** The sum of the line's `Cancelled` statuses' quantities (0 when nothing is cancelled). */
  cancelledQuantity: number;
  /** Walmart unit of measurement, `EACH` or `EA` in practice. */
  unit: string;
  /**
   * The line's status as one value: its latest actionable status when it has one, else `Cancelled` when part
   * of it is, else its latest status.
   */
  status: WalmartLineStatus;
  /** Epoch ms of the latest status change. */
  statusDate: number;
}

/** A line Walmart sent that could not be parsed: reported, never thrown. */
export interface InvalidOrderLine {
  purchaseOrderId: string;
  /** `?` when the line number itself is missing. */
  lineNumber: string;
  sku?: string;
  /** Dotted path of the offending field, e.g. `orderLineQuantity.amount`. */
  field: string;
  message: string;
}

/** What the marketplace adapter yields per order line. */
export type OrderLineResult = { ok: true; line: OrderLine } | { ok: false; invalid: InvalidOrderLine };

/** The identity of an order line everywhere: `{purchaseOrderId}#{lineNumber}`. */
export function lineKey(line: { purchaseOrderId: string; lineNumber: string }): string {
  return `${line.purchaseOrderId}#${line.lineNumber}`;
}

/** Splits an order-line key back into its parts; throws on a malformed key. */
export function parseLineKey(key: string): { purchaseOrderId: string; lineNumber: string } {
  const at = key.lastIndexOf('#');
  if (at <= 0 || at === key.length - 1) {
    throw new Error(`"${key}" is not an order line key; expected PURCHASE_ORDER_ID#LINE_NUMBER`);
  }
  return { purchaseOrderId: key.slice(0, at), lineNumber: key.slice(at + 1) };
}

/** The reference written into PeopleSoft for a line's receipt: `WM-{purchaseOrderId}-{lineNumber}`. */
export function receiptReference(line: { purchaseOrderId: string; lineNumber: string }): string {
  return `WM-${line.purchaseOrderId}-${line.lineNumber}`;
}

/** The reference of a line's inventory adjustment: the receipt reference with suffix `-ADJ`. */
export function adjustmentReference(line: { purchaseOrderId: string; lineNumber: string }): string {
  return `${receiptReference(line)}-ADJ`;
}

/**
 * The reference of the reversal of a line's adjustment (the stock of a late cancellation put back): the
 * receipt reference with suffix `-ADJR`.
 */
export function reversalReference(line: { purchaseOrderId: string; lineNumber: string }): string {
  return `${receiptReference(line)}-ADJR`;
}
