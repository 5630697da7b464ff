/**
 * The PeopleSoft sandbox's tables, seeded from a World: vendors, items, item–vendor priorities, PO
 * schedules (PO_HDR/PO_LINE/PO_LINE_SHIP flattened), EIP staging (BCT_CTL-like), receipts (RECV_LN_SHIP)
 * and balances (BU_ITEMS_INV). Every staged transaction is kept, duplicates included.
 */
import type { World, WorldBalance, WorldItem, WorldPoSchedule, WorldVendor } from '../world.ts';

type StageStatus = 'PENDING' | 'LOADED' | 'ERROR';

/** One staged EIP transaction (a BCT_CTL row and its detail). */
export interface StagingRow {
  /** `EIP_CTL_ID`, assigned in staging order. */
  controlId: string;
  kind: 'receipt' | 'adjustment';
  operation: string;
  transactionId: string;
  source: string;
  reference: string;
  businessUnit: string;
  transactionCode: string;
  status: StageStatus;
  errorText?: string;
  stagedAt: number;
  loadedAt?: number;
  quantity: number;
  unitOfMeasure: string;
  /** Receipts. */
  vendorId?: string;
  billOfLading?: string;
  poBusinessUnit?: string;
  poId?: string;
  lineNumber?: number;
  schedNumber?: number;
  /** Adjustments. */
  itemId?: string;
  reasonCode?: string;
  storageArea?: string;
  storLevel1?: string;
  /** Set by the batch load of a receipt. */
  receiverId?: string;
  receiverLineNumber?: number;
}

/** A RECV_LN_SHIP row created by the batch load. */
export interface ReceiptLine {
  businessUnit: string;
  receiverId: string;
  receiverLineNumber: number;
  poBusinessUnit: string;
  poId: string;
  lineNumber: number;
  schedNumber: number;
  itemId: string;
  vendorId: string;
  qtyShRecvd: number;
  unitOfMeasure: string;
  /** `R` received (the sandbox never moves receipts on to putaway). */
  recvShipStatus: string;
  receiptAt: number;
  billOfLading: string;
  controlId: string;
}

export type Schedule = WorldPoSchedule;

export interface Balance extends WorldBalance {
  businessUnit: string;
}

export class PeopleSoftData {
  readonly businessUnit: string;
  readonly vendors = new Map<string, WorldVendor>();
  readonly items = new Map<string, WorldItem>();
  readonly itemVendors: { itemId: string; vendorId: string; priority: number }[];
  readonly schedules: Schedule[];
  readonly balances = new Map<string, Balance>();
  readonly staging: StagingRow[] = [];
  readonly receipts: ReceiptLine[] = [];
  /** Staging errors forced per reference at the next batch load. */
  readonly stagingErrors = new Map<string, string>();
  private nextControl = 1;
  private nextReceiver = 1;

  constructor(world: World) {
    this.businessUnit = world.businessUnit;
    for (const v of world.vendors) this.vendors.set(v.vendorId, { ...v });
    for (const i of world.items) this.items.set(i.itemId, { ...i });
    this.itemVendors = world.itemVendors.map((iv) => ({ ...iv }));
    this.schedules = world.schedules.map((s) => ({ ...s }));
    for (const b of world.balances) this.balances.set(b.itemId, { ...b, businessUnit: world.businessUnit });
  }

  /** Appends a staging row with the next `EIP_CTL_ID`. */
  stage(row: Omit<StagingRow, 'controlId' | 'status'>): StagingRow {
    const staged: StagingRow = {
      ...row,
      controlId: String(this.nextControl++).padStart(10, '0'),
      status: 'PENDING',
    };
    this.staging.push(staged);
    return staged;
  }

  /** The next `RECEIVER_ID`. */
  newReceiverId(): string {
    return String(this.nextReceiver++).padStart(10, '0');
  }

  /** The schedule a receipt points at, if any. */
  findSchedule(
    businessUnit: string,
    poId: string,
    lineNumber: number,
    schedNumber: number,
  ): Schedule | undefined {
    return this.schedules.find(
      (s) =>
        s.businessUnit === businessUnit &&
        s.poId === poId &&
        s.lineNumber === lineNumber &&
        s.schedNumber === schedNumber,
    );
  }

  /** Sets an item's balance (creating it) and stamps `DT_TIMESTAMP`. */
  setBalance(
    itemId: string,
    qtyAvailable: number,
    at: number,
    qtyOnHand?: number,
    qtyReserved?: number,
  ): Balance {
    const existing = this.balances.get(itemId);
    const b: Balance = {
      businessUnit: this.businessUnit,
      itemId,
      qtyAvailable,
      qtyOnHand: qtyOnHand ?? existing?.qtyOnHand ?? qtyAvailable,
      qtyReserved: qtyReserved ?? existing?.qtyReserved ?? 0,
      changedAt: at,
    };
    this.balances.set(itemId, b);
    return b;
  }

  /** How many times each reference was staged (a count above 1 is a duplicate post). */
  postCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const s of this.staging) counts[s.reference] = (counts[s.reference] ?? 0) + 1;
    return counts;
  }

  /** References staged more than once. */
  duplicates(): string[] {
    return Object.entries(this.postCounts())
      .filter(([, n]) => n > 1)
      .map(([ref]) => ref);
  }
}
