/**
 * Builds the asynchronous EIP messages `PURCHASE_ORDER_RECEIPT` and `INVENTORY_ADJUSTMENT` in the
 * layout of docs/peoplesoft-setup.md, many `<Transaction>`s per message. Record and field names can be changed per
 * site through a layout object; values are escaped by fast-xml-parser's XMLBuilder, never concatenated.
 */
import { XMLBuilder } from 'fast-xml-parser';
import {
  ADJUSTMENT_MESSAGE_FIELDS,
  type AdjustmentField,
  type AdjustmentRequest,
  RECEIPT_DETAIL_FIELDS,
  RECEIPT_HEADER_FIELDS,
  type ReceiptField,
  type ReceiptRequest,
} from '../domain/index.ts';

export interface ReceiptLayout {
  root: string;
  headerRecord: string;
  detailRecord: string;
  /** Element name per documented field, for sites whose message renames a field. */
  fieldNames: Partial<Record<ReceiptField, string>>;
}

export interface AdjustmentLayout {
  root: string;
  record: string;
  fieldNames: Partial<Record<AdjustmentField, string>>;
}

export const DEFAULT_RECEIPT_LAYOUT: ReceiptLayout = {
  root: 'PURCHASE_ORDER_RECEIPT',
  headerRecord: 'BCT_C_PO_RC_EVW',
  detailRecord: 'BCT_D_PO_RC_EVW',
  fieldNames: {},
};

export const DEFAULT_ADJUSTMENT_LAYOUT: AdjustmentLayout = {
  root: 'INVENTORY_ADJUSTMENT',
  record: 'BCT_C_INV_ADJ_EVW',
  fieldNames: {},
};

/** Site values written into every receipt (from `peoplesoft.receipt`). */
interface ReceiptSettings {
  source: string;
  transactionCode: string;
}

/** Site values written into every adjustment (from `peoplesoft.receipt.source` and `peoplesoft.adjustment`). */
interface AdjustmentSettings {
  source: string;
  transactionCode: string;
  reasonCode: string;
  storageArea: string;
  storLevel1: string;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  processEntities: true,
});

function record<F extends string>(
  names: Partial<Record<F, string>>,
  fields: readonly F[],
  values: Record<F, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { '@_class': 'R' };
  for (const f of fields) out[names[f] ?? f] = values[f];
  return out;
}

const pscama = { '@_class': 'R', AUDIT_ACTN: 'A' };

/** A quantity as PeopleSoft expects it: plain decimal notation, never exponent form. */
export function formatQuantity(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

/** One `PURCHASE_ORDER_RECEIPT` message holding a transaction per receipt. */
export function buildReceiptMessage(
  receipts: ReceiptRequest[],
  settings: ReceiptSettings,
  layout: ReceiptLayout = DEFAULT_RECEIPT_LAYOUT,
): string {
  const transactions = receipts.map((r) => {
    const header = record(layout.fieldNames, RECEIPT_HEADER_FIELDS, {
      EIP_TRANS_SRC: settings.source,
      EIP_TRANS_SRC_REF: r.reference,
      EIP_TRANS_SRC_SEQ: '1',
      TRANSACTION_CODE: settings.transactionCode,
      BUSINESS_UNIT: r.businessUnit,
      VENDOR_ID: r.vendorId,
      BILL_OF_LADING: r.reference,
      RECEIVER_ID: 'NEXT',
      END_TRANS_FLAG: 'Y',
    });
    header[layout.detailRecord] = record(layout.fieldNames, RECEIPT_DETAIL_FIELDS, {
      EIP_TRANS_SRC_SEQ: '1',
      BUSINESS_UNIT_PO: r.businessUnit,
      PO_ID: r.poId,
      LINE_NBR: String(r.lineNumber),
      SCHED_NBR: String(r.schedNumber),
      QTY: formatQuantity(r.quantity),
      UNIT_OF_MEASURE: r.unitOfMeasure,
      RECV_LN_NBR: '1',
    });
    return { [layout.headerRecord]: header, PSCAMA: pscama };
  });
  return builder.build({ [layout.root]: { MsgData: { Transaction: transactions } } });
}

/** One `INVENTORY_ADJUSTMENT` message holding a transaction per adjustment. */
export function buildAdjustmentMessage(
  adjustments: AdjustmentRequest[],
  settings: AdjustmentSettings,
  layout: AdjustmentLayout = DEFAULT_ADJUSTMENT_LAYOUT,
): string {
  const transactions = adjustments.map((a) => ({
    [layout.record]: record(layout.fieldNames, ADJUSTMENT_MESSAGE_FIELDS, {
      EIP_TRANS_SRC: settings.source,
      EIP_TRANS_SRC_REF: a.reference,
      TRANSACTION_CODE: settings.transactionCode,
      BUSINESS_UNIT: a.businessUnit,
      INV_ITEM_ID: a.itemId,
      QTY: formatQuantity(a.quantity),
      UNIT_OF_MEASURE: a.unitOfMeasure,
      REASON_CD: settings.reasonCode,
      STORAGE_AREA: settings.storageArea,
      STOR_LEVEL_1: settings.storLevel1,
    }),
    PSCAMA: pscama,
  }));
  return builder.build({ [layout.root]: { MsgData: { Transaction: transactions } } });
}

const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
const positiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;

/** Problems of a receipt request, each naming the field; empty when it can be posted. */
export function receiptProblems(r: ReceiptRequest): string[] {
  const p: string[] = [];
  if (blank(r.reference)) p.push('reference is empty');
  if (blank(r.businessUnit)) p.push('businessUnit is empty');
  if (blank(r.vendorId)) p.push('vendorId is empty');
  if (blank(r.poId)) p.push('poId is empty');
  if (!positiveInt(r.lineNumber)) p.push(`lineNumber ${String(r.lineNumber)} is not a positive whole number`);
  if (!positiveInt(r.schedNumber))
    p.push(`schedNumber ${String(r.schedNumber)} is not a positive whole number`);
  if (typeof r.quantity !== 'number' || !Number.isFinite(r.quantity) || r.quantity <= 0) {
    p.push(`quantity ${String(r.quantity)} is not a positive number`);
  }
  if (blank(r.unitOfMeasure)) p.push('unitOfMeasure is empty');
  return p;
}

/** Problems of an adjustment request, each naming the field; empty when it can be posted. */
export function adjustmentProblems(a: AdjustmentRequest): string[] {
  const p: string[] = [];
  if (blank(a.reference)) p.push('reference is empty');
  if (blank(a.businessUnit)) p.push('businessUnit is empty');
  if (blank(a.itemId)) p.push('itemId is empty');
  if (typeof a.quantity !== 'number' || !Number.isFinite(a.quantity) || a.quantity === 0) {
    p.push(`quantity ${String(a.quantity)} is not a non-zero number`);
  }
  if (blank(a.unitOfMeasure)) p.push('unitOfMeasure is empty');
  return p;
}
