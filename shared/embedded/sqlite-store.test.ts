import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './sqlite-migrations.ts';
import { openStore, type SqliteStore } from './sqlite-store.ts';
import { SchemaTooNewError, StoreOpenError } from './store-errors.ts';
import { makeTempDir, type TempDir } from './testing/temp-dir.ts';

describe('openStore', () => {
  let tmp: TempDir;
  const open: SqliteStore[] = [];
  beforeEach(() => {
    tmp = makeTempDir('store');
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
    tmp.cleanup();
  });
  const track = (s: SqliteStore) => {
    open.push(s);
    return s;
  };

  it('creates the file and its parent folders, in WAL mode with FULL sync, foreign keys and a busy timeout', () => {
    const store = track(openStore(tmp.file('a/b/c/store.sqlite'), { busyTimeoutMs: 1234 }));
    expect(store.path).toBe(tmp.file('a/b/c/store.sqlite'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('can trade power-loss durability for speed with synchronous NORMAL', () => {
    const store = track(openStore(tmp.file('s.sqlite'), { synchronous: 'NORMAL' }));
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('records each migration once, however often and from however many connections it is opened', () => {
    const path = tmp.file('store.sqlite');
    const stores = [openStore(path), openStore(path), openStore(path)].map(track);
    track(openStore(path)).close();
    const rows = stores[0]!.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const tables = stores[2]!.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual([
      'audit_entries',
      'checkpoints',
      'inventory_entries',
      'leases',
      'line_records',
      'schema_migrations',
      'secrets',
      'work_items',
    ]);
  });

  it('refuses a file written by a newer schema, naming both versions', () => {
    const path = tmp.file('store.sqlite');
    openStore(path).close();
    const raw = new Database(path);
    raw
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)')
      .run(999, 'future');
    raw.close();
    expect(() => openStore(path)).toThrow(SchemaTooNewError);
    expect(() => openStore(path)).toThrow(
      new RegExp(`schema version 999 .* only up to ${LATEST_SCHEMA_VERSION}`),
    );
  });

  it('refuses a file that is not a SQLite database with a clear StoreOpenError', () => {
    const path = tmp.file('not-a-db.sqlite');
    writeFileSync(
      path,
      'this is a text file, not a database, and it is long enough to have a header'.repeat(20),
    );
    expect(() => openStore(path)).toThrow(StoreOpenError);
    expect(() => openStore(path)).toThrow(/not a SQLite database; point store.path at a new file/);
  });

  it('reports a folder that cannot be created', () => {
    const blocker = tmp.file('blocker');
    writeFileSync(blocker, 'a file where a folder should be');
    expect(() => openStore(`${blocker}/sub/store.sqlite`)).toThrow(StoreOpenError);
  });

  it('write() commits a transaction, or rolls all of it back when the function throws', () => {
    const store = track(openStore(tmp.file('store.sqlite')));
    const insert = store.db.prepare("INSERT INTO checkpoints (name, value, updated_at) VALUES (?, 'v', 0)");
    store.write(() => insert.run('kept'));
    expect(() =>
      store.write(() => {
        insert.run('lost');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    const names = store.db.prepare('SELECT name FROM checkpoints').all();
    expect(names).toEqual([{ name: 'kept' }]);
  });

  it('opens an in-memory store for throwaway use', () => {
    const store = track(openStore(':memory:'));
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });
});
