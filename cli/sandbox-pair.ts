/**
 * Both sandboxes on loopback, seeded with the same scenario world, plus a ready configuration and the
 * sandboxes' own (dummy) credentials. Used by `ml-connector sandbox`, `ml-connector demo` and the CLI tests.
 */
import { type Config, type ConfigInput, parseConfig } from '../shared/config/index.ts';
import type { Clock } from '../shared/ports.ts';
import { type PeopleSoftSandbox, startPeopleSoftSandbox } from '../sandbox/peoplesoft/index.ts';
import { scenarioWorld } from '../sandbox/scenario-world.ts';
import { startWalmartSandbox, type WalmartSandbox } from '../sandbox/walmart/index.ts';
import type { World } from '../sandbox/world.ts';

export interface SandboxPair {
  walmart: WalmartSandbox;
  peoplesoft: PeopleSoftSandbox;
  world: World;
  /** Config input pointing at both sandboxes (store path and other keys to be added by the caller). */
  configInput(storePath: string, extra?: Partial<ConfigInput>): ConfigInput;
  /** The same, validated. */
  config(storePath: string, extra?: Partial<ConfigInput>): Config;
  /** The credential environment variables of the sandboxes (dummy values). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface SandboxPairOptions {
  walmartPort?: number;
  peoplesoftPort?: number;
  world?: World;
  clock?: Clock;
  /** Runs PeopleSoft's batch load (receipts staged → loaded) this often, real time. */
  batchLoadEveryMs?: number;
}

/** Starts both sandboxes; close them with `close()`. */
export async function startSandboxPair(options: SandboxPairOptions = {}): Promise<SandboxPair> {
  const world = options.world ?? scenarioWorld(options.clock?.now() ?? Date.now());
  const walmart = await startWalmartSandbox({
    world,
    port: options.walmartPort ?? 0,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let peoplesoft: PeopleSoftSandbox;
  try {
    peoplesoft = await startPeopleSoftSandbox({
      world,
      port: options.peoplesoftPort ?? 0,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.batchLoadEveryMs ? { batchLoadEveryMs: options.batchLoadEveryMs } : {}),
    });
  } catch (e) {
    await walmart.close();
    throw e;
  }
  const configInput = (storePath: string, extra: Partial<ConfigInput> = {}): ConfigInput => ({
    ...extra,
    walmart: { baseUrl: walmart.url, ...extra.walmart },
    peoplesoft: {
      restBaseUrl: peoplesoft.restBaseUrl,
      httpListenerUrl: peoplesoft.httpListenerUrl,
      businessUnit: world.businessUnit,
      node: peoplesoft.node,
      ...extra.peoplesoft,
    },
    store: { path: storePath, ...extra.store },
  });
  return {
    walmart,
    peoplesoft,
    world,
    configInput,
    config: (storePath, extra) => parseConfig(configInput(storePath, extra), 'sandbox configuration'),
    env: {
      WALMART_CLIENT_ID: walmart.clientId,
      WALMART_CLIENT_SECRET: walmart.clientSecret,
      PEOPLESOFT_USERNAME: peoplesoft.basicCredentials.username,
      PEOPLESOFT_PASSWORD: peoplesoft.basicCredentials.password,
    },
    close: async () => {
      await Promise.all([walmart.close(), peoplesoft.close()]);
    },
  };
}
