/** The audit table's line items as records, and its queries by status with an audit filter's other conditions. */
import type { LineRecord, LineStatus } from '../domain/index.ts';
import type { AuditFilter } from '../ports.ts';
import { type Item, strip, type TableQuery } from './dynamo-table-io.ts';
import { AUDIT_TABLE } from './table-design.ts';

const STATE_ONLY_FIELDS = ['pk', 'sk', 'lastEntry', 'expiresAt'];

/** A line's STATE item as its record. */
export function fromStateItem(item: Item): LineRecord {
  return strip(item, STATE_ONLY_FIELDS) as unknown as LineRecord;
}

/** The `byStatus` index query of one status, with the filter's other conditions. */
export function statusQuery(status: LineStatus, order: 'newest' | 'oldest', filter: AuditFilter): TableQuery {
  const values: Record<string, unknown> = { ':status': status };
  let keyCondition = '#status = :status';
  if (filter.updatedSince !== undefined) {
    keyCondition += ' AND updatedAt >= :since';
    values[':since'] = filter.updatedSince;
  }
  const input: TableQuery = {
    IndexName: AUDIT_TABLE.byStatusIndex.name,
    KeyConditionExpression: keyCondition,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: values,
    ScanIndexForward: order === 'oldest',
  };
  addFilterExpression(input, filter);
  return input;
}

/** Whether a record meets the filter (for records read another way than by the query). */
export function matches(r: LineRecord, f: AuditFilter): boolean {
  if (f.status && r.status !== f.status) return false;
  if (f.reason && r.reason !== f.reason) return false;
  if (f.sku && r.sku !== f.sku) return false;
  if (f.purchaseOrderId && r.purchaseOrderId !== f.purchaseOrderId) return false;
  if (f.updatedSince !== undefined && r.updatedAt < f.updatedSince) return false;
  return true;
}

function addFilterExpression(input: TableQuery, f: AuditFilter): void {
  const parts: string[] = [];
  const values = input.ExpressionAttributeValues ?? {};
  const names = input.ExpressionAttributeNames ?? {};
  if (f.reason) {
    parts.push('#reason = :reason');
    names['#reason'] = 'reason';
    values[':reason'] = f.reason;
  }
  if (f.sku) {
    parts.push('sku = :sku');
    values[':sku'] = f.sku;
  }
  if (f.purchaseOrderId) {
    parts.push('purchaseOrderId = :po');
    values[':po'] = f.purchaseOrderId;
  }
  if (parts.length === 0) return;
  input.FilterExpression = parts.join(' AND ');
  input.ExpressionAttributeNames = names;
  input.ExpressionAttributeValues = values;
}
