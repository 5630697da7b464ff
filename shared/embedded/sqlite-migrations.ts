/**
 * The schema of the embedded store as numbered migrations. Each runs once, in its own IMMEDIATE transaction
 * together with its `schema_migrations` row, so a crash mid-migration leaves the previous version intact and
 * two processes opening the same file at once apply it exactly once. Never edit a released migration:
 * append a new one.
 */
import type Database from 'better-sqlite3';
import { SchemaTooNewError } from './store-errors.ts';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'audit trail, checkpoints, leases, work queue, secrets',
    sql: `
      CREATE TABLE line_records (
        key               TEXT PRIMARY KEY,
        purchase_order_id TEXT NOT NULL,
        line_number       TEXT NOT NULL,
        sku               TEXT NOT NULL,
        status            TEXT NOT NULL,
        reason            TEXT,
        updated_at        INTEGER NOT NULL,
        version           INTEGER NOT NULL,
        data              TEXT NOT NULL
      ) STRICT;
      CREATE INDEX line_records_status ON line_records (status, updated_at);
      CREATE INDEX line_records_order ON line_records (purchase_order_id, line_number);
      CREATE INDEX line_records_sku ON line_records (sku, updated_at);
      CREATE INDEX line_records_updated ON line_records (updated_at);

      CREATE TABLE audit_entries (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        key               TEXT NOT NULL REFERENCES line_records (key) ON DELETE CASCADE,
        purchase_order_id TEXT NOT NULL,
        line_number       TEXT NOT NULL,
        at                INTEGER NOT NULL,
        actor             TEXT NOT NULL,
        from_status       TEXT,
        to_status         TEXT NOT NULL,
        reason            TEXT,
        detail            TEXT NOT NULL,
        data              TEXT
      ) STRICT;
      CREATE INDEX audit_entries_order ON audit_entries (purchase_order_id, id);
      CREATE INDEX audit_entries_key ON audit_entries (key, id);
      CREATE INDEX audit_entries_at ON audit_entries (at);

      CREATE TABLE checkpoints (
        name       TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE leases (
        name       TEXT PRIMARY KEY,
        owner      TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE work_items (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        queue         TEXT NOT NULL,
        key           TEXT NOT NULL,
        group_name    TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('READY', 'DEAD')),
        visible_at    INTEGER NOT NULL,
        receive_count INTEGER NOT NULL DEFAULT 0,
        handle        TEXT UNIQUE,
        enqueued_at   INTEGER NOT NULL,
        dead_at       INTEGER
      ) STRICT;
      CREATE INDEX work_items_visible ON work_items (queue, state, visible_at, id);
      CREATE INDEX work_items_group ON work_items (queue, group_name, state);

      CREATE TABLE secrets (
        name       TEXT PRIMARY KEY,
        iv         BLOB NOT NULL,
        tag        BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        key_check  TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'index of lines by receipt state (reservations)',
    // An expression index: the receipt lives in the JSON column, and no write path has to change.
    sql: `
      CREATE INDEX line_records_receipt_state ON line_records (json_extract(data, '$.receipt.state'));
    `,
  },
  {
    version: 3,
    name: 'work items put back for a busy item',
    sql: `
      ALTER TABLE work_items ADD COLUMN postponed INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 4,
    name: 'inventory entries',
    sql: `
      CREATE TABLE inventory_entries (
        id         INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        sku        TEXT NOT NULL,
        item_id    TEXT NOT NULL,
        quantity   INTEGER NOT NULL,
        balance    INTEGER NOT NULL,
        balance_at INTEGER NOT NULL,
        via        TEXT NOT NULL,
        feed_id    TEXT,
        outcome    TEXT NOT NULL,
        detail     TEXT,
        trigger    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX inventory_entries_at ON inventory_entries (at, id);
      CREATE INDEX inventory_entries_sku ON inventory_entries (sku, at, id);
    `,
  },
  {
    version: 5,
    name: 'work items name the process that claimed them',
    sql: `
      ALTER TABLE work_items ADD COLUMN claimed_by TEXT;
    `,
  },
  {
    version: 6,
    name: 'item and receipt state as columns (reservations by item)',
    // Plain columns written with the record: an expression index would parse the JSON on every update.
    sql: `
      ALTER TABLE line_records ADD COLUMN item_key TEXT;
      ALTER TABLE line_records ADD COLUMN receipt_state TEXT;
      UPDATE line_records SET item_key = coalesce(json_extract(data, '$.itemId'), sku),
                              receipt_state = json_extract(data, '$.receipt.state');
      DROP INDEX line_records_receipt_state;
      CREATE INDEX line_records_receipt_state ON line_records (receipt_state);
      CREATE INDEX line_records_item_receipt_state ON line_records (item_key, receipt_state);
    `,
  },
];

/** The newest schema version this code knows. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Schema version recorded in the file (0 for a new file). */
function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations').get() as {
    v: number;
  };
  return row.v;
}

/**
 * Brings the file up to LATEST_SCHEMA_VERSION; a no-op when it already is. Safe to call on every open and
 * from several processes at once: the version is re-read inside each write transaction.
 */
export function migrate(db: Database.Database, path: string, now: number): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      record.run(m.version, m.name, now);
    }).immediate();
  }
  const version = schemaVersion(db);
  if (version > LATEST_SCHEMA_VERSION) throw new SchemaTooNewError(path, version, LATEST_SCHEMA_VERSION);
  return version;
}
