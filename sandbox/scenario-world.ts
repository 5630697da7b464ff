/**
 * The seeded demo and end-to-end world: a handful of orders whose lines hit every matching outcome.
 * Dates are relative to `now` so a first poll (3-day lookback) finds every order.
 */
import type { World, WorldOrder } from './world.ts';

const DAY = 86_400_000;

/** Vendors of the scenario world. */
export const SCENARIO_VENDORS = {
  acme: { vendorId: '0000012345', name: 'ACME SUPPLY CO' },
  beta: { vendorId: '0000023456', name: 'BETA DISTRIBUTING' },
  gamma: { vendorId: '0000034567', name: 'GAMMA WHOLESALE' },
} as const;

/** The final state (after PeopleSoft's batch load) each scenario line is built to reach, by order line key. */
export const SCENARIO_EXPECTATIONS: Record<string, { status: string; reason?: string }> = {
  '1796277083022#1': { status: 'RECEIPTED' }, // exactly one open schedule
  '1796277083022#2': { status: 'RECEIPTED' },
  '1796277083023#1': { status: 'FLAGGED', reason: 'AMBIGUOUS_PO' }, // two open schedules, strict policy
  '1796277083024#1': { status: 'FLAGGED', reason: 'NO_OPEN_PO_FOR_SUPPLIER' }, // only another supplier's PO
  '1796277083025#1': { status: 'FLAGGED', reason: 'NO_OPEN_PO' },
  '1796277083025#2': { status: 'FLAGGED', reason: 'INSUFFICIENT_OPEN_QTY' },
  '1796277083026#1': { status: 'FLAGGED', reason: 'AMBIGUOUS_SUPPLIER' }, // two vendors of equal priority
  '1796277083026#2': { status: 'FLAGGED', reason: 'NO_SUPPLIER' },
  '1796277083027#1': { status: 'FLAGGED', reason: 'UOM_MISMATCH' },
  '1796277083027#2': { status: 'SKIPPED', reason: 'CANCELLED' },
  '1796277083028#1': { status: 'FLAGGED', reason: 'INVALID_ORDER_DATA' },
  '1796277083028#2': { status: 'RECEIPTED' },
};

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Builds the scenario world for a given time (default: now). */
export function scenarioWorld(now: number = Date.now()): World {
  const { acme, beta, gamma } = SCENARIO_VENDORS;
  const bu = 'US001';
  const at = (hoursAgo: number) => now - hoursAgo * 3_600_000;
  const order = (id: string, hoursAgo: number, lines: WorldOrder['lines']): WorldOrder => ({
    purchaseOrderId: id,
    customerOrderId: `52819564266${id.slice(-2)}`,
    orderDate: at(hoursAgo),
    lines,
  });
  const poDate = isoDate(now - 20 * DAY);
  const due = (days: number) => isoDate(now + days * DAY);
  const sched = (
    poId: string,
    vendorId: string,
    itemId: string,
    qtyPo: number,
    qtyReceived: number,
    extra: Partial<World['schedules'][number]> = {},
  ): World['schedules'][number] => ({
    businessUnit: bu,
    poId,
    lineNumber: 1,
    schedNumber: 1,
    poDate,
    poStatus: 'D',
    vendorId,
    itemId,
    unitOfMeasure: 'EA',
    qtyPo,
    qtyReceived,
    dueDate: due(10),
    ...extra,
  });
  const balance = (itemId: string, qtyAvailable: number) => ({
    itemId,
    qtyAvailable,
    qtyOnHand: qtyAvailable + 5,
    qtyReserved: 5,
    changedAt: now - 2 * DAY,
  });

  return {
    businessUnit: bu,
    vendors: [acme, beta, gamma],
    items: [
      { itemId: 'GLV-100', description: 'Nitrile gloves, L, box of 100', unitOfMeasure: 'EA' },
      { itemId: 'TAPE-200', description: 'Packing tape 48 mm', unitOfMeasure: 'EA' },
      { itemId: 'BOX-300', description: 'Shipping carton 12x12x12', unitOfMeasure: 'EA' },
      { itemId: 'LBL-400', description: 'Thermal labels 4x6', unitOfMeasure: 'EA' },
      { itemId: 'WRAP-500', description: 'Stretch wrap 18 in', unitOfMeasure: 'EA' },
      { itemId: 'CUP-600', description: 'Paper cups 12 oz', unitOfMeasure: 'EA' },
      { itemId: 'PEN-700', description: 'Ballpoint pens, blue', unitOfMeasure: 'EA' },
      { itemId: 'BAG-800', description: 'Poly mailers 10x13', unitOfMeasure: 'BX' },
      { itemId: 'MUG-900', description: 'Ceramic mug 11 oz', unitOfMeasure: 'EA' },
    ],
    itemVendors: [
      { itemId: 'BAG-800', vendorId: acme.vendorId, priority: 1 },
      { itemId: 'BOX-300', vendorId: beta.vendorId, priority: 1 },
      { itemId: 'BOX-300', vendorId: gamma.vendorId, priority: 2 },
      { itemId: 'CUP-600', vendorId: acme.vendorId, priority: 1 },
      { itemId: 'CUP-600', vendorId: beta.vendorId, priority: 1 },
      { itemId: 'GLV-100', vendorId: acme.vendorId, priority: 1 },
      { itemId: 'GLV-100', vendorId: beta.vendorId, priority: 2 },
      { itemId: 'LBL-400', vendorId: acme.vendorId, priority: 1 },
      { itemId: 'MUG-900', vendorId: gamma.vendorId, priority: 1 },
      { itemId: 'TAPE-200', vendorId: acme.vendorId, priority: 1 },
      { itemId: 'WRAP-500', vendorId: beta.vendorId, priority: 1 },
    ],
    schedules: [
      sched('0000079262', acme.vendorId, 'GLV-100', 100, 10),
      sched('0000079100', acme.vendorId, 'GLV-100', 50, 0, { poStatus: 'C' }), // complete: not a candidate
      sched('0000079263', acme.vendorId, 'TAPE-200', 40, 0),
      sched('0000079264', acme.vendorId, 'TAPE-200', 30, 5, { dueDate: due(20) }),
      sched('0000079265', gamma.vendorId, 'BOX-300', 60, 0),
      sched('0000079266', beta.vendorId, 'WRAP-500', 10, 8),
      sched('0000079267', acme.vendorId, 'CUP-600', 25, 0),
      sched('0000079268', acme.vendorId, 'BAG-800', 20, 0, { unitOfMeasure: 'BX' }),
      sched('0000079269', gamma.vendorId, 'MUG-900', 24, 4, { lineNumber: 2 }),
    ],
    balances: [
      balance('GLV-100', 120),
      balance('TAPE-200', 40),
      balance('BOX-300', 15),
      balance('LBL-400', 3),
      balance('WRAP-500', 0),
      balance('CUP-600', 75),
      balance('PEN-700', 9),
      balance('BAG-800', 12),
      balance('MUG-900', 30),
    ],
    walmartInventory: {
      'GLV-100': 100,
      'TAPE-200': 40,
      'BOX-300': 10,
      'LBL-400': 3,
      'WRAP-500': 2,
      'CUP-600': 70,
      'PEN-700': 9,
      'BAG-800': 12,
      'MUG-900': 25,
      'ZZZ-NOT-IN-PEOPLESOFT': 7,
    },
    orders: [
      order('1796277083022', 30, [
        { lineNumber: '1', sku: 'GLV-100', quantity: 2, status: 'Created' },
        { lineNumber: '2', sku: 'MUG-900', quantity: 3, status: 'Acknowledged' },
      ]),
      order('1796277083023', 28, [{ lineNumber: '1', sku: 'TAPE-200', quantity: 1, status: 'Created' }]),
      order('1796277083024', 26, [{ lineNumber: '1', sku: 'BOX-300', quantity: 4, status: 'Shipped' }]),
      order('1796277083025', 24, [
        { lineNumber: '1', sku: 'LBL-400', quantity: 1, status: 'Created' },
        { lineNumber: '2', sku: 'WRAP-500', quantity: 5, status: 'Created' },
      ]),
      order('1796277083026', 20, [
        { lineNumber: '1', sku: 'CUP-600', quantity: 2, status: 'Delivered' },
        { lineNumber: '2', sku: 'PEN-700', quantity: 1, status: 'Created' },
      ]),
      order('1796277083027', 12, [
        { lineNumber: '1', sku: 'BAG-800', quantity: 2, status: 'Created' },
        { lineNumber: '2', sku: 'GLV-100', quantity: 1, status: 'Cancelled' },
      ]),
      order('1796277083028', 6, [
        { lineNumber: '1', sku: 'GLV-100', quantity: 1, status: 'Created', defect: 'bad-quantity' },
        { lineNumber: '2', sku: 'MUG-900', quantity: 1, status: 'Created' },
      ]),
    ],
  };
}
