/**
 * A test world for CLI tests: both sandboxes started in the test process, a config file pointing at them in
 * a temporary folder, and a runner for `ml-connector …` child processes with the sandbox credentials.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigInput } from '../../shared/config/index.ts';
import { type SandboxPair, type SandboxPairOptions, startSandboxPair } from '../sandbox-pair.ts';
import { type CliResult, type RunOptions, runCli, startCli } from './run-cli.ts';
import { tempConfig } from './temp-config.ts';

export interface SandboxSetup {
  pair: SandboxPair;
  dir: string;
  configPath: string;
  storePath: string;
  /** The sandbox credentials as environment variables. */
  env: Record<string, string>;
  /** Runs `ml-connector …args --config <configPath>` with the sandbox credentials (plus `options.env`). */
  run(args: string[], options?: RunOptions): Promise<CliResult>;
  start(args: string[], options?: RunOptions): ReturnType<typeof startCli>;
  /** Rewrites the config file with these extra keys. */
  writeConfig(extra: Partial<ConfigInput>): void;
  close(): Promise<void>;
}

/** Starts the sandboxes and writes a config for them. */
export async function sandboxSetup(
  extra: Partial<ConfigInput> = {},
  pairOptions: SandboxPairOptions = {},
): Promise<SandboxSetup> {
  const pair = await startSandboxPair(pairOptions);
  const { dir, configPath, storePath } = tempConfig({});
  const writeConfig = (more: Partial<ConfigInput>) =>
    writeFileSync(configPath, JSON.stringify(pair.configInput(storePath, more), null, 2));
  writeConfig(extra);
  const withConfig = (args: string[], options: RunOptions = {}): [string[], RunOptions] => [
    [...args, '--config', configPath],
    { ...options, env: { ...pair.env, ...options.env } },
  ];
  return {
    pair,
    dir,
    configPath,
    storePath,
    env: pair.env,
    run: (args, options) => runCli(...withConfig(args, options)),
    start: (args, options) => startCli(...withConfig(args, options)),
    writeConfig,
    close: () => pair.close(),
  };
}

/** Starts the sandboxes, writes a config for them and runs one `sync`; throws with its stderr when it fails. */
export async function syncedSandboxSetup(extra: Partial<ConfigInput> = {}): Promise<SandboxSetup> {
  const setup = await sandboxSetup(extra);
  const r = await setup.run(['sync', '--json']);
  if (r.code !== 0) {
    await setup.close();
    throw new Error(`sync failed: ${r.stderr}`);
  }
  return setup;
}

/** A path in the setup's folder. */
export function inDir(setup: SandboxSetup, name: string): string {
  return join(setup.dir, name);
}
