/** Inventory entries on the audit table: one partition, sorted by time, kept for the retention period. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type InventoryEntry, type InventoryFilter, redactSecrets } from '../domain/index.ts';
import type { Clock } from '../ports.ts';
import { pagedItems, putAll, strip, type TableQuery } from './dynamo-table-io.ts';
import { AUDIT_INVENTORY_PK, inventoryEntrySk } from './table-design.ts';

const INVENTORY_ONLY_FIELDS = ['pk', 'sk', 'expiresAt'];

/** Appends inventory entries, 25 per batch write, with the retention TTL. */
export async function recordInventoryEntries(
  doc: DynamoDBDocumentClient,
  table: string,
  entries: InventoryEntry[],
  retentionS: number,
  clock: Clock,
): Promise<void> {
  const items = entries.map((e) => ({
    ...e,
    ...(e.detail !== undefined ? { detail: redactSecrets(e.detail) } : {}),
    pk: AUDIT_INVENTORY_PK,
    sk: inventoryEntrySk(e.at, e.sku, globalThis.crypto.randomUUID().slice(0, 8)),
    expiresAt: Math.floor(e.at / 1000) + retentionS,
  }));
  await putAll(doc, table, items, clock, 'inventory entries');
}

/** Inventory entries, newest first, one query page at a time. */
export async function* readInventoryEntries(
  doc: DynamoDBDocumentClient,
  table: string,
  filter: InventoryFilter,
): AsyncIterable<InventoryEntry> {
  const values: Record<string, unknown> = { ':pk': AUDIT_INVENTORY_PK };
  let condition = 'pk = :pk';
  if (filter.since !== undefined) {
    condition += ' AND sk >= :since';
    values[':since'] = inventoryEntrySk(filter.since, '', '');
  }
  const input: TableQuery = {
    KeyConditionExpression: condition,
    ExpressionAttributeValues: values,
    ScanIndexForward: false,
  };
  if (filter.sku !== undefined) {
    input.FilterExpression = 'sku = :sku';
    values[':sku'] = filter.sku;
  }
  let left = filter.limit ?? Number.POSITIVE_INFINITY;
  if (left <= 0) return;
  for await (const item of pagedItems(doc, table, input)) {
    yield strip(item, INVENTORY_ONLY_FIELDS) as unknown as InventoryEntry;
    if (--left <= 0) return;
  }
}
