/**
 * Reading a `POST /PSIGW/HttpListeningConnector` in the sandbox: checks the Integration Broker headers and
 * parses the `PURCHASE_ORDER_RECEIPT` / `INVENTORY_ADJUSTMENT` message into staging drafts, one per
 * `<Transaction>`. A structural problem refuses the whole message (eip-answer.ts answers and stages).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { StagingRow } from './sandbox-data.ts';

const RECEIPT_OPERATION = 'PURCHASE_ORDER_RECEIPT.VERSION_1';
const ADJUSTMENT_OPERATION = 'INVENTORY_ADJUSTMENT.VERSION_1';

/** Record names the sandbox's message definitions use. */
export interface SandboxLayout {
  receiptRoot: string;
  receiptHeader: string;
  receiptDetail: string;
  adjustmentRoot: string;
  adjustmentRecord: string;
}

export const DEFAULT_SANDBOX_LAYOUT: SandboxLayout = {
  receiptRoot: 'PURCHASE_ORDER_RECEIPT',
  receiptHeader: 'BCT_C_PO_RC_EVW',
  receiptDetail: 'BCT_D_PO_RC_EVW',
  adjustmentRoot: 'INVENTORY_ADJUSTMENT',
  adjustmentRecord: 'BCT_C_INV_ADJ_EVW',
};

export interface EipSettings {
  node: string;
  externalNodes: string[];
  layout: SandboxLayout;
}

type StagingDraft = Omit<StagingRow, 'controlId' | 'status' | 'transactionId' | 'stagedAt'>;

/** A checked request: a Ping, a list of transactions to stage, or the reason it is refused. */
type EipRequest =
  | { kind: 'ping'; operation: string }
  | { kind: 'message'; operation: string; drafts: StagingDraft[] }
  | { kind: 'refused'; operation: string; message: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  removeNSPrefix: true,
  isArray: (name) => name === 'Transaction',
});

class FieldError extends Error {}

const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name.toLowerCase()];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

/** Checks the headers and parses the message body. */
export function readEipRequest(
  headers: IncomingHttpHeaders,
  body: string,
  settings: EipSettings,
): EipRequest {
  const operation = header(headers, 'OperationName');
  const refused = (message: string): EipRequest => ({ kind: 'refused', operation, message });
  if (operation !== RECEIPT_OPERATION && operation !== ADJUSTMENT_OPERATION) {
    return refused(`Service operation "${operation}" is not active or has no any-to-local routing.`);
  }
  const from = header(headers, 'From');
  if (!settings.externalNodes.includes(from)) {
    return refused(`Requesting node "${from}" is not defined; no routing from it to ${settings.node}.`);
  }
  const to = header(headers, 'To');
  if (to !== settings.node)
    return refused(`Destination node "${to}" is not the default local node ${settings.node}.`);
  const type = header(headers, 'OperationType').toLowerCase();
  if (type === 'ping') return { kind: 'ping', operation };
  if (type !== 'async') return refused(`OperationType "${type}" is not valid for ${operation}: use async.`);
  if (!/xml/i.test(header(headers, 'Content-Type'))) return refused('Content-Type must be text/xml.');
  const text = body.trim();
  const valid = text === '' ? 'empty message' : XMLValidator.validate(text);
  if (valid !== true) {
    const why = typeof valid === 'string' ? valid : `${valid.err.msg} (line ${valid.err.line})`;
    return refused(`Message is not well-formed XML: ${why}`);
  }
  const doc = parser.parse(text) as Record<string, unknown>;
  const { layout } = settings;
  const isReceipt = operation === RECEIPT_OPERATION;
  const root = obj(doc[isReceipt ? layout.receiptRoot : layout.adjustmentRoot]);
  if (!root) {
    return refused(
      `Root element ${isReceipt ? layout.receiptRoot : layout.adjustmentRoot} expected for ${operation}.`,
    );
  }
  const transactions = (obj(root.MsgData)?.Transaction ?? []) as unknown[];
  if (transactions.length === 0) return refused(`${operation} holds no <Transaction>.`);
  const drafts: StagingDraft[] = [];
  for (const [i, t] of transactions.entries()) {
    try {
      drafts.push(isReceipt ? receiptDraft(obj(t), layout) : adjustmentDraft(obj(t), layout));
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      return refused(`Transaction ${i + 1} of ${operation}: ${e.message}`);
    }
    const last = drafts[drafts.length - 1] as StagingDraft;
    last.operation = operation;
  }
  return { kind: 'message', operation, drafts };
}

function obj(v: unknown): Record<string, unknown> | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return x && typeof x === 'object' ? (x as Record<string, unknown>) : undefined;
}

function text(rec: Record<string, unknown>, record: string, field: string, required = true): string {
  const v = rec[field];
  const s = v === undefined || v === null || typeof v === 'object' ? '' : String(v).trim();
  if (required && s === '') throw new FieldError(`${record}.${field} is required`);
  return s;
}

function num(rec: Record<string, unknown>, record: string, field: string, integer: boolean): number {
  const s = text(rec, record, field);
  const n = Number(s);
  if (!/^[+-]?\d+(\.\d+)?$/.test(s) || (integer && !Number.isInteger(n))) {
    throw new FieldError(`${record}.${field} "${s}" is not a valid ${integer ? 'whole number' : 'number'}`);
  }
  return n;
}

function receiptDraft(t: Record<string, unknown> | undefined, layout: SandboxLayout): StagingDraft {
  const h = obj(t?.[layout.receiptHeader]);
  if (!h) throw new FieldError(`record ${layout.receiptHeader} is missing`);
  const d = obj(h[layout.receiptDetail]);
  if (!d) throw new FieldError(`record ${layout.receiptDetail} is missing`);
  const H = layout.receiptHeader;
  const D = layout.receiptDetail;
  const quantity = num(d, D, 'QTY', false);
  if (quantity <= 0) throw new FieldError(`${D}.QTY must be positive for a receipt`);
  return {
    kind: 'receipt',
    operation: '',
    source: text(h, H, 'EIP_TRANS_SRC'),
    reference: text(h, H, 'EIP_TRANS_SRC_REF'),
    businessUnit: text(h, H, 'BUSINESS_UNIT'),
    transactionCode: text(h, H, 'TRANSACTION_CODE'),
    vendorId: text(h, H, 'VENDOR_ID'),
    billOfLading: text(h, H, 'BILL_OF_LADING', false),
    poBusinessUnit: text(d, D, 'BUSINESS_UNIT_PO'),
    poId: text(d, D, 'PO_ID'),
    lineNumber: num(d, D, 'LINE_NBR', true),
    schedNumber: num(d, D, 'SCHED_NBR', true),
    quantity,
    unitOfMeasure: text(d, D, 'UNIT_OF_MEASURE'),
  };
}

function adjustmentDraft(t: Record<string, unknown> | undefined, layout: SandboxLayout): StagingDraft {
  const R = layout.adjustmentRecord;
  const a = obj(t?.[R]);
  if (!a) throw new FieldError(`record ${R} is missing`);
  const quantity = num(a, R, 'QTY', false);
  if (quantity === 0) throw new FieldError(`${R}.QTY must not be zero`);
  return {
    kind: 'adjustment',
    operation: '',
    source: text(a, R, 'EIP_TRANS_SRC'),
    reference: text(a, R, 'EIP_TRANS_SRC_REF'),
    businessUnit: text(a, R, 'BUSINESS_UNIT'),
    transactionCode: text(a, R, 'TRANSACTION_CODE'),
    itemId: text(a, R, 'INV_ITEM_ID'),
    quantity,
    unitOfMeasure: text(a, R, 'UNIT_OF_MEASURE'),
    reasonCode: text(a, R, 'REASON_CD', false),
    storageArea: text(a, R, 'STORAGE_AREA', false),
    storLevel1: text(a, R, 'STOR_LEVEL_1', false),
  };
}
