/**
 * A read of the embedded store file between CLI runs: every line record, each order's history and the work
 * queue (pending and dead-lettered keys), through the store's own adapters.
 */
import type { AuditEntry, LineRecord } from '../../../shared/domain/index.ts';
import { openEmbeddedStorage } from '../../../shared/embedded/index.ts';

export interface StoreView {
  records: Map<string, LineRecord>;
  /** Every history entry by order line key, oldest first. */
  history: Map<string, AuditEntry[]>;
  /** Keys with a work item waiting or in flight. */
  queued: Set<string>;
  deadLetters: Set<string>;
  checkpoints: Map<string, string>;
}

/** Reads the whole store at `path` (opening it briefly). */
export async function readStore(path: string): Promise<StoreView> {
  const storage = openEmbeddedStorage({ path });
  try {
    const records = new Map<string, LineRecord>();
    for (const r of await storage.audit.list({})) records.set(r.key, r);
    const history = new Map<string, AuditEntry[]>();
    const orders = new Set([...records.values()].map((r) => r.purchaseOrderId));
    for (const po of orders) {
      for (const e of await storage.audit.history(po)) history.set(e.key, [...(history.get(e.key) ?? []), e]);
    }
    const queued = new Set(
      storage.store.db
        .prepare<[], { key: string }>(`SELECT key FROM work_items WHERE state = 'READY'`)
        .all()
        .map((r) => r.key),
    );
    const deadLetters = new Set((await storage.queue.deadLetters()).map((w) => w.key));
    const checkpoints = new Map(
      storage.store.db
        .prepare<[], { name: string; value: string }>('SELECT name, value FROM checkpoints')
        .all()
        .map((r) => [r.name, r.value] as const),
    );
    return { records, history, queued, deadLetters, checkpoints };
  } finally {
    storage.close();
  }
}

/**
 * Ends every lease in the store, as if their holder's TTL had run out: what waiting a minute or more after
 * a killed process would do, without the wait. Returns how many leases there were.
 */
export function expireLeases(path: string): number {
  const storage = openEmbeddedStorage({ path });
  try {
    return storage.store.write(
      () => storage.store.db.prepare('UPDATE leases SET expires_at = 0').run().changes,
    );
  } finally {
    storage.close();
  }
}
