/**
 * The four public queries installed in the sandbox, defined as a customer would build them in Query
 * Manager (docs/peoplesoft-setup.md): prompts in order, fields with their record aliases, criteria and
 * order. Fields computed by an expression have no alias, so they stay bare in alias key style.
 */
import type { PeopleSoftData, ReceiptLine, StagingRow } from './sandbox-data.ts';
import { siteDateTime } from '../../shared/domain/index.ts';
import { isSiteDate, isSiteDateTime } from '../../shared/peoplesoft/index.ts';

type CellValue = string | number;
export type QueryRow = Record<string, CellValue>;

interface QueryField {
  name: string;
  /** Record alias (`A`, `B` …); absent for an expression. */
  alias?: string;
}

export interface SandboxQuery {
  prompts: string[];
  fields: QueryField[];
  /** Rows for validated prompt values, already in the query's order; at most `limit` when given. */
  rows(data: PeopleSoftData, values: string[], ctx: QueryContext, limit?: number): QueryRow[];
  /** A problem with a prompt value, or undefined when all are acceptable. */
  checkValues(values: string[]): string | undefined;
}

export interface QueryContext {
  timeZone: string;
  /** `EIP_TRANS_SRC` the receipt-status query is limited to. */
  eipSource: string;
}

const byKey = (...vals: (string | number)[]) => vals.map((v) => String(v).padStart(12, '0')).join('|');
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const dateTimeCheck = (name: string) => (values: string[]) => {
  const v = values[1] ?? '';
  return !isSiteDateTime(v)
    ? `Invalid value "${v}" for prompt ${name}: expected YYYY-MM-DDTHH:MM:SS`
    : undefined;
};

/** The lower bound of a `> AFTER_…` criterion: PeopleSoft binds a blank character prompt as a single space. */
const afterKey = (after: string | undefined) => (after === undefined || after === '' ? ' ' : after);

const openPoLines: SandboxQuery = {
  prompts: ['BUSINESS_UNIT', 'FROM_DT', 'TO_DT'],
  fields: [
    { name: 'BUSINESS_UNIT', alias: 'A' },
    { name: 'PO_ID', alias: 'A' },
    { name: 'LINE_NBR', alias: 'B' },
    { name: 'SCHED_NBR', alias: 'C' },
    { name: 'PO_DT', alias: 'A' },
    { name: 'PO_STATUS', alias: 'A' },
    { name: 'VENDOR_ID', alias: 'A' },
    { name: 'NAME1', alias: 'D' },
    { name: 'INV_ITEM_ID', alias: 'B' },
    { name: 'UNIT_OF_MEASURE', alias: 'B' },
    { name: 'QTY_PO', alias: 'C' },
    { name: 'QTY_RECEIVED' },
    { name: 'DUE_DT', alias: 'C' },
  ],
  checkValues: (values) => {
    for (const [i, name] of [
      [1, 'FROM_DT'],
      [2, 'TO_DT'],
    ] as const) {
      if (!isSiteDate(values[i] ?? ''))
        return `Invalid value "${values[i] ?? ''}" for prompt ${name}: expected YYYY-MM-DD`;
    }
    return undefined;
  },
  rows: (data, [bu, from, to]) =>
    data.schedules
      .filter(
        (s) =>
          s.businessUnit === bu &&
          s.poStatus !== 'C' &&
          s.poStatus !== 'X' &&
          s.qtyPo - s.qtyReceived > 0 &&
          s.poDate >= (from ?? '') &&
          s.poDate <= (to ?? ''),
      )
      .sort((a, b) =>
        compare(byKey(a.poId, a.lineNumber, a.schedNumber), byKey(b.poId, b.lineNumber, b.schedNumber)),
      )
      .map((s) => ({
        BUSINESS_UNIT: s.businessUnit,
        PO_ID: s.poId,
        LINE_NBR: s.lineNumber,
        SCHED_NBR: s.schedNumber,
        PO_DT: s.poDate,
        PO_STATUS: s.poStatus,
        VENDOR_ID: s.vendorId,
        NAME1: data.vendors.get(s.vendorId)?.name ?? '',
        INV_ITEM_ID: s.itemId,
        UNIT_OF_MEASURE: s.unitOfMeasure,
        QTY_PO: s.qtyPo,
        QTY_RECEIVED: s.qtyReceived,
        DUE_DT: s.dueDate,
      })),
};

const itemVendors: SandboxQuery = {
  prompts: ['BUSINESS_UNIT', 'AFTER_ITEM'],
  fields: [
    { name: 'INV_ITEM_ID', alias: 'A' },
    { name: 'VENDOR_ID', alias: 'A' },
    { name: 'NAME1', alias: 'B' },
    { name: 'ITM_VNDR_PRIORITY', alias: 'A' },
  ],
  checkValues: () => undefined,
  rows: (data, [bu, after]) => {
    if (bu !== data.businessUnit) return [];
    const floor = afterKey(after);
    return data.itemVendors
      .filter((iv) => iv.itemId > floor)
      .sort(
        (a, b) => compare(a.itemId, b.itemId) || a.priority - b.priority || compare(a.vendorId, b.vendorId),
      )
      .map((iv) => ({
        INV_ITEM_ID: iv.itemId,
        VENDOR_ID: iv.vendorId,
        NAME1: data.vendors.get(iv.vendorId)?.name ?? '',
        ITM_VNDR_PRIORITY: iv.priority,
      }));
  },
};

/** Receipt lines by control id, rebuilt only when receipts were added (they never leave). */
const receiptIndex = new WeakMap<PeopleSoftData, { length: number; byControl: Map<string, ReceiptLine> }>();
function receiptOf(data: PeopleSoftData, controlId: string): ReceiptLine | undefined {
  let kept = receiptIndex.get(data);
  if (kept?.length !== data.receipts.length) {
    const byControl = new Map<string, ReceiptLine>();
    // The first receipt line of a control id, as a search from the start finds it.
    for (const r of data.receipts) if (!byControl.has(r.controlId)) byControl.set(r.controlId, r);
    kept = { length: data.receipts.length, byControl };
    receiptIndex.set(data, kept);
  }
  return kept.byControl.get(controlId);
}

function receiptStatusRow(data: PeopleSoftData, s: StagingRow): QueryRow {
  const receipt = receiptOf(data, s.controlId);
  return {
    EIP_TRANS_SRC_REF: s.reference,
    EIP_CTL_ID: s.controlId,
    STAGE_STATUS: s.status,
    ERROR_TEXT: s.errorText ?? '',
    RECEIVER_ID: receipt?.receiverId ?? '',
    RECV_LN_NBR: receipt?.receiverLineNumber ?? '',
    PO_ID: s.poId ?? '',
    LINE_NBR: s.lineNumber ?? '',
    SCHED_NBR: s.schedNumber ?? '',
    QTY_SH_RECVD: receipt?.qtyShRecvd ?? '',
    RECV_SHIP_STATUS: receipt?.recvShipStatus ?? '',
  };
}

const receiptStatus: SandboxQuery = {
  prompts: ['BUSINESS_UNIT', 'FROM_DTTM', 'AFTER_REF'],
  fields: [
    { name: 'EIP_TRANS_SRC_REF', alias: 'A' },
    { name: 'EIP_CTL_ID', alias: 'A' },
    { name: 'STAGE_STATUS' },
    { name: 'ERROR_TEXT' },
    { name: 'RECEIVER_ID', alias: 'C' },
    { name: 'RECV_LN_NBR', alias: 'C' },
    { name: 'PO_ID', alias: 'B' },
    { name: 'LINE_NBR', alias: 'B' },
    { name: 'SCHED_NBR', alias: 'B' },
    { name: 'QTY_SH_RECVD', alias: 'C' },
    { name: 'RECV_SHIP_STATUS', alias: 'C' },
  ],
  checkValues: dateTimeCheck('FROM_DTTM'),
  rows: (data, [bu, from = '', after], ctx, limit = Number.POSITIVE_INFINITY) => {
    // Like PeopleSoft, timestamps are compared as site wall-clock values.
    const at = (t: number | undefined) => (t === undefined ? '' : siteSecond(t, ctx.timeZone));
    const floor = afterKey(after);
    const sorted = stagingByReference(data);
    const out: QueryRow[] = [];
    // The keyset start by binary search, then rows in order until the page is full: a page costs its rows.
    for (let i = firstAfter(sorted, floor); i < sorted.length && out.length < limit; i++) {
      const s = sorted[i]!;
      if (s.businessUnit !== bu || s.source !== ctx.eipSource) continue;
      if (at(s.stagedAt) >= from || (s.loadedAt !== undefined && at(s.loadedAt) >= from))
        out.push(receiptStatusRow(data, s));
    }
    return out;
  },
};

/** Staging rows by reference (then control id), sorted again only when rows were added (they never leave). */
const sortedStaging = new WeakMap<PeopleSoftData, { length: number; rows: StagingRow[] }>();
function stagingByReference(data: PeopleSoftData): StagingRow[] {
  const kept = sortedStaging.get(data);
  if (kept?.length === data.staging.length) return kept.rows;
  const rows = [...data.staging].sort(
    (a, b) => compare(a.reference, b.reference) || compare(a.controlId, b.controlId),
  );
  sortedStaging.set(data, { length: rows.length, rows });
  return rows;
}

/** Index of the first row whose reference sorts after `floor`. */
function firstAfter(rows: StagingRow[], floor: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.reference > floor) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** siteDateTime, remembered per second: a status read compares hundreds of thousands of timestamps. */
const secondsSeen = new Map<string, string>();
function siteSecond(epochMs: number, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(epochMs / 1000)}`;
  let text = secondsSeen.get(key);
  if (text === undefined) {
    if (secondsSeen.size > 100_000) secondsSeen.clear();
    text = siteDateTime(epochMs, timeZone);
    secondsSeen.set(key, text);
  }
  return text;
}

const inventoryBalances: SandboxQuery = {
  prompts: ['BUSINESS_UNIT', 'FROM_DTTM', 'AFTER_ITEM'],
  fields: [
    { name: 'INV_ITEM_ID', alias: 'A' },
    { name: 'QTY_AVAILABLE', alias: 'A' },
    { name: 'QTY_ONHAND', alias: 'A' },
    { name: 'QTY_RESERVED', alias: 'A' },
    { name: 'DT_TIMESTAMP', alias: 'A' },
  ],
  checkValues: dateTimeCheck('FROM_DTTM'),
  rows: (data, [bu, from = '', after], ctx) =>
    // DT_TIMESTAMP holds site wall-clock time: the criterion works on that value.
    [...data.balances.values()]
      .filter((b) => b.businessUnit === bu && b.itemId > afterKey(after))
      .map((b) => ({
        INV_ITEM_ID: b.itemId,
        QTY_AVAILABLE: b.qtyAvailable,
        QTY_ONHAND: b.qtyOnHand,
        QTY_RESERVED: b.qtyReserved,
        DT_TIMESTAMP: siteDateTime(b.changedAt, ctx.timeZone),
      }))
      .filter((r) => r.DT_TIMESTAMP >= from)
      .sort((a, b) => compare(a.INV_ITEM_ID, b.INV_ITEM_ID)),
};

/** The queries by their default names. */
export const SANDBOX_QUERIES = { openPoLines, itemVendors, receiptStatus, inventoryBalances };

export type QueryKind = keyof typeof SANDBOX_QUERIES;
