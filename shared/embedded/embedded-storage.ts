/**
 * Everything the embedded runtime keeps in its one SQLite file, opened together: the CLI's single entry
 * point to storage (`sync`, `run`, `audit`, `replay`, `secrets` all go through it).
 */
import type { Clock } from '../ports.ts';
import { SecretStore } from './secret-store.ts';
import { SqliteAuditTrail } from './sqlite-audit-trail.ts';
import { SqliteCheckpoints } from './sqlite-checkpoints.ts';
import { openStore, type SqliteStore, type StoreOptions } from './sqlite-store.ts';
import { SqliteWorkQueue } from './sqlite-work-queue.ts';

interface EmbeddedStorageOptions extends StoreOptions {
  /** `store.path` of the config. */
  path: string;
  /** `orders.maxAttempts` of the config: receives before a work item is dead-lettered. */
  maxReceives?: number;
  /** Key file of the secret store when `ML_CONNECTOR_MASTER_KEY` is unset (default `<path>.key`). */
  keyFile?: string;
  /** Environment the secret store reads the master key from (default `process.env`). */
  env?: Record<string, string | undefined>;
  clock?: Clock;
}

export interface EmbeddedStorage {
  store: SqliteStore;
  audit: SqliteAuditTrail;
  checkpoints: SqliteCheckpoints;
  queue: SqliteWorkQueue;
  secrets: SecretStore;
  close(): void;
}

/** Opens (creating and migrating as needed) the store file and builds every adapter on it. */
export function openEmbeddedStorage(options: EmbeddedStorageOptions): EmbeddedStorage {
  const { path, maxReceives, keyFile, env, ...storeOptions } = options;
  const store = openStore(path, storeOptions);
  return {
    store,
    audit: new SqliteAuditTrail(store),
    checkpoints: new SqliteCheckpoints(store),
    queue: new SqliteWorkQueue(store, maxReceives === undefined ? {} : { maxReceives }),
    secrets: new SecretStore(store, {
      ...(keyFile === undefined ? {} : { keyFile }),
      ...(env ? { env } : {}),
    }),
    close: () => store.close(),
  };
}
