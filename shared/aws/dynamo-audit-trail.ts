/**
 * The audit trail on DynamoDB (layout: table-design.ts), safe without transactions.
 *
 * A change is two writes: first the line's STATE item, conditional on its version, which also carries the new
 * history entry (`lastEntry`); then the entry item `ENTRY#{version}`. A crash between the two leaves the entry
 * on the STATE item, where `history` already finds it and where the next change of the line picks it up
 * (the conditional put returns the old item) and writes it again, idempotently under the same sort key.
 *
 * A change into or out of a reserving receipt also maintains its reservation marker
 * (dynamo-reservation-markers.ts), so `reservingLines` is strongly consistent although the GSIs are not.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AuditEntry,
  holdsReservation,
  type InventoryEntry,
  type InventoryFilter,
  LINE_STATUSES,
  type LineRecord,
  type LineStatus,
  TERMINAL_STATUSES,
} from '../domain/index.ts';
import { type AuditFilter, type AuditTrail, type Clock, systemClock } from '../ports.ts';
import { AuditHistoryWriteError, isConditionalCheckFailed } from './aws-errors.ts';
import { fromStateItem, matches, statusQuery } from './dynamo-audit-queries.ts';
import { readInventoryEntries, recordInventoryEntries } from './dynamo-inventory-entries.ts';
import { documentClient } from './dynamo-client.ts';
import { type Item, mergeNewestFirst, pagedItems, putAll, queryAll, strip } from './dynamo-table-io.ts';
import { ReservationMarkers } from './dynamo-reservation-markers.ts';
import {
  AUDIT_ENTRY_PREFIX,
  AUDIT_STATE_SK,
  AUDIT_TABLE,
  auditEntrySk,
  auditLinePk,
} from './table-design.ts';

interface DynamoAuditTrailOptions {
  tableName: string;
  client?: DynamoDBClient | DynamoDBDocumentClient;
  /** Days a terminal line and each history entry are kept before the TTL removes them (default 400). */
  retentionDays?: number;
  clock?: Clock;
}

interface VersionedEntry {
  version: number;
  entry: AuditEntry;
}

const ENTRY_ONLY_FIELDS = ['pk', 'sk', 'version', 'expiresAt'];
const DAY_S = 86_400;

/** AuditTrail port over one DynamoDB table. */
export class DynamoAuditTrail implements AuditTrail {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly retentionS: number;
  private readonly clock: Clock;
  private readonly markers: ReservationMarkers;

  constructor(options: DynamoAuditTrailOptions) {
    this.doc = documentClient(options.client);
    this.table = options.tableName;
    this.retentionS = (options.retentionDays ?? 400) * DAY_S;
    this.clock = options.clock ?? systemClock;
    this.markers = new ReservationMarkers(this.doc, this.table, this.clock, fromStateItem);
  }

  /** The current record of a line (strongly consistent). */
  async get(key: string): Promise<LineRecord | undefined> {
    const res = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: auditLinePk(key), sk: AUDIT_STATE_SK },
        ConsistentRead: true,
      }),
    );
    return res.Item ? fromStateItem(res.Item) : undefined;
  }

  /** Creates the record at version 1 with its first entry; false when the line already exists. */
  async create(record: LineRecord, entry: AuditEntry): Promise<boolean> {
    const stored: LineRecord = { ...record, version: 1 };
    if (holdsReservation(stored)) await this.markers.announce(stored.key, 1, this.expiresAt(stored));
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: this.stateItem(stored, entry),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
    await this.writeEntries(stored.key, [{ version: 1, entry }]);
    return true;
  }

  /** Stores `next` as `expectedVersion + 1` if nobody changed the line meanwhile; undefined otherwise. */
  async update(
    next: LineRecord,
    expectedVersion: number,
    entry: AuditEntry,
  ): Promise<LineRecord | undefined> {
    const stored: LineRecord = { ...next, version: expectedVersion + 1 };
    const reserves = holdsReservation(stored);
    // The marker goes first: once this update returns, a reserving line is always in reservingLines().
    if (reserves) await this.markers.announce(stored.key, stored.version, this.expiresAt(stored));
    let old: Item | undefined;
    try {
      const res = await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: this.stateItem(stored, entry),
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
          ReturnValues: 'ALL_OLD',
        }),
      );
      old = res.Attributes;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return undefined;
      throw e;
    }
    if (!reserves && old && holdsReservation(fromStateItem(old))) {
      await this.markers.withdraw(stored.key, stored.version);
    }
    const pending: VersionedEntry[] = [];
    const previous = old?.lastEntry as VersionedEntry | undefined;
    if (previous && previous.version !== stored.version) pending.push(previous);
    pending.push({ version: stored.version, entry });
    await this.writeEntries(stored.key, pending);
    return stored;
  }

  /** Current records matching the filter, most recently updated first. */
  async list(filter: AuditFilter): Promise<LineRecord[]> {
    if (!filter.status && filter.purchaseOrderId) {
      const items = await queryAll(
        this.doc,
        this.table,
        {
          IndexName: AUDIT_TABLE.byOrderIndex.name,
          KeyConditionExpression: 'purchaseOrderId = :po AND sk = :state',
          ExpressionAttributeValues: { ':po': filter.purchaseOrderId, ':state': AUDIT_STATE_SK },
        },
        undefined,
      );
      const records = items.map(fromStateItem).filter((r) => matches(r, filter));
      records.sort((a, b) => b.updatedAt - a.updatedAt);
      return filter.limit === undefined ? records : records.slice(0, filter.limit);
    }
    const statuses = filter.status ? [filter.status] : LINE_STATUSES;
    return this.acrossStatuses(statuses, 'newest', filter);
  }

  /**
   * Every matching record, newest first, in flat memory: one paged query per status on the `byStatus` index
   * (each already newest first), merged as the pages arrive. An order's lines come from the order index.
   */
  async *listEach(filter: AuditFilter): AsyncIterable<LineRecord> {
    let left = filter.limit ?? Number.POSITIVE_INFINITY;
    if (left <= 0) return;
    if (!filter.status && filter.purchaseOrderId) {
      for (const r of await this.list(filter)) {
        yield r;
        if (--left <= 0) return;
      }
      return;
    }
    const statuses = filter.status ? [filter.status] : LINE_STATUSES;
    const streams = statuses.map((status) =>
      pagedItems(this.doc, this.table, statusQuery(status, 'newest', filter)),
    );
    for await (const item of mergeNewestFirst(streams)) {
      yield fromStateItem(item);
      if (--left <= 0) return;
    }
  }

  /** Appends inventory entries under the inventory partition (with the retention TTL). */
  recordInventory(entries: InventoryEntry[]): Promise<void> {
    return recordInventoryEntries(this.doc, this.table, entries, this.retentionS, this.clock);
  }

  /** Inventory entries, newest first, one query page at a time. */
  inventoryEntries(filter: InventoryFilter): AsyncIterable<InventoryEntry> {
    return readInventoryEntries(this.doc, this.table, filter);
  }

  /** Records in any of these statuses, oldest first. */
  async byStatus(statuses: LineStatus[], limit?: number): Promise<LineRecord[]> {
    return this.acrossStatuses(statuses, 'oldest', { limit });
  }

  /** Lines whose receipt is INTENT, STAGED or IN_DOUBT, from the reservation markers (strongly consistent). */
  async reservingLines(items?: readonly string[]): Promise<LineRecord[]> {
    const lines = await this.markers.lines();
    // The markers name no item; a matcher batch is small, so filtering after the read costs little.
    const wanted = items && new Set(items);
    return wanted ? lines.filter((r) => wanted.has(r.itemId ?? r.sku)) : lines;
  }

  /** Every history entry of an order's lines, oldest first, including any entry not yet written out. */
  async history(purchaseOrderId: string): Promise<AuditEntry[]> {
    const items = await queryAll(
      this.doc,
      this.table,
      {
        IndexName: AUDIT_TABLE.byOrderIndex.name,
        KeyConditionExpression: 'purchaseOrderId = :po',
        ExpressionAttributeValues: { ':po': purchaseOrderId },
      },
      undefined,
    );
    const byVersion = new Map<string, VersionedEntry>();
    for (const item of items) {
      if (item.sk === AUDIT_STATE_SK) {
        const last = item.lastEntry as VersionedEntry | undefined;
        if (last && !byVersion.has(`${last.entry.key}@${last.version}`)) {
          byVersion.set(`${last.entry.key}@${last.version}`, last);
        }
      } else if (typeof item.sk === 'string' && item.sk.startsWith(AUDIT_ENTRY_PREFIX)) {
        const v = {
          version: item.version as number,
          entry: strip(item, ENTRY_ONLY_FIELDS) as unknown as AuditEntry,
        };
        byVersion.set(`${v.entry.key}@${v.version}`, v);
      }
    }
    return [...byVersion.values()]
      .sort(
        (a, b) => a.entry.at - b.entry.at || a.entry.key.localeCompare(b.entry.key) || a.version - b.version,
      )
      .map((v) => v.entry);
  }

  private async acrossStatuses(
    statuses: readonly LineStatus[],
    order: 'newest' | 'oldest',
    filter: AuditFilter,
  ): Promise<LineRecord[]> {
    const perStatus = await Promise.all(
      statuses.map((status) =>
        queryAll(this.doc, this.table, statusQuery(status, order, filter), filter.limit),
      ),
    );
    const records = perStatus.flat().map(fromStateItem);
    records.sort((a, b) => (order === 'oldest' ? a.updatedAt - b.updatedAt : b.updatedAt - a.updatedAt));
    return filter.limit === undefined ? records : records.slice(0, filter.limit);
  }

  private stateItem(record: LineRecord, entry: AuditEntry): Item {
    const item: Item = {
      ...record,
      pk: auditLinePk(record.key),
      sk: AUDIT_STATE_SK,
      lastEntry: { version: record.version, entry },
    };
    const expiresAt = this.expiresAt(record);
    if (expiresAt !== undefined) item.expiresAt = expiresAt;
    return item;
  }

  /** TTL (epoch s) of a terminal line's items; undefined while the line is in progress. */
  private expiresAt(record: LineRecord): number | undefined {
    if (!TERMINAL_STATUSES.has(record.status)) return undefined;
    return Math.floor(record.updatedAt / 1000) + this.retentionS;
  }

  private async writeEntries(key: string, entries: VersionedEntry[]): Promise<void> {
    const items = entries.map(({ version, entry }) => ({
      ...entry,
      pk: auditLinePk(key),
      sk: auditEntrySk(version),
      version,
      expiresAt: Math.floor(entry.at / 1000) + this.retentionS,
    }));
    const last = entries[entries.length - 1]?.version ?? 0;
    try {
      await putAll(this.doc, this.table, items, this.clock, 'history entries');
    } catch (e) {
      throw new AuditHistoryWriteError(this.table, key, last, { cause: e });
    }
  }
}
