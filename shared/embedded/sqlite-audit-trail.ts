/**
 * AuditTrail on the embedded SQLite store: table `line_records` (one current row per order line, the fields
 * the CLI filters on as columns, the rest as JSON) and the append-only `audit_entries`. Every record write and
 * its history entry commit in one transaction, so a crash never leaves a state change without its entry.
 */
import {
  type AuditEntry,
  type InventoryEntry,
  type InventoryFilter,
  type LineRecord,
  type LineStatus,
  redactSecrets,
  RESERVING_RECEIPT_STATES,
  TERMINAL_STATUSES,
} from '../domain/index.ts';
import type { AuditFilter, AuditTrail, Clock } from '../ports.ts';
import type { SqliteStore } from './sqlite-store.ts';
import {
  type EntryRow,
  fromEntryRow,
  fromInventoryRow,
  fromRow,
  type InventoryRow,
  type LineRow,
  toEntryRow,
  toRow,
  validateEntry,
  validateRecord,
} from './sqlite-audit-rows.ts';

/** What a retention purge removed. */
interface PurgeResult {
  entries: number;
  lines: number;
  /** Inventory entries older than the retention. */
  inventory: number;
}

const TERMINAL = [...TERMINAL_STATUSES];

/** Records per page of `listEach`. */
const LIST_PAGE = 1_000;

export class SqliteAuditTrail implements AuditTrail {
  readonly #store: SqliteStore;
  readonly #clock: Clock;
  readonly #get;
  readonly #insert;
  readonly #update;
  readonly #append;
  readonly #history;
  readonly #reserving;

  constructor(store: SqliteStore, options: { clock?: Clock } = {}) {
    this.#store = store;
    this.#clock = options.clock ?? store.clock;
    const db = store.db;
    this.#get = db.prepare<[string], LineRow>('SELECT * FROM line_records WHERE key = ?');
    this.#insert = db.prepare(
      `INSERT INTO line_records (key, purchase_order_id, line_number, sku, status, reason, updated_at, version, data,
                                 item_key, receipt_state)
       VALUES (@key, @purchase_order_id, @line_number, @sku, @status, @reason, @updated_at, 1, @data,
               @item_key, @receipt_state)
       ON CONFLICT (key) DO NOTHING`,
    );
    this.#update = db.prepare(
      `UPDATE line_records SET purchase_order_id = @purchase_order_id, line_number = @line_number, sku = @sku,
         status = @status, reason = @reason, updated_at = @updated_at, version = version + 1, data = @data,
         item_key = @item_key, receipt_state = @receipt_state
       WHERE key = @key AND version = @expected`,
    );
    this.#append = db.prepare(
      `INSERT INTO audit_entries (key, purchase_order_id, line_number, at, actor, from_status, to_status, reason, detail, data)
       VALUES (@key, @purchase_order_id, @line_number, @at, @actor, @from_status, @to_status, @reason, @detail, @data)`,
    );
    this.#history = db.prepare<[string], EntryRow>(
      'SELECT * FROM audit_entries WHERE purchase_order_id = ? ORDER BY id',
    );
    this.#reserving = db.prepare<string[], LineRow>(
      `SELECT * FROM line_records
       WHERE receipt_state IN (${RESERVING_RECEIPT_STATES.map(() => '?').join(', ')})
       ORDER BY updated_at, key`,
    );
  }

  /** The current record of one order line. */
  async get(key: string): Promise<LineRecord | undefined> {
    const row = this.#get.get(key);
    return row && fromRow(row);
  }

  /** Inserts the record at version 1 with its first entry; false (nothing written) when the key exists. */
  async create(record: LineRecord, entry: AuditEntry): Promise<boolean> {
    await this.#store.turn();
    validateRecord(record);
    validateEntry(record.key, entry);
    return this.#store.write(() => {
      if (this.#insert.run(toRow(record)).changes === 0) return false;
      this.#append.run(toEntryRow(entry));
      return true;
    });
  }

  /** Stores `next` at `expectedVersion + 1` with its entry when the version still matches; else undefined. */
  async update(
    next: LineRecord,
    expectedVersion: number,
    entry: AuditEntry,
  ): Promise<LineRecord | undefined> {
    await this.#store.turn();
    validateRecord(next);
    validateEntry(next.key, entry);
    const row = toRow(next);
    return this.#store.write(() => {
      const changed = this.#update.run({ ...row, expected: expectedVersion }).changes;
      if (changed === 0) return undefined;
      this.#append.run(toEntryRow(entry));
      // What was just stored, without reading it back: the row written at the version it now has.
      return fromRow({ ...row, version: expectedVersion + 1 });
    });
  }

  /** Records matching every given filter field, most recently updated first. */
  async list(filter: AuditFilter): Promise<LineRecord[]> {
    return this.#select(filter, undefined, filter.limit);
  }

  /** Every matching record, newest first, in keyset pages of 1,000 (no read transaction stays open). */
  async *listEach(filter: AuditFilter): AsyncIterable<LineRecord> {
    let after: { updatedAt: number; key: string } | undefined;
    let left =
      filter.limit !== undefined && filter.limit >= 0 ? Math.trunc(filter.limit) : Number.POSITIVE_INFINITY;
    while (left > 0) {
      const page = this.#select(filter, after, Math.min(LIST_PAGE, left));
      for (const r of page) yield r;
      left -= page.length;
      const last = page[page.length - 1];
      if (!last || page.length < Math.min(LIST_PAGE, left + page.length)) return;
      after = { updatedAt: last.updatedAt, key: last.key };
    }
  }

  #select(
    filter: AuditFilter,
    after: { updatedAt: number; key: string } | undefined,
    limit: number | undefined,
  ): LineRecord[] {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (filter.status !== undefined) {
      where.push('status = @status');
      params.status = filter.status;
    }
    if (filter.reason !== undefined) {
      where.push('reason = @reason');
      params.reason = filter.reason;
    }
    if (filter.purchaseOrderId !== undefined) {
      where.push('purchase_order_id = @po');
      params.po = filter.purchaseOrderId;
    }
    if (filter.sku !== undefined) {
      where.push('sku = @sku');
      params.sku = filter.sku;
    }
    if (filter.updatedSince !== undefined) {
      where.push('updated_at >= @since');
      params.since = filter.updatedSince;
    }
    if (after !== undefined) {
      // Keyset over the list order (updated_at DESC, key ASC).
      where.push('(updated_at < @afterAt OR (updated_at = @afterAt AND key > @afterKey))');
      params.afterAt = after.updatedAt;
      params.afterKey = after.key;
    }
    params.limit = limit !== undefined && limit >= 0 ? Math.trunc(limit) : -1;
    const sql = `SELECT * FROM line_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY updated_at DESC, key LIMIT @limit`;
    return this.#store.db.prepare<Record<string, string | number>, LineRow>(sql).all(params).map(fromRow);
  }

  /** Records in any of the statuses, least recently updated first. */
  async byStatus(statuses: LineStatus[], limit?: number): Promise<LineRecord[]> {
    if (statuses.length === 0) return [];
    const marks = statuses.map(() => '?').join(', ');
    const sql = `SELECT * FROM line_records WHERE status IN (${marks}) ORDER BY updated_at, key LIMIT ?`;
    const max = limit !== undefined && limit >= 0 ? Math.trunc(limit) : -1;
    return this.#store.db
      .prepare<(string | number)[], LineRow>(sql)
      .all(...statuses, max)
      .map(fromRow);
  }

  /** Lines whose receipt is INTENT, STAGED or IN_DOUBT, least recently updated first (one connection: always current). */
  async reservingLines(items?: readonly string[]): Promise<LineRecord[]> {
    if (!items) return this.#reserving.all(...RESERVING_RECEIPT_STATES).map(fromRow);
    const out: LineRecord[] = [];
    const states = RESERVING_RECEIPT_STATES.map(() => '?').join(', ');
    // Chunks keep each statement well under SQLite's limit on bound parameters.
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      const rows = this.#store.db
        .prepare<string[], LineRow>(
          `SELECT * FROM line_records
           WHERE item_key IN (${chunk.map(() => '?').join(', ')}) AND receipt_state IN (${states})`,
        )
        .all(...chunk, ...RESERVING_RECEIPT_STATES);
      for (const row of rows) out.push(fromRow(row));
    }
    return out.sort((a, b) => a.updatedAt - b.updatedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Appends inventory entries in one transaction. */
  async recordInventory(entries: InventoryEntry[]): Promise<void> {
    await this.#store.turn();
    if (entries.length === 0) return;
    const insert = this.#store.db.prepare(
      `INSERT INTO inventory_entries (at, sku, item_id, quantity, balance, balance_at, via, feed_id, outcome, detail, trigger)
       VALUES (@at, @sku, @itemId, @quantity, @balance, @balanceAt, @via, @feedId, @outcome, @detail, @trigger)`,
    );
    this.#store.write(() => {
      for (const e of entries)
        insert.run({
          ...e,
          feedId: e.feedId ?? null,
          detail: e.detail === undefined ? null : redactSecrets(e.detail),
        });
    });
  }

  /** Inventory entries, newest first, in keyset pages of 1,000. */
  async *inventoryEntries(filter: InventoryFilter): AsyncIterable<InventoryEntry> {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (filter.sku !== undefined) {
      where.push('sku = @sku');
      params.sku = filter.sku;
    }
    if (filter.since !== undefined) {
      where.push('at >= @since');
      params.since = filter.since;
    }
    let left = filter.limit ?? Number.POSITIVE_INFINITY;
    let after: { at: number; id: number } | undefined;
    while (left > 0) {
      const page = Math.min(LIST_PAGE, left);
      const keyset = after ? ['(at < @afterAt OR (at = @afterAt AND id < @afterId))'] : [];
      const clauses = [...where, ...keyset];
      const rows = this.#store.db
        .prepare<Record<string, string | number>, InventoryRow>(
          `SELECT * FROM inventory_entries ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
           ORDER BY at DESC, id DESC LIMIT @limit`,
        )
        .all({ ...params, ...(after ? { afterAt: after.at, afterId: after.id } : {}), limit: page });
      for (const r of rows) yield fromInventoryRow(r);
      left -= rows.length;
      const last = rows[rows.length - 1];
      if (!last || rows.length < page) return;
      after = { at: last.at, id: last.id };
    }
  }

  /** Every entry of every line of the order, in the order they were appended. */
  async history(purchaseOrderId: string): Promise<AuditEntry[]> {
    return this.#history.all(purchaseOrderId).map(fromEntryRow);
  }

  /**
   * Retention: deletes entries older than `retentionMs` of lines in a terminal state, and terminal lines not
   * updated within it. Lines still in progress keep their whole history. The retention must stay above
   * Walmart's 180-day look-back so a purged line can never be polled and processed again.
   */
  async purgeOlderThan(retentionMs: number): Promise<PurgeResult> {
    await this.#store.turn();
    const cutoff = this.#clock.now() - retentionMs;
    const marks = TERMINAL.map(() => '?').join(', ');
    const db = this.#store.db;
    return this.#store.write(() => {
      const entries = db
        .prepare(
          `DELETE FROM audit_entries WHERE at < ? AND key IN
             (SELECT key FROM line_records WHERE status IN (${marks}))`,
        )
        .run(cutoff, ...TERMINAL).changes;
      const lines = db
        .prepare(`DELETE FROM line_records WHERE updated_at < ? AND status IN (${marks})`)
        .run(cutoff, ...TERMINAL).changes;
      const inventory = db.prepare('DELETE FROM inventory_entries WHERE at < ?').run(cutoff).changes;
      return { entries, lines, inventory };
    });
  }
}
