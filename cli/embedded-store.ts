/**
 * The storage half of the embedded runtime, from the configuration: the one SQLite file (audit trail,
 * checkpoints, work queue, encrypted secrets) and the throwaway copy `sync --dry-run` works on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../shared/config/index.ts';
import { type EmbeddedStorage, openEmbeddedStorage, openStore } from '../shared/embedded/index.ts';
import type { Clock } from '../shared/ports.ts';
import type { CliContext } from './cli-context.ts';

export type EmbeddedStore = EmbeddedStorage;

/** Opens the store at `config.store.path` with every adapter built on it. */
export function openEmbeddedStore(
  config: Config,
  options: { clock: Clock; env: NodeJS.ProcessEnv },
): EmbeddedStore {
  return openEmbeddedStorage({
    path: config.store.path,
    maxReceives: config.orders.maxAttempts,
    env: options.env,
    clock: options.clock,
  });
}

/**
 * A private copy of the store for `sync --dry-run`: a consistent snapshot (`VACUUM INTO`) in a temporary
 * folder, removed on close. The cycle runs its usual reads and writes against the copy, so the real store
 * is never touched; stored credentials are still read with the real store's key.
 */
export function openDryRunCopy(
  config: Config,
  options: { clock: Clock; env: NodeJS.ProcessEnv },
): EmbeddedStore {
  const dir = mkdtempSync(join(tmpdir(), 'ml-connector-dry-run-'));
  const copyPath = join(dir, 'store.sqlite');
  const real = openStore(config.store.path, { clock: options.clock });
  try {
    real.db.prepare('VACUUM INTO ?').run(copyPath);
  } finally {
    real.close();
  }
  const copy = openEmbeddedStorage({
    path: copyPath,
    maxReceives: config.orders.maxAttempts,
    keyFile: `${config.store.path}.key`,
    env: options.env,
    clock: options.clock,
    synchronous: 'NORMAL',
  });
  return {
    ...copy,
    close: () => {
      copy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the configured store for one command, hands it to `use`, and closes it even when `use` throws. */
export async function withEmbeddedStore<T>(
  ctx: Pick<CliContext, 'config' | 'io'>,
  use: (store: EmbeddedStore) => Promise<T>,
): Promise<T> {
  const embedded = openEmbeddedStore(ctx.config(), { clock: ctx.io.clock, env: ctx.io.env });
  try {
    return await use(embedded);
  } finally {
    embedded.close();
  }
}
