/**
 * Walmart order JSON → domain order lines. Lenient where Walmart drifts (explicit nulls, extra fields, numbers
 * as strings, single objects where arrays are expected, `shipNode: []`), strict where the connector needs the
 * value: a line without a usable SKU, quantity or status is reported with the offending field, never thrown,
 * and never stops its siblings.
 */
import { ACTIONABLE_STATUSES, type OrderLineResult, type WalmartLineStatus } from '../domain/index.ts';

const STATUSES: Record<string, WalmartLineStatus> = {
  created: 'Created',
  acknowledged: 'Acknowledged',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  canceled: 'Cancelled',
  refund: 'Refund',
};

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** Walmart sends a one-element list as a bare object now and then; accept both. */
function list(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  return obj(v) ? [v] : undefined;
}

/** An identifier: non-empty string, or a number Walmart sent unquoted. */
function id(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  const s = typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Epoch ms from epoch ms (number or numeric string), epoch seconds, or an ISO-8601 string. */
export function parseWalmartInstant(v: unknown): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) n = Number(v);
  else if (typeof v === 'string' && v.trim() !== '') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  if (n === undefined || !Number.isFinite(n) || n <= 0) return undefined;
  // Walmart uses epoch ms; 10-digit values are epoch seconds.
  return Math.round(n < 1e11 ? n * 1000 : n);
}

/** A positive whole quantity from `"2"`, `2`, `"2.0"`; undefined otherwise. */
export function parseQuantity(v: unknown): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && v.trim() !== '') n = Number(v.trim());
  else return undefined;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

class LineProblem {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

/**
 * The quantities of a line's statuses (`orderLineStatus[]`, each `{status, statusQuantity}`): what leaves
 * stock (actionable statuses), what was cancelled, and the one status that stands for the line. A single
 * status without a quantity covers the whole line; status quantities may not add up to more than the line.
 */
function statusQuantities(
  statuses: unknown[],
  lineQuantity: number,
  at: string,
): { status: WalmartLineStatus; actionable: number; cancelled: number } | LineProblem {
  let actionable = 0;
  let cancelled = 0;
  let total = 0;
  let latest: WalmartLineStatus | undefined;
  let latestActionable: WalmartLineStatus | undefined;
  for (let i = 0; i < statuses.length; i++) {
    const entry = obj(statuses[i]);
    const raw = entry?.status;
    const status = typeof raw === 'string' ? STATUSES[raw.trim().toLowerCase()] : undefined;
    if (!status) {
      return new LineProblem(
        `${at}[${i}].status`,
        `is ${describe(raw)}, expected Created, Acknowledged, Shipped, Delivered, Cancelled or Refund`,
      );
    }
    const qty = obj(entry?.statusQuantity);
    let amount = parseQuantity(qty?.amount);
    if (amount === undefined && statuses.length === 1 && qty?.amount === undefined) amount = lineQuantity;
    if (amount === undefined) {
      return new LineProblem(
        `${at}[${i}].statusQuantity.amount`,
        `is ${describe(qty?.amount)}, expected a positive whole number (the line has ${statuses.length} statuses)`,
      );
    }
    total += amount;
    latest = status;
    if (ACTIONABLE_STATUSES.has(status)) {
      actionable += amount;
      latestActionable = status;
    } else if (status === 'Cancelled') cancelled += amount;
  }
  if (total > lineQuantity) {
    return new LineProblem(
      at,
      `has status quantities adding up to ${total}, more than the line quantity ${lineQuantity}`,
    );
  }
  const status = latestActionable ?? (cancelled > 0 ? 'Cancelled' : (latest as WalmartLineStatus));
  return { status, actionable, cancelled };
}

/**
 * Every line of one Walmart order (an element of `list.elements.order[]` or `{order}`), in document order.
 * Fields are named relative to the order, e.g. `orderLines.orderLine[2].orderLineQuantity.amount`.
 */
export function parseOrderLines(rawOrder: unknown): OrderLineResult[] {
  const order = obj(rawOrder);
  if (!order) {
    return [
      {
        ok: false,
        invalid: {
          purchaseOrderId: '?',
          lineNumber: '?',
          field: 'order',
          message: `is ${describe(rawOrder)}`,
        },
      },
    ];
  }
  const purchaseOrderId = id(order.purchaseOrderId);
  const rawLines = list(obj(order.orderLines)?.orderLine);
  if (!rawLines || rawLines.length === 0) {
    return [
      {
        ok: false,
        invalid: {
          purchaseOrderId: purchaseOrderId ?? '?',
          lineNumber: '?',
          field: 'orderLines.orderLine',
          message: `holds no order lines (${describe(obj(order.orderLines)?.orderLine)})`,
        },
      },
    ];
  }
  let orderProblem: LineProblem | undefined;
  const orderDate = parseWalmartInstant(order.orderDate);
  if (!purchaseOrderId)
    orderProblem = new LineProblem('purchaseOrderId', `is ${describe(order.purchaseOrderId)}`);
  else if (orderDate === undefined) {
    orderProblem = new LineProblem(
      'orderDate',
      `is ${describe(order.orderDate)}, expected epoch milliseconds`,
    );
  }
  const customerOrderId = id(order.customerOrderId) ?? '';
  return rawLines.map((rawLine, i): OrderLineResult => {
    const at = `orderLines.orderLine[${i}]`;
    const line = obj(rawLine);
    const lineNumber = id(line?.lineNumber);
    const item = obj(line?.item);
    const sku = id(item?.sku);
    const invalid = (problem: LineProblem): OrderLineResult => ({
      ok: false,
      invalid: {
        purchaseOrderId: purchaseOrderId ?? '?',
        lineNumber: lineNumber ?? '?',
        ...(sku ? { sku } : {}),
        field: problem.field,
        message: problem.message,
      },
    });
    if (orderProblem) return invalid(orderProblem);
    if (!line) return invalid(new LineProblem(at, `is ${describe(rawLine)}`));
    if (!lineNumber) return invalid(new LineProblem(`${at}.lineNumber`, `is ${describe(line.lineNumber)}`));
    if (!sku) return invalid(new LineProblem(`${at}.item.sku`, `is ${describe(item?.sku)}`));
    const qty = obj(line.orderLineQuantity);
    const quantity = parseQuantity(qty?.amount);
    if (quantity === undefined) {
      return invalid(
        new LineProblem(
          qty ? `${at}.orderLineQuantity.amount` : `${at}.orderLineQuantity`,
          `is ${describe(qty ? qty.amount : line.orderLineQuantity)}, expected a positive whole number`,
        ),
      );
    }
    const unitRaw = qty?.unitOfMeasurement;
    const unit = typeof unitRaw === 'string' && unitRaw.trim() !== '' ? unitRaw.trim().toUpperCase() : 'EACH';
    const statuses = list(obj(line.orderLineStatuses)?.orderLineStatus);
    if (!statuses || statuses.length === 0) {
      return invalid(
        new LineProblem(
          `${at}.orderLineStatuses.orderLineStatus`,
          `is ${describe(obj(line.orderLineStatuses)?.orderLineStatus)}, expected at least one status`,
        ),
      );
    }
    const split = statusQuantities(statuses, quantity, `${at}.orderLineStatuses.orderLineStatus`);
    if (split instanceof LineProblem) return invalid(split);
    const { status, actionable, cancelled } = split;
    // A line without its own status date changed last when the order was placed.
    const statusDate = parseWalmartInstant(line.statusDate) ?? (orderDate as number);
    const productName = typeof item?.productName === 'string' ? item.productName : undefined;
    return {
      ok: true,
      line: {
        purchaseOrderId: purchaseOrderId as string,
        lineNumber,
        customerOrderId,
        orderDate: orderDate as number,
        sku,
        ...(productName !== undefined ? { productName } : {}),
        quantity: actionable > 0 ? actionable : quantity,
        cancelledQuantity: cancelled,
        unit,
        status,
        statusDate,
      },
    };
  });
}
