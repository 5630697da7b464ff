/**
 * World orders rendered exactly as Walmart serializes them: epoch-ms timestamps, quantities as strings, money
 * as numbers, explicit `null`s for absent optional fields, extra undocumented fields (`offerId`, `condition`),
 * a seller-fulfilled `shipNode`. Details (names, prices, addresses) derive from the ids, so rendering is
 * deterministic. Lines marked with a `defect` come out broken the way their name says.
 */
import type { WalmartLineStatus } from '../../shared/domain/index.ts';
import type { WorldOrder, WorldOrderLine } from '../world.ts';
import { hashString, hex, pick, seededRandom } from '../seeded-random.ts';

interface WalmartQuantityJson {
  unitOfMeasurement: string;
  amount: string | null;
}

interface WalmartLineStatusJson {
  status: WalmartLineStatus;
  statusQuantity: WalmartQuantityJson;
  cancellationReason: string | null;
  trackingInfo: Record<string, unknown> | null;
  returnCenterAddress: null;
}

interface WalmartOrderLineJson {
  lineNumber: string;
  item: { productName: string; sku: string | null; [k: string]: unknown };
  charges: { charge: Record<string, unknown>[] };
  orderLineQuantity: WalmartQuantityJson | null;
  statusDate: number;
  orderLineStatuses: { orderLineStatus: WalmartLineStatusJson[] };
  [k: string]: unknown;
}

export interface WalmartOrderJson {
  purchaseOrderId: string;
  customerOrderId: string;
  orderDate: number;
  orderLines: { orderLine: WalmartOrderLineJson[] };
  [k: string]: unknown;
}

const FIRST = [
  'Kathryn',
  'Steffen',
  'Dorothy',
  'Marcus',
  'Priya',
  'Luis',
  'Hannah',
  'Omar',
  'Grace',
  'Tomás',
];
const LAST = ['Cole', 'Matt', 'Kelly', 'Nguyen', 'Patel', 'Garcia', 'Okafor', 'Schmidt', 'Rossi', 'Jensen'];
const STREETS = ['Warners Rd', 'Mason St', 'N Kilpatrick Ave', 'Elm St', 'Lakeview Dr', 'Commerce Blvd'];
const CITIES: [string, string, string][] = [
  ['Warners', 'NY', '13164'],
  ['San Francisco', 'CA', '94133'],
  ['Chicago', 'IL', '60646'],
  ['Bentonville', 'AR', '72712'],
  ['Austin', 'TX', '78701'],
  ['Columbus', 'OH', '43215'],
];
const ADJECTIVES = ['Heavy-Duty', 'Compact', 'Stackable', 'Cordless', 'Stainless', 'Insulated', 'Folding'];
const NOUNS = [
  'Storage Bin',
  'Work Light',
  'Tool Set',
  'Water Bottle',
  'Shelf Unit',
  'Extension Cord',
  'Cart',
];
const COLORS = ['Blue', 'Black', 'Gray', 'Red', 'Green'];
const CARRIERS = ['UPS', 'USPS', 'FedEx'];

const HOUR = 3_600_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** A stable product name for a SKU. */
function productNameOf(sku: string): string {
  const r = seededRandom(hashString(sku));
  return `${pick(r, ADJECTIVES)} ${pick(r, NOUNS)} - ${pick(r, COLORS)}`;
}

/** A stable unit price for a SKU, USD. */
function unitPriceOf(sku: string): number {
  return round2(4.99 + (hashString(`price:${sku}`) % 20_000) / 100);
}

function uuid(r: () => number): string {
  const h = hex(r, 32).toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function statusEntry(
  line: WorldOrderLine,
  status: WalmartLineStatus,
  at: number,
  purchaseOrderId: string,
  quantity = line.quantity,
) {
  const r = seededRandom(hashString(`${purchaseOrderId}#${line.lineNumber}:status`));
  const shipped = status === 'Shipped' || status === 'Delivered';
  const trackingNumber = String(100_000_000_000_000 + Math.floor(r() * 899_999_999_999_999));
  const entry: WalmartLineStatusJson = {
    status,
    statusQuantity: { unitOfMeasurement: line.unit ?? 'EACH', amount: String(quantity) },
    cancellationReason: status === 'Cancelled' ? 'CUSTOMER_REQUESTED_SELLER_TO_CANCEL' : null,
    trackingInfo: shipped
      ? {
          shipDateTime: at,
          carrierName: { otherCarrier: null, carrier: pick(r, CARRIERS) },
          methodCode: 'Value',
          trackingNumber,
          trackingURL: `https://www.walmart.com/tracking?tracking_id=${trackingNumber}&order_id=${purchaseOrderId}`,
        }
      : null,
    returnCenterAddress: null,
  };
  return entry;
}

/** A fresh status entry for a line already rendered (acknowledge, cancel), for `amount` or the whole line. */
export function renderStatus(
  order: WalmartOrderJson,
  line: WalmartOrderLineJson,
  status: WalmartLineStatus,
  at: number,
  amount?: number,
): WalmartLineStatusJson {
  const quantity = amount ?? Number(line.orderLineQuantity?.amount);
  return statusEntry(
    {
      lineNumber: line.lineNumber,
      sku: line.item.sku ?? '',
      quantity: Number.isFinite(quantity) ? quantity : 1,
      status,
      unit: line.orderLineQuantity?.unitOfMeasurement ?? 'EACH',
    },
    status,
    at,
    order.purchaseOrderId,
  );
}

function renderLine(order: WorldOrder, line: WorldOrderLine): WalmartOrderLineJson {
  const r = seededRandom(hashString(`${order.purchaseOrderId}#${line.lineNumber}`));
  const unit = line.unit ?? 'EACH';
  const price = round2(unitPriceOf(line.sku) * line.quantity);
  const withShipping = r() < 0.3;
  const charges: Record<string, unknown>[] = [
    {
      chargeType: 'PRODUCT',
      chargeName: 'ItemPrice',
      chargeAmount: { currency: 'USD', amount: price },
      tax:
        r() < 0.8 ? { taxName: 'Tax1', taxAmount: { currency: 'USD', amount: round2(price * 0.08) } } : null,
    },
  ];
  if (withShipping) {
    charges.push({
      chargeType: 'SHIPPING',
      chargeName: 'Shipping',
      chargeAmount: { currency: 'USD', amount: 5.99 },
      tax: null,
    });
  }
  const statusDate = line.statusDate ?? order.orderDate;
  let orderLineQuantity: WalmartQuantityJson | null = {
    unitOfMeasurement: unit,
    amount: String(line.quantity),
  };
  if (line.defect === 'bad-quantity') orderLineQuantity = { unitOfMeasurement: unit, amount: 'two' };
  if (line.defect === 'missing-quantity') orderLineQuantity = null;
  return {
    lineNumber: line.lineNumber,
    item: {
      productName: productNameOf(line.sku),
      sku: line.defect === 'missing-sku' ? null : line.sku,
      imageUrl: null,
      weight: null,
      condition: 'New',
    },
    charges: { charge: charges },
    orderLineQuantity,
    statusDate,
    orderLineStatuses: {
      orderLineStatus: (line.statuses ?? [{ status: line.status, quantity: line.quantity }]).map((s) =>
        statusEntry(line, s.status, statusDate, order.purchaseOrderId, s.quantity),
      ),
    },
    refund: null,
    returnOrderId: null,
    originalCarrierMethod: '22',
    referenceLineId: null,
    fulfillment: {
      fulfillmentOption: 'S2H',
      shipMethod: 'VALUE',
      storeId: null,
      pickUpDateTime: order.orderDate + 72 * HOUR,
      pickUpBy: null,
      shippingProgramType: null,
      offerId: hex(r, 32),
    },
    serialNumbers: [],
    intentToCancel: 'NO',
    configId: null,
    sellerOrderId: null,
  };
}

/** One World order as Walmart's `order` JSON. */
export function renderOrder(order: WorldOrder): WalmartOrderJson {
  const r = seededRandom(hashString(order.purchaseOrderId));
  const [city, state, postalCode] = pick(r, CITIES);
  const lines = order.lines.map((l) => renderLine(order, l));
  const total = round2(
    lines.reduce(
      (sum, l) =>
        sum +
        l.charges.charge.reduce((s, c) => s + Number((c.chargeAmount as { amount: number }).amount ?? 0), 0),
      0,
    ),
  );
  return {
    purchaseOrderId: order.purchaseOrderId,
    customerOrderId: order.customerOrderId,
    customerEmailId: `${hex(r, 32)}@relay.walmart.com`,
    orderType: 'REGULAR',
    originalCustomerOrderID: null,
    orderDate: order.orderDate,
    buyerId: uuid(r),
    mart: 'Walmart.com',
    isGuest: false,
    shippingInfo: {
      phone: String(2_000_000_000 + Math.floor(r() * 7_999_999_999)),
      estimatedDeliveryDate: order.orderDate + 5 * 24 * HOUR,
      estimatedShipDate: order.orderDate + 2 * 24 * HOUR,
      methodCode: pick(r, ['Value', 'Standard', 'Express'] as const),
      postalAddress: {
        name: `${pick(r, FIRST)} ${pick(r, LAST)}`,
        address1: `${100 + Math.floor(r() * 9_800)} ${pick(r, STREETS)}`,
        address2: r() < 0.3 ? `Apt ${1 + Math.floor(r() * 40)}` : null,
        city,
        state,
        postalCode,
        country: 'USA',
        addressType: 'RESIDENTIAL',
      },
    },
    orderLines: { orderLine: lines },
    paymentTypes: ['CREDITCARD'],
    orderSummary: {
      totalAmount: { currencyAmount: total, currencyUnit: 'USD' },
      orderSubTotals: [
        { subTotalType: 'totalItemsSubTotal', totalAmount: { currencyAmount: total, currencyUnit: 'USD' } },
      ],
    },
    pickupPersons: null,
    shipNode: { type: 'SellerFulfilled', name: 'Main Distribution Center', id: '10000012345' },
  };
}
