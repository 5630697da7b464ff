/** The audit trail's SQLite rows: how a record, an entry and an inventory entry map to columns, and the checks a record passes before it is stored. */
import {
  type AuditEntry,
  type InventoryEntry,
  LINE_STATUSES,
  type LineRecord,
  type LineStatus,
} from '../domain/index.ts';
import { InvalidLineRecordError } from './store-errors.ts';

export interface LineRow {
  key: string;
  purchase_order_id: string;
  line_number: string;
  sku: string;
  status: string;
  reason: string | null;
  updated_at: number;
  version: number;
  data: string;
}

export interface EntryRow {
  key: string;
  purchase_order_id: string;
  line_number: string;
  at: number;
  actor: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  detail: string;
  data: string | null;
}

export interface InventoryRow {
  id: number;
  at: number;
  sku: string;
  item_id: string;
  quantity: number;
  balance: number;
  balance_at: number;
  via: string;
  feed_id: string | null;
  outcome: string;
  detail: string | null;
  trigger: string;
}

export function fromInventoryRow(r: InventoryRow): InventoryEntry {
  return {
    sku: r.sku,
    itemId: r.item_id,
    quantity: r.quantity,
    balance: r.balance,
    balanceAt: r.balance_at,
    via: r.via as InventoryEntry['via'],
    ...(r.feed_id !== null ? { feedId: r.feed_id } : {}),
    outcome: r.outcome as InventoryEntry['outcome'],
    ...(r.detail !== null ? { detail: r.detail } : {}),
    trigger: r.trigger as InventoryEntry['trigger'],
    at: r.at,
  };
}

const STATUSES = new Set<string>(LINE_STATUSES);

const COLUMN_FIELDS = new Set([
  'key',
  'purchaseOrderId',
  'lineNumber',
  'sku',
  'status',
  'reason',
  'updatedAt',
  'version',
]);

export function toRow(r: LineRecord) {
  const rest: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(r)) {
    if (!COLUMN_FIELDS.has(field) && value !== undefined) rest[field] = value;
  }
  return {
    key: r.key,
    purchase_order_id: r.purchaseOrderId,
    line_number: r.lineNumber,
    sku: r.sku,
    status: r.status,
    reason: r.reason ?? null,
    updated_at: r.updatedAt,
    data: JSON.stringify(rest),
    // Copies of two JSON fields, for the reservation indexes (migration 6).
    item_key: r.itemId ?? r.sku,
    receipt_state: r.receipt?.state ?? null,
  };
}

export function fromRow(row: LineRow): LineRecord {
  const rest = JSON.parse(row.data) as Omit<LineRecord, 'key'>;
  const record: LineRecord = {
    ...rest,
    key: row.key,
    purchaseOrderId: row.purchase_order_id,
    lineNumber: row.line_number,
    sku: row.sku,
    status: row.status as LineStatus,
    updatedAt: row.updated_at,
    version: row.version,
  };
  if (row.reason !== null) record.reason = row.reason as LineRecord['reason'];
  return record;
}

export function toEntryRow(e: AuditEntry) {
  return {
    key: e.key,
    purchase_order_id: e.purchaseOrderId,
    line_number: e.lineNumber,
    at: e.at,
    actor: e.actor,
    from_status: e.from ?? null,
    to_status: e.to,
    reason: e.reason ?? null,
    detail: e.detail,
    data: e.data === undefined ? null : JSON.stringify(e.data),
  };
}

export function fromEntryRow(row: EntryRow): AuditEntry {
  const entry: AuditEntry = {
    key: row.key,
    purchaseOrderId: row.purchase_order_id,
    lineNumber: row.line_number,
    at: row.at,
    actor: row.actor as AuditEntry['actor'],
    to: row.to_status as LineStatus,
    detail: row.detail,
  };
  if (row.from_status !== null) entry.from = row.from_status as LineStatus;
  if (row.reason !== null) entry.reason = row.reason;
  if (row.data !== null) entry.data = JSON.parse(row.data) as Record<string, unknown>;
  return entry;
}

function requireText(key: string, field: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidLineRecordError(key, field, 'must be a non-empty string');
  }
}

function requireTime(key: string, field: string, value: unknown): void {
  if (!Number.isSafeInteger(value))
    throw new InvalidLineRecordError(key, field, 'must be epoch milliseconds (an integer)');
}

export function validateRecord(r: LineRecord): void {
  const key = typeof r?.key === 'string' && r.key ? r.key : '(no key)';
  requireText(key, 'key', r?.key);
  requireText(key, 'purchaseOrderId', r.purchaseOrderId);
  requireText(key, 'lineNumber', r.lineNumber);
  if (typeof r.sku !== 'string') throw new InvalidLineRecordError(key, 'sku', 'must be a string');
  if (!STATUSES.has(r.status)) {
    throw new InvalidLineRecordError(key, 'status', `must be one of ${LINE_STATUSES.join(', ')}`);
  }
  requireTime(key, 'updatedAt', r.updatedAt);
}

export function validateEntry(key: string, e: AuditEntry): void {
  if (e?.key !== key) throw new InvalidLineRecordError(key, 'entry.key', 'must equal the record key');
  requireText(key, 'entry.purchaseOrderId', e.purchaseOrderId);
  requireText(key, 'entry.lineNumber', e.lineNumber);
  requireText(key, 'entry.actor', e.actor);
  requireTime(key, 'entry.at', e.at);
  if (!STATUSES.has(e.to)) {
    throw new InvalidLineRecordError(key, 'entry.to', `must be one of ${LINE_STATUSES.join(', ')}`);
  }
  if (typeof e.detail !== 'string') throw new InvalidLineRecordError(key, 'entry.detail', 'must be a string');
}
