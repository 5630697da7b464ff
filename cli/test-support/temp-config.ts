/** Temporary folders with a config file, for CLI tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempSetup {
  dir: string;
  configPath: string;
  storePath: string;
}

/** Writes `config` (store.path defaulting into the folder) to a fresh temp folder. */
export function tempConfig(config: Record<string, unknown>): TempSetup {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-cli-'));
  const storePath = join(dir, 'store.sqlite');
  const withStore = { store: { path: storePath }, ...config };
  const configPath = join(dir, 'ml-connector.config.json');
  writeFileSync(configPath, JSON.stringify(withStore, null, 2));
  return { dir, configPath, storePath };
}

/** A valid config whose systems are at these URLs (sandbox defaults when omitted). */
export function configFor(urls: {
  walmart: string;
  peoplesoftRest: string;
  peoplesoftHttp: string;
}): Record<string, unknown> {
  return {
    walmart: { baseUrl: urls.walmart },
    peoplesoft: {
      restBaseUrl: urls.peoplesoftRest,
      httpListenerUrl: urls.peoplesoftHttp,
      businessUnit: 'US001',
    },
  };
}
