/**
 * Both sandboxes on loopback, seeded from one World, plus a temp folder with a config file pointing at them:
 * what an operator has after installing ml-connector, for end-to-end runs of the real CLI as a child process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type PeopleSoftSandbox,
  type PeopleSoftSandboxOptions,
  startPeopleSoftSandbox,
} from '../../../sandbox/peoplesoft/index.ts';
import {
  startWalmartSandbox,
  type WalmartSandbox,
  type WalmartSandboxOptions,
} from '../../../sandbox/walmart/index.ts';
import type { World } from '../../../sandbox/world.ts';

/** Obviously fake credentials both sandboxes accept and the CLI gets from its environment. */
export interface E2eCredentials {
  walmartClientId: string;
  walmartClientSecret: string;
  peoplesoftUsername: string;
  peoplesoftPassword: string;
}

export const DEFAULT_E2E_CREDENTIALS: E2eCredentials = {
  walmartClientId: 'e2e-walmart-client',
  walmartClientSecret: 'e2e-walmart-secret-not-real',
  peoplesoftUsername: 'MLC_E2E',
  peoplesoftPassword: 'e2e-peoplesoft-password-not-real',
};

export interface E2eOptions {
  world: World;
  credentials?: Partial<E2eCredentials>;
  walmart?: Omit<WalmartSandboxOptions, 'world' | 'clientId' | 'clientSecret'>;
  peoplesoft?: Omit<PeopleSoftSandboxOptions, 'world' | 'users'>;
  /** Merged (deeply) over the generated config file. */
  config?: Record<string, unknown>;
  /** Folder prefix under the OS temp dir. */
  prefix?: string;
}

export interface E2eSystems {
  world: World;
  walmart: WalmartSandbox;
  peoplesoft: PeopleSoftSandbox;
  credentials: E2eCredentials;
  dir: string;
  configPath: string;
  storePath: string;
  /** The config as written. */
  config: Record<string, unknown>;
  /** Environment a CLI child needs: the four credentials. */
  env: Record<string, string>;
  /** Rewrites the config file with these overrides merged over the original. */
  rewriteConfig(overrides: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Starts both sandboxes and writes a config file for them into a fresh temp folder. */
export async function startE2eSystems(options: E2eOptions): Promise<E2eSystems> {
  const credentials = { ...DEFAULT_E2E_CREDENTIALS, ...options.credentials };
  const walmart = await startWalmartSandbox({
    ...options.walmart,
    world: options.world,
    clientId: credentials.walmartClientId,
    clientSecret: credentials.walmartClientSecret,
  });
  let peoplesoft: PeopleSoftSandbox;
  try {
    peoplesoft = await startPeopleSoftSandbox({
      ...options.peoplesoft,
      world: options.world,
      users: [{ username: credentials.peoplesoftUsername, password: credentials.peoplesoftPassword }],
    });
  } catch (e) {
    await walmart.close();
    throw e;
  }
  const dir = mkdtempSync(join(tmpdir(), `ml-connector-${options.prefix ?? 'e2e'}-`));
  const configPath = join(dir, 'ml-connector.config.json');
  const storePath = join(dir, 'store.sqlite');
  const base: Record<string, unknown> = {
    walmart: { baseUrl: walmart.url, timeoutMs: 10_000, feedPollIntervalMs: 200, feedTimeoutMs: 60_000 },
    peoplesoft: {
      restBaseUrl: peoplesoft.restBaseUrl,
      httpListenerUrl: peoplesoft.httpListenerUrl,
      businessUnit: options.world.businessUnit,
      node: peoplesoft.node,
      timeoutMs: 10_000,
      auth: { type: 'basic' },
    },
    inventory: { safetyStock: 2 },
    store: { path: storePath },
  };
  let config = deepMerge(base, options.config ?? {});
  const write = () => writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  write();
  const systems: E2eSystems = {
    world: options.world,
    walmart,
    peoplesoft,
    credentials,
    dir,
    configPath,
    storePath,
    config,
    env: {
      WALMART_CLIENT_ID: credentials.walmartClientId,
      WALMART_CLIENT_SECRET: credentials.walmartClientSecret,
      PEOPLESOFT_USERNAME: credentials.peoplesoftUsername,
      PEOPLESOFT_PASSWORD: credentials.peoplesoftPassword,
    },
    rewriteConfig(overrides) {
      config = deepMerge(deepMerge(base, options.config ?? {}), overrides);
      systems.config = config;
      write();
    },
    async close() {
      await Promise.allSettled([walmart.close(), peoplesoft.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return systems;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges `over` into a copy of `base`, objects key by key, everything else replaced. */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}
