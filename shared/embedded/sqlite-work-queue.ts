/**
 * WorkQueue with SQS semantics on the embedded SQLite store (table `work_items`, one row per sent item).
 *
 * - `receive` claims visible items in one IMMEDIATE transaction: it hides them until `now + visibility`,
 *   bumps their receive count and gives each a fresh handle, so two processes sharing the file never
 *   receive the same visible item.
 * - Like an SQS FIFO message group, a group with an item in flight (received, neither deleted, released nor
 *   timed out) is not delivered to another receiver; several items of one group may come in one batch.
 * - Like an SQS redrive policy, an item already received `maxReceives` times moves to the dead-letter state
 *   the next time it would be delivered, instead of being delivered again.
 * - A handle is valid until the item is deleted, released or received again: a stale handle is ignored.
 * - `postpone` gives the item back and takes back the receive, so waiting for a busy item never dead-letters it.
 * - A claim names the process that made it (`claimed_by`); the claims of a local process that no longer runs
 *   (killed mid-batch) come back at the next receive instead of staying hidden for the visibility timeout.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, ReceivedWork, WorkItem, WorkQueue } from '../ports.ts';
import type { SqliteStore } from './sqlite-store.ts';
import { isDeadLocalOwner, processOwnerTag } from './lease-owner.ts';
import { InvalidWorkItemError } from './store-errors.ts';

interface SqliteWorkQueueOptions {
  clock?: Clock;
  /** Receives before an item is dead-lettered (config `orders.maxAttempts`). Default 5. */
  maxReceives?: number;
  /** Name of the queue inside the file, for more than one queue per store. Default `work`. */
  queue?: string;
  /** Names this process in its claims (default `pid:{pid}@{host};`). */
  owner?: string;
}

interface ClaimRow {
  id: number;
  key: string;
  group_name: string;
  receive_count: number;
  postponed: number;
}

export class SqliteWorkQueue implements WorkQueue {
  readonly maxReceives: number;
  readonly #store: SqliteStore;
  readonly #clock: Clock;
  readonly #queue: string;
  readonly #insert;
  readonly #exhaust;
  readonly #visible;
  readonly #claim;
  readonly #delete;
  readonly #release;
  readonly #postpone;
  readonly #dead;
  readonly #owner: string;
  readonly #claimants;
  readonly #reclaim;

  constructor(store: SqliteStore, options: SqliteWorkQueueOptions = {}) {
    this.#store = store;
    this.#clock = options.clock ?? store.clock;
    this.#queue = options.queue ?? 'work';
    this.#owner = options.owner ?? processOwnerTag();
    this.maxReceives = options.maxReceives ?? 5;
    if (!Number.isInteger(this.maxReceives) || this.maxReceives < 1) {
      throw new RangeError(`work queue ${this.#queue}: maxReceives must be a positive integer`);
    }
    const db = store.db;
    this.#insert = db.prepare(
      `INSERT INTO work_items (queue, key, group_name, state, visible_at, receive_count, enqueued_at)
       VALUES (?, ?, ?, 'READY', ?, 0, ?)`,
    );
    this.#exhaust = db.prepare(
      `UPDATE work_items SET state = 'DEAD', handle = NULL, dead_at = @now
       WHERE queue = @queue AND state = 'READY' AND visible_at <= @now AND receive_count >= @max`,
    );
    // Oldest visible first; skips groups that have an item in flight with another receiver.
    this.#visible = db.prepare<Record<string, string | number>, ClaimRow>(
      `SELECT id, key, group_name, receive_count, postponed FROM work_items AS w
       WHERE queue = @queue AND state = 'READY' AND visible_at <= @now
         AND NOT EXISTS (
           SELECT 1 FROM work_items AS f
           WHERE f.queue = w.queue AND f.group_name = w.group_name AND f.state = 'READY'
             AND f.handle IS NOT NULL AND f.visible_at > @now)
       ORDER BY visible_at, id LIMIT @max`,
    );
    this.#claim = db.prepare(
      'UPDATE work_items SET handle = ?, visible_at = ?, receive_count = receive_count + 1, claimed_by = ? WHERE id = ?',
    );
    this.#claimants = db.prepare<[string, number], { claimed_by: string }>(
      `SELECT DISTINCT claimed_by FROM work_items
       WHERE queue = ? AND state = 'READY' AND handle IS NOT NULL AND visible_at > ? AND claimed_by IS NOT NULL`,
    );
    this.#reclaim = db.prepare(
      `UPDATE work_items SET handle = NULL, visible_at = ?, claimed_by = NULL
       WHERE queue = ? AND state = 'READY' AND handle IS NOT NULL AND claimed_by = ?`,
    );
    this.#delete = db.prepare('DELETE FROM work_items WHERE queue = ? AND handle = ?');
    this.#release = db.prepare(
      `UPDATE work_items SET handle = NULL, visible_at = ? WHERE queue = ? AND handle = ? AND state = 'READY'`,
    );
    this.#postpone = db.prepare(
      `UPDATE work_items SET handle = NULL, visible_at = ?, receive_count = MAX(0, receive_count - 1),
         postponed = postponed + 1
       WHERE queue = ? AND handle = ? AND state = 'READY'`,
    );
    this.#dead = db.prepare<[string], { key: string; group_name: string }>(
      `SELECT key, group_name FROM work_items WHERE queue = ? AND state = 'DEAD' ORDER BY id`,
    );
  }

  /** Queues every item (one row each, visible now); a duplicate key is simply queued again. */
  async send(items: WorkItem[]): Promise<void> {
    await this.#store.turn();
    items.forEach((item, index) => {
      if (typeof item?.key !== 'string' || item.key === '') {
        throw new InvalidWorkItemError(index, 'key', 'must be a non-empty string (the order line key)');
      }
      if (typeof item.group !== 'string' || item.group === '') {
        throw new InvalidWorkItemError(index, 'group', `of ${item.key} must be a non-empty string`);
      }
    });
    const now = this.#clock.now();
    this.#store.write(() => {
      for (const item of items) this.#insert.run(this.#queue, item.key, item.group, now, now);
    });
  }

  /** Claims up to `max` visible items, hidden for `visibilityTimeoutMs` unless deleted or released first. */
  async receive(max: number, visibilityTimeoutMs: number): Promise<ReceivedWork[]> {
    await this.#store.turn();
    if (!(max >= 1)) return [];
    const now = this.#clock.now();
    const hiddenUntil = Math.ceil(now + Math.max(0, visibilityTimeoutMs));
    return this.#store.write(() => {
      this.#sweep(now);
      this.#reclaimDead(now);
      const rows = this.#visible.all({ queue: this.#queue, now, max: Math.trunc(max) });
      return rows.map((row) => {
        const handle = randomUUID();
        this.#claim.run(handle, hiddenUntil, this.#owner, row.id);
        return {
          key: row.key,
          group: row.group_name,
          handle,
          receiveCount: row.receive_count + 1,
          ...(row.postponed > 0 ? { postponed: row.postponed } : {}),
        };
      });
    });
  }

  /** Removes the received item (work done). */
  async delete(handle: string): Promise<void> {
    await this.#store.turn();
    this.#delete.run(this.#queue, handle);
  }

  /** Gives the item back, visible again after `delayMs`; its receive count is kept. */
  async release(handle: string, delayMs: number): Promise<void> {
    await this.#store.turn();
    this.#release.run(Math.ceil(this.#clock.now() + Math.max(0, delayMs)), this.#queue, handle);
  }

  /** Gives the item back, visible again after `delayMs`, and takes back the receive that delivered it. */
  async postpone(work: ReceivedWork, delayMs: number): Promise<void> {
    await this.#store.turn();
    this.#postpone.run(Math.ceil(this.#clock.now() + Math.max(0, delayMs)), this.#queue, work.handle);
  }

  /** Items hidden right now (claimed by a running process, or waiting to be retried), and when the last shows again. */
  async hidden(): Promise<{ count: number; until?: number }> {
    const now = this.#clock.now();
    const row = this.#store.db
      .prepare<[string, number], { n: number; until: number | null }>(
        `SELECT COUNT(*) AS n, MAX(visible_at) AS until FROM work_items
         WHERE queue = ? AND state = 'READY' AND visible_at > ?`,
      )
      .get(this.#queue, now);
    return { count: row?.n ?? 0, ...(row?.until ? { until: row.until } : {}) };
  }

  /** Items that used up their receives, oldest first. */
  async deadLetters(): Promise<WorkItem[]> {
    await this.#store.turn();
    return this.#store.write(() => {
      this.#sweep(this.#clock.now());
      return this.#dead.all(this.#queue).map((r) => ({ key: r.key, group: r.group_name }));
    });
  }

  /** Makes dead letters (all, or those with the given keys) visible again with a receive count of 0. */
  async redrive(keys?: string[]): Promise<number> {
    await this.#store.turn();
    if (keys?.length === 0) return 0;
    const now = this.#clock.now();
    const db = this.#store.db;
    return this.#store.write(() => {
      this.#sweep(now);
      const base = `UPDATE work_items SET state = 'READY', receive_count = 0, visible_at = ?, handle = NULL,
                      dead_at = NULL WHERE queue = ? AND state = 'DEAD'`;
      if (keys === undefined) return db.prepare(base).run(now, this.#queue).changes;
      let moved = 0;
      // Chunked to stay under SQLite's limit on bound parameters.
      for (let i = 0; i < keys.length; i += 500) {
        const chunk = keys.slice(i, i + 500);
        const marks = chunk.map(() => '?').join(', ');
        moved += db.prepare(`${base} AND key IN (${marks})`).run(now, this.#queue, ...chunk).changes;
      }
      return moved;
    });
  }

  // Claims of a local process that died come back now; the receive they used still counts, as on SQS.
  #reclaimDead(now: number): void {
    for (const { claimed_by: owner } of this.#claimants.all(this.#queue, now)) {
      if (owner !== this.#owner && isDeadLocalOwner(owner)) this.#reclaim.run(now, this.#queue, owner);
    }
  }

  // Moves items that would be delivered again after their last allowed receive to the dead letters.
  #sweep(now: number): void {
    this.#exhaust.run({ queue: this.#queue, now, max: this.maxReceives });
  }
}
