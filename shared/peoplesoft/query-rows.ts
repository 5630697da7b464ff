/**
 * The rows of the four ml-connector queries (docs/peoplesoft-setup.md) mapped to domain records. A row that does not
 * fit becomes an InvalidRow naming the record and the field; it never stops the rest of the answer.
 */
import type {
  InventoryBalance,
  ItemVendor,
  PoSchedule,
  StagedTransaction,
  StageStatus,
} from '../domain/index.ts';
import type { InvalidRow } from '../ports.ts';
import {
  optionalNumber,
  optionalText,
  type QasRow,
  RowFieldError,
  requiredDate,
  requiredDateTime,
  requiredNumber,
  requiredText,
} from './qas-row.ts';

/** Fields of `MLC_RECEIPT_STATUS` a row may leave empty (adjustments have no PO, staged rows no receiver). */
export const OPTIONAL_RECEIPT_STATUS_FIELDS = [
  'ERROR_TEXT',
  'RECEIVER_ID',
  'RECV_LN_NBR',
  'PO_ID',
  'LINE_NBR',
  'SCHED_NBR',
  'QTY_SH_RECVD',
  'RECV_SHIP_STATUS',
] as const;

/** Field lists of the four queries, in the order docs/peoplesoft-setup.md defines. */
export const QUERY_FIELDS = {
  openPoLines: [
    'BUSINESS_UNIT',
    'PO_ID',
    'LINE_NBR',
    'SCHED_NBR',
    'PO_DT',
    'PO_STATUS',
    'VENDOR_ID',
    'NAME1',
    'INV_ITEM_ID',
    'UNIT_OF_MEASURE',
    'QTY_PO',
    'QTY_RECEIVED',
    'DUE_DT',
  ],
  itemVendors: ['INV_ITEM_ID', 'VENDOR_ID', 'NAME1', 'ITM_VNDR_PRIORITY'],
  receiptStatus: ['EIP_TRANS_SRC_REF', 'EIP_CTL_ID', 'STAGE_STATUS', ...OPTIONAL_RECEIPT_STATUS_FIELDS],
  inventoryBalances: ['INV_ITEM_ID', 'QTY_AVAILABLE', 'QTY_ONHAND', 'QTY_RESERVED', 'DT_TIMESTAMP'],
} as const;

/** Prompt names of the four queries, in order. */
export const QUERY_PROMPTS = {
  openPoLines: ['BUSINESS_UNIT', 'FROM_DT', 'TO_DT'],
  itemVendors: ['BUSINESS_UNIT', 'AFTER_ITEM'],
  receiptStatus: ['BUSINESS_UNIT', 'FROM_DTTM', 'AFTER_REF'],
  inventoryBalances: ['BUSINESS_UNIT', 'FROM_DTTM', 'AFTER_ITEM'],
} as const;

export type Mapped<T> = { ok: true; value: T } | { ok: false; invalid: InvalidRow };

/** Runs a mapper, turning a RowFieldError into an InvalidRow whose message names the record. */
export function mapRow<T>(
  query: string,
  row: QasRow,
  label: (row: QasRow) => string,
  map: (row: QasRow) => T,
): Mapped<T> {
  try {
    return { ok: true, value: map(row) };
  } catch (e) {
    if (!(e instanceof RowFieldError)) throw e;
    return {
      ok: false,
      invalid: { query, rowNumber: row.rowNumber, field: e.field, message: `${label(row)}: ${e.message}` },
    };
  }
}

const raw = (row: QasRow, field: string) => {
  const v = row.value(field);
  return v === undefined || v === null || v === '' ? '?' : String(v).trim();
};

/** `PO 0000079262 line 1 schedule 1`. */
export const scheduleLabel = (row: QasRow) =>
  `PO ${raw(row, 'PO_ID')} line ${raw(row, 'LINE_NBR')} schedule ${raw(row, 'SCHED_NBR')}`;

/** A row of `MLC_OPEN_PO_LINES` → PoSchedule. */
export function toPoSchedule(row: QasRow): PoSchedule {
  return {
    businessUnit: requiredText(row, 'BUSINESS_UNIT'),
    poId: requiredText(row, 'PO_ID'),
    lineNumber: requiredNumber(row, 'LINE_NBR', { integer: true, min: 1 }),
    schedNumber: requiredNumber(row, 'SCHED_NBR', { integer: true, min: 1 }),
    poDate: requiredDate(row, 'PO_DT'),
    poStatus: requiredText(row, 'PO_STATUS'),
    vendorId: requiredText(row, 'VENDOR_ID'),
    vendorName: optionalText(row, 'NAME1') ?? '',
    itemId: requiredText(row, 'INV_ITEM_ID'),
    unitOfMeasure: requiredText(row, 'UNIT_OF_MEASURE'),
    qtyPo: requiredNumber(row, 'QTY_PO', { min: 0 }),
    qtyReceived: optionalNumber(row, 'QTY_RECEIVED', { min: 0 }) ?? 0,
    dueDate: requiredDate(row, 'DUE_DT'),
  };
}

/** `item 10001 vendor 0000012345`. */
export const itemVendorLabel = (row: QasRow) =>
  `item ${raw(row, 'INV_ITEM_ID')} vendor ${raw(row, 'VENDOR_ID')}`;

/** A row of `MLC_ITEM_VENDORS` → ItemVendor. */
export function toItemVendor(row: QasRow): ItemVendor {
  return {
    itemId: requiredText(row, 'INV_ITEM_ID'),
    vendorId: requiredText(row, 'VENDOR_ID'),
    vendorName: optionalText(row, 'NAME1') ?? '',
    priority: requiredNumber(row, 'ITM_VNDR_PRIORITY', { integer: true, min: 0 }),
  };
}

/** `transaction WM-1796277083022-4`. */
export const transactionLabel = (row: QasRow) => `transaction ${raw(row, 'EIP_TRANS_SRC_REF')}`;

const STAGE_STATUSES: Record<string, StageStatus> = { PENDING: 'PENDING', LOADED: 'LOADED', ERROR: 'ERROR' };

/** A row of `MLC_RECEIPT_STATUS` → StagedTransaction; zero line numbers mean "none" (outer-join blanks). */
export function toStagedTransaction(
  row: QasRow,
  statusCodes: Record<string, StageStatus> = {},
): StagedTransaction {
  const rawStatus = requiredText(row, 'STAGE_STATUS').toUpperCase();
  const status = statusCodes[rawStatus] ?? STAGE_STATUSES[rawStatus];
  if (!status) {
    throw new RowFieldError(
      'STAGE_STATUS',
      `STAGE_STATUS is "${rawStatus}", expected PENDING, LOADED or ERROR (map your site's codes with the config key peoplesoft.stageStatusCodes)`,
    );
  }
  const positive = (field: string) => {
    const n = optionalNumber(row, field, { integer: true, min: 0 });
    return n === 0 ? undefined : n;
  };
  const t: StagedTransaction = {
    reference: requiredText(row, 'EIP_TRANS_SRC_REF'),
    controlId: requiredText(row, 'EIP_CTL_ID'),
    status,
  };
  const optional: Partial<StagedTransaction> = {
    errorText: optionalText(row, 'ERROR_TEXT'),
    receiverId: optionalText(row, 'RECEIVER_ID'),
    receiverLineNumber: positive('RECV_LN_NBR'),
    poId: optionalText(row, 'PO_ID'),
    lineNumber: positive('LINE_NBR'),
    schedNumber: positive('SCHED_NBR'),
    quantityReceived: optionalNumber(row, 'QTY_SH_RECVD'),
    receiptShipStatus: optionalText(row, 'RECV_SHIP_STATUS'),
  };
  for (const [k, v] of Object.entries(optional)) {
    if (v !== undefined) (t as unknown as Record<string, unknown>)[k] = v;
  }
  return t;
}

/** `item 10001`. */
export const balanceLabel = (row: QasRow) => `item ${raw(row, 'INV_ITEM_ID')}`;

/** A row of `MLC_INV_BALANCES` → InventoryBalance (`DT_TIMESTAMP` read in the site time zone). */
export function toInventoryBalance(row: QasRow, timeZone: string): InventoryBalance {
  return {
    itemId: requiredText(row, 'INV_ITEM_ID'),
    qtyAvailable: requiredNumber(row, 'QTY_AVAILABLE'),
    qtyOnHand: requiredNumber(row, 'QTY_ONHAND'),
    qtyReserved: optionalNumber(row, 'QTY_RESERVED') ?? 0,
    changedAt: requiredDateTime(row, 'DT_TIMESTAMP', timeZone).epochMs,
  };
}
