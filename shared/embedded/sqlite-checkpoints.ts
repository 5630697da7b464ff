/**
 * Checkpoints and leases on the embedded SQLite store. A lease is taken with one conditional upsert, which
 * SQLite runs under the file's write lock: two processes can never both believe they hold it.
 */
import type { Checkpoints, Clock } from '../ports.ts';
import { isDeadLocalOwner } from './lease-owner.ts';
import type { SqliteStore } from './sqlite-store.ts';

export class SqliteCheckpoints implements Checkpoints {
  readonly #store: SqliteStore;
  readonly #clock: Clock;
  readonly #get;
  readonly #set;
  readonly #acquire;
  readonly #release;
  readonly #holder;

  constructor(store: SqliteStore, options: { clock?: Clock } = {}) {
    this.#store = store;
    this.#clock = options.clock ?? store.clock;
    const db = store.db;
    this.#get = db.prepare<[string], { value: string }>('SELECT value FROM checkpoints WHERE name = ?');
    this.#set = db.prepare(
      `INSERT INTO checkpoints (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    // Taken when nobody holds it, the holder's lease has expired, or the caller already holds it (renewal).
    this.#acquire = db.prepare(
      `INSERT INTO leases (name, owner, expires_at) VALUES (@name, @owner, @expires)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE leases.owner = excluded.owner OR leases.expires_at <= @now`,
    );
    this.#release = db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?');
    this.#holder = db.prepare<[string], { owner: string }>('SELECT owner FROM leases WHERE name = ?');
  }

  /** The checkpoint's value, undefined when never set. */
  async get(name: string): Promise<string | undefined> {
    return this.#get.get(name)?.value;
  }

  /** Sets (or overwrites) a checkpoint. */
  async set(name: string, value: string): Promise<void> {
    await this.#store.turn();
    this.#set.run(name, value, this.#clock.now());
  }

  /** Takes or renews the lease for `ttlMs`; false when another owner holds an unexpired one. */
  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    await this.#store.turn();
    if (!owner) throw new TypeError(`lease ${name}: the owner must be a non-empty string`);
    if (!(ttlMs > 0)) throw new TypeError(`lease ${name}: ttlMs must be a positive number of milliseconds`);
    const now = this.#clock.now();
    const take = () => this.#acquire.run({ name, owner, expires: Math.ceil(now + ttlMs), now }).changes === 1;
    if (take()) return true;
    // A holder that was killed cannot release; free its lease when its process is gone.
    const holder = this.#holder.get(name)?.owner;
    if (holder === undefined || !isDeadLocalOwner(holder)) return false;
    this.#release.run(name, holder);
    return take();
  }

  /** Releases the lease only if `owner` holds it; anyone else's release is ignored. */
  async releaseLease(name: string, owner: string): Promise<void> {
    await this.#store.turn();
    this.#release.run(name, owner);
  }
}
