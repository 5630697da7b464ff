/**
 * The embedded runtime's single SQLite file (`store.path`): opened once per process and shared by the
 * audit trail, checkpoints, work queue and secret store.
 *
 * Durability: WAL with `synchronous=FULL` by default. WAL alone already survives a killed process; FULL
 * also fsyncs the log on every commit, so a power cut or OS crash cannot lose the last commits either.
 * That matters here: the intent to post a receipt is committed before the PeopleSoft call, and losing that
 * commit after the call went out could post the receipt twice (docs/guarantees.md §3 I1). The engine groups
 * a batch's writes into a few commits (`group`, docs/engine.md "Units of work"), so the fsync per commit
 * costs little per line. `NORMAL` can be chosen for throughput on disposable data.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type Clock, systemClock } from '../ports.ts';
import { migrate } from './sqlite-migrations.ts';
import { SchemaTooNewError, StoreOpenError } from './store-errors.ts';

export interface StoreOptions {
  /** Time source of every adapter built on this store (tests inject a manual clock). */
  clock?: Clock;
  /** How long a write waits for another process holding the file's write lock, ms. Default 10 s. */
  busyTimeoutMs?: number;
  /** `FULL` (default: survives power loss) or `NORMAL` (survives a killed process only). */
  synchronous?: 'FULL' | 'NORMAL';
}

/** An open store: the connection, its clock, and a helper for write transactions. */
export interface SqliteStore {
  readonly db: Database.Database;
  /** Absolute path of the file (`:memory:` for an in-memory store). */
  readonly path: string;
  readonly clock: Clock;
  /** Schema version after migrations. */
  readonly schemaVersion: number;
  /**
   * Runs `fn` in a `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so concurrent writers
   * queue behind the busy timeout instead of failing on a lock upgrade. Nested calls become savepoints.
   */
  write<T>(fn: () => T): T;
  /**
   * Runs `fn` with every write it makes in one transaction, committed (one fsync) when `fn` settles — also
   * when it throws: each write inside is whole on its own. Nothing inside is durable before that, so `fn`
   * must not call outside systems. Writes of other async flows wait for the commit ({@link turn}).
   */
  group<T>(fn: () => Promise<T>): Promise<T>;
  /** Resolves when this flow may write: at once inside the open group or when none is open. */
  turn(): Promise<void>;
  close(): void;
}

/**
 * Opens (creating it and its parent folders if needed) the store file, configures WAL, durability, busy
 * timeout and foreign keys, and applies pending schema migrations. Safe on every start and from several
 * processes at once.
 */
export function openStore(path: string, options: StoreOptions = {}): SqliteStore {
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  const clock = options.clock ?? systemClock;
  const busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  let db: Database.Database;
  try {
    if (!memory) mkdirSync(dirname(file), { recursive: true });
    db = new Database(file, { timeout: busyTimeoutMs });
  } catch (cause) {
    throw new StoreOpenError(
      file,
      `cannot open the store ${file}: ${(cause as Error).message}; check store.path and the folder's permissions`,
      { cause },
    );
  }
  let schemaVersion: number;
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    schemaVersion = migrate(db, file, clock.now());
  } catch (cause) {
    db.close();
    if (cause instanceof SchemaTooNewError) throw cause;
    const code = (cause as { code?: string }).code;
    const hint =
      code === 'SQLITE_NOTADB'
        ? 'the file is not a SQLite database; point store.path at a new file'
        : code === 'SQLITE_BUSY'
          ? 'another process held the file too long; retry, or stop the other ml-connector'
          : 'check store.path, the free disk space and the permissions';
    throw new StoreOpenError(file, `cannot open the store ${file}: ${(cause as Error).message}; ${hint}`, {
      cause,
    });
  }
  const groups = writeGroups(db);
  return {
    db,
    path: file,
    clock,
    schemaVersion,
    write: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    group: groups.group,
    turn: groups.turn,
    close: () => {
      if (db.open) db.close();
    },
  };
}

/**
 * One open group per connection at a time. The connection is shared by every flow of the process (the
 * orders and inventory cycles of `run`), so a write from outside the group would land in its transaction
 * and be no more durable than the group: such writes wait until it commits.
 */
function writeGroups(db: Database.Database): Pick<SqliteStore, 'group' | 'turn'> {
  const flow = new AsyncLocalStorage<symbol>();
  let open: { token: symbol; done: Promise<void> } | undefined;
  const turn = async () => {
    while (open && flow.getStore() !== open.token) await open.done;
  };
  const group = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (open && flow.getStore() === open.token) return fn();
    // No await between finding no group open and claiming it, so two flows never both begin one.
    while (open) await open.done;
    const token = Symbol('write group');
    let end = () => {};
    open = {
      token,
      done: new Promise<void>((resolve) => {
        end = resolve;
      }),
    };
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        return await flow.run(token, fn);
      } finally {
        commit(db);
      }
    } finally {
      open = undefined;
      end();
    }
  };
  return { group, turn };
}

function commit(db: Database.Database): void {
  if (!db.inTransaction) return;
  try {
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
