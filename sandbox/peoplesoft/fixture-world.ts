/**
 * Small, hand-checkable worlds for tests of the PeopleSoft client and sandbox.
 */
import type { AdjustmentRequest, ReceiptRequest } from '../../shared/domain/index.ts';
import type { World, WorldPoSchedule } from '../world.ts';

/** The receipt of the example in docs/peoplesoft-setup.md: 2 EA against smallWorld's PO 0000079262 line 1 schedule 1. */
export const SAMPLE_RECEIPT: Readonly<ReceiptRequest> = {
  reference: 'WM-1796277083022-4',
  businessUnit: 'US001',
  vendorId: '0000012345',
  poId: '0000079262',
  lineNumber: 1,
  schedNumber: 1,
  quantity: 2,
  unitOfMeasure: 'EA',
};

/** The adjustment of the same order line: minus 2 EA of smallWorld's item 10001. */
export const SAMPLE_ADJUSTMENT: Readonly<AdjustmentRequest> = {
  reference: 'WM-1796277083022-4-ADJ',
  businessUnit: 'US001',
  itemId: '10001',
  quantity: -2,
  unitOfMeasure: 'EA',
};

const day = (start: string, n: number) =>
  new Date(Date.parse(`${start}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A world with three items, three vendors, a handful of PO schedules and balances. */
export function smallWorld(): World {
  const bu = 'US001';
  const schedule = (
    s: Partial<WorldPoSchedule> & Pick<WorldPoSchedule, 'poId' | 'itemId'>,
  ): WorldPoSchedule => ({
    businessUnit: bu,
    lineNumber: 1,
    schedNumber: 1,
    poDate: '2026-01-05',
    poStatus: 'D',
    vendorId: '0000012345',
    unitOfMeasure: 'EA',
    qtyPo: 10,
    qtyReceived: 0,
    dueDate: '2026-02-01',
    ...s,
  });
  return {
    businessUnit: bu,
    orders: [],
    vendors: [
      { vendorId: '0000012345', name: 'ACME SUPPLY CO' },
      { vendorId: '0000020000', name: 'Bolt & Nut <Wholesale>' },
      { vendorId: '0000030000', name: 'CEDAR DISTRIBUTION' },
    ],
    items: [
      { itemId: '10001', description: 'Nitrile gloves, L', unitOfMeasure: 'EA' },
      { itemId: '10002', description: 'Safety glasses', unitOfMeasure: 'EA' },
      { itemId: '10003', description: 'Hand cleaner', unitOfMeasure: 'EA' },
    ],
    itemVendors: [
      { itemId: '10001', vendorId: '0000012345', priority: 1 },
      { itemId: '10001', vendorId: '0000020000', priority: 2 },
      { itemId: '10002', vendorId: '0000020000', priority: 1 },
      { itemId: '10003', vendorId: '0000030000', priority: 1 },
    ],
    schedules: [
      schedule({ poId: '0000079262', itemId: '10001', qtyPo: 40, qtyReceived: 10 }),
      schedule({
        poId: '0000079262',
        lineNumber: 2,
        itemId: '10002',
        vendorId: '0000012345',
        poDate: '2026-01-05',
      }),
      schedule({
        poId: '0000079300',
        itemId: '10003',
        vendorId: '0000030000',
        poDate: '2026-01-10',
        poStatus: 'C',
      }),
      schedule({
        poId: '0000079301',
        itemId: '10003',
        vendorId: '0000030000',
        poDate: '2026-01-11',
        qtyPo: 5,
        qtyReceived: 5,
      }),
      schedule({
        poId: '0000079302',
        itemId: '10003',
        vendorId: '0000030000',
        poDate: '2026-01-12',
        qtyPo: 6,
      }),
    ],
    balances: [
      {
        itemId: '10001',
        qtyAvailable: 100,
        qtyOnHand: 110,
        qtyReserved: 10,
        changedAt: Date.UTC(2026, 0, 10, 8),
      },
      {
        itemId: '10002',
        qtyAvailable: 50,
        qtyOnHand: 50,
        qtyReserved: 0,
        changedAt: Date.UTC(2026, 0, 12, 8),
      },
      { itemId: '10003', qtyAvailable: 7, qtyOnHand: 7, qtyReserved: 0, changedAt: Date.UTC(2026, 0, 14, 8) },
    ],
    walmartInventory: {},
  };
}

interface LargeWorldSize {
  /** Open schedules, spread over `days` days from `start`, several per day. */
  schedules: number;
  start?: string;
  days?: number;
  /** Items; each has `vendorsPerItem` item–vendor rows and one balance. */
  items: number;
  vendorsPerItem?: number;
  /** Gap between consecutive balances' DT_TIMESTAMP, ms (0: all in the same second). */
  balanceStepMs?: number;
}

/** A world big enough to overflow `maxrows` several times over. */
export function largeWorld(size: LargeWorldSize): World {
  const base = smallWorld();
  const { start = '2025-10-01', days = 60, vendorsPerItem = 3, balanceStepMs = 90_000 } = size;
  const items = Array.from({ length: size.items }, (_, i) => `I${String(i).padStart(5, '0')}`);
  const vendors = Array.from({ length: Math.max(3, vendorsPerItem) }, (_, v) => ({
    vendorId: `V${String(v + 1).padStart(9, '0')}`,
    name: `VENDOR ${v + 1}`,
  }));
  const schedules: WorldPoSchedule[] = Array.from({ length: size.schedules }, (_, i) => ({
    businessUnit: base.businessUnit,
    poId: `PO${String(i).padStart(8, '0')}`,
    lineNumber: 1,
    schedNumber: 1,
    poDate: day(start, i % days),
    poStatus: 'D',
    vendorId: vendors[i % vendors.length]?.vendorId ?? 'V000000001',
    itemId: items[i % items.length] ?? 'I00000',
    unitOfMeasure: 'EA',
    qtyPo: 20,
    qtyReceived: i % 3,
    dueDate: day(start, (i % days) + 14),
  }));
  return {
    ...base,
    vendors,
    items: items.map((itemId) => ({ itemId, description: `Item ${itemId}`, unitOfMeasure: 'EA' })),
    itemVendors: items.flatMap((itemId, i) =>
      Array.from({ length: vendorsPerItem }, (_, v) => ({
        itemId,
        vendorId: vendors[(i + v) % vendors.length]?.vendorId ?? 'V000000001',
        priority: v + 1,
      })),
    ),
    schedules,
    balances: items.map((itemId, i) => ({
      itemId,
      qtyAvailable: i,
      qtyOnHand: i + 1,
      qtyReserved: 1,
      changedAt: Date.UTC(2026, 0, 1) + i * balanceStepMs,
    })),
  };
}
