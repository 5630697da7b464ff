/**
 * Wires a PeopleSoftErp to a fresh sandbox over loopback, both on one manual clock, for tests.
 */
import type { ConfigInput } from '../../shared/config/index.ts';
import { PeopleSoftErp, type PeopleSoftErpOptions } from '../../shared/peoplesoft/index.ts';
import type { World } from '../world.ts';
import { ManualClock } from '../../shared/memory/index.ts';
import { smallWorld } from './fixture-world.ts';
import { type PeopleSoftSandbox, startPeopleSoftSandbox } from './peoplesoft-sandbox.ts';
import type { PeopleSoftSandboxOptions } from './sandbox-options.ts';

interface KitOptions {
  world?: World;
  sandbox?: Partial<PeopleSoftSandboxOptions>;
  config?: Partial<ConfigInput['peoplesoft']>;
  auth?: 'basic' | 'oauth2';
  erp?: Partial<PeopleSoftErpOptions>;
}

export interface Kit {
  clock: ManualClock;
  sandbox: PeopleSoftSandbox;
  erp: PeopleSoftErp;
  /** A second client on the same sandbox and clock (e.g. to test another configuration). */
  client(config?: Partial<ConfigInput['peoplesoft']>, erp?: Partial<PeopleSoftErpOptions>): PeopleSoftErp;
  close(): Promise<void>;
}

/** The error `p` rejects with; throws when it resolves instead. */
export async function rejectionOf(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** Starts a sandbox and a client of it. */
export async function startKit(options: KitOptions = {}): Promise<Kit> {
  const clock = new ManualClock();
  const sandbox = await startPeopleSoftSandbox({
    world: options.world ?? smallWorld(),
    clock,
    ...options.sandbox,
  });
  const client = (
    config: Partial<ConfigInput['peoplesoft']> = {},
    erp: Partial<PeopleSoftErpOptions> = {},
  ) => {
    const auth = config.auth?.type ?? options.auth ?? 'basic';
    return new PeopleSoftErp({
      config: sandbox.peoplesoftConfig({
        maxRetries: 2,
        ...options.config,
        ...config,
        auth: { ...options.config?.auth, ...config.auth, type: auth },
      }),
      credentials: auth === 'oauth2' ? sandbox.oauthCredentials : sandbox.basicCredentials,
      clock,
      retry: { random: () => 0.5 },
      ...options.erp,
      ...erp,
    });
  };
  return { clock, sandbox, erp: client(), client, close: () => sandbox.close() };
}
