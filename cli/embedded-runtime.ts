/**
 * The embedded runtime: configuration + credentials → the SQLite store at `store.path`, its adapters, and
 * the Walmart and PeopleSoft clients, wired as the use cases' dependencies. Every command that talks to the
 * two systems builds one of these.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../shared/config/index.ts';
import { EnvOrStoreCredentials, processOwnerTag } from '../shared/embedded/index.ts';
import type { JsonLog, Redactor } from '../shared/logging/index.ts';
import { PeopleSoftErp } from '../shared/peoplesoft/index.ts';
import type { Clock, CredentialSource, Erp, Marketplace } from '../shared/ports.ts';
import type { EngineDeps } from '../shared/usecases/index.ts';
import { walmartMarketplaceFromConfig } from '../shared/walmart/index.ts';
import { dryRunErp, dryRunMarketplace, emptyIntendedWrites, type IntendedWrites } from './dry-run.ts';
import { type EmbeddedStore, openDryRunCopy, openEmbeddedStore } from './embedded-store.ts';
import { type ProgressCounts, withProgress } from './progress-ports.ts';

export interface RuntimeOptions {
  config: Config;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  log: JsonLog;
  /** Every credential read is registered here so it is masked in any output. */
  redactor: Redactor;
  /** Work on a throwaway copy of the store and record writes instead of sending them. */
  dryRun?: boolean;
  /** Called as work progresses (terminal status line). */
  onProgress?: (c: ProgressCounts) => void;
  /** Credentials to use instead of the environment and the secret store (the demo's sandbox values). */
  credentials?: CredentialSource;
}

export interface EmbeddedRuntime {
  config: Config;
  store: EmbeddedStore;
  credentials: CredentialSource;
  marketplace: Marketplace;
  erp: Erp;
  /** The dependencies of every use case; `log` carries this run's correlation id. */
  deps: EngineDeps;
  correlationId: string;
  /** What a dry run would have written (empty otherwise). */
  intended: IntendedWrites;
  /** HTTP calls made so far to each system (token grants and retries included). */
  apiCalls(): { walmart: number; peoplesoft: number };
  close(): void;
}

/** Builds the runtime; close it when done (it holds the store open). */
export function buildEmbeddedRuntime(o: RuntimeOptions): EmbeddedRuntime {
  const { config, clock } = o;
  const correlationId = randomUUID();
  const log = o.log.with({ correlation_id: correlationId });
  const store = o.dryRun
    ? openDryRunCopy(config, { clock, env: o.env })
    : openEmbeddedStore(config, { clock, env: o.env });
  try {
    const credentials = o.credentials ?? guardedCredentials(config, o.env, store, o.redactor);
    const walmart = walmartMarketplaceFromConfig(config.walmart, () => credentials.walmart(), { clock, log });
    const peoplesoft = new PeopleSoftErp({
      config: config.peoplesoft,
      credentials: () => credentials.peoplesoft(),
      clock,
      log,
    });
    const intended = emptyIntendedWrites();
    let marketplace: Marketplace = o.dryRun ? dryRunMarketplace(walmart, intended) : walmart;
    let erp: Erp = o.dryRun ? dryRunErp(peoplesoft, intended) : peoplesoft;
    if (o.onProgress) ({ marketplace, erp } = withProgress({ marketplace, erp }, o.onProgress));
    const deps: EngineDeps = {
      marketplace,
      erp,
      audit: store.audit,
      queue: store.queue,
      checkpoints: store.checkpoints,
      clock,
      config,
      log,
      // Leases name this process, so one left by a killed run is taken over at once.
      owner: processOwnerTag(),
      unitOfWork: { run: (fn) => store.store.group(fn) },
      ...crashPointFrom(o.env),
    };
    return {
      config,
      store,
      credentials,
      marketplace,
      erp,
      deps,
      correlationId,
      intended,
      apiCalls: () => ({ walmart: walmart.callCount(), peoplesoft: peoplesoft.callCount() }),
      close: () => store.close(),
    };
  } catch (e) {
    store.close();
    throw e;
  }
}

/**
 * `ML_CONNECTOR_CRASH_AT=<point>` stops the process with SIGKILL the first time the engine reaches that
 * point: how the crash tests reach the narrowest windows of exactly-once posting (docs/engine.md).
 */
function crashPointFrom(env: NodeJS.ProcessEnv): Pick<EngineDeps, 'crashPoint'> {
  const at = env.ML_CONNECTOR_CRASH_AT;
  if (!at) return {};
  return {
    crashPoint: (point) => {
      if (point === at) process.kill(process.pid, 'SIGKILL');
    },
  };
}

/** Environment first, then the encrypted store; every value read is registered for masking. */
export function guardedCredentials(
  config: Config,
  env: NodeJS.ProcessEnv,
  store: EmbeddedStore,
  redactor: Redactor,
): CredentialSource {
  const source = new EnvOrStoreCredentials({
    peoplesoftAuthType: config.peoplesoft.auth.type,
    env,
    secrets: {
      get: async (name) => {
        const v = await store.secrets.get(name);
        redactor.add(v);
        return v;
      },
    },
  });
  return {
    walmart: async () => {
      const c = await source.walmart();
      redactor.add(c.clientSecret);
      return c;
    },
    peoplesoft: async () => {
      const c = await source.peoplesoft();
      redactor.add(c.type === 'basic' ? c.password : c.clientSecret);
      return c;
    },
  };
}
