/**
 * Runs `ml-connector` as a child process against E2eSystems: the config file from --config, credentials in
 * the environment, output collected. A child that hangs is killed so a test fails instead of stalling.
 */
import type { ChildProcess } from 'node:child_process';
import { type CliResult, startCli } from '../../../cli/test-support/run-cli.ts';
import type { SyncSummary } from '../../../shared/usecases/index.ts';
import type { E2eSystems } from './e2e-systems.ts';

export type { CliResult } from '../../../cli/test-support/run-cli.ts';
export type { SyncSummary } from '../../../shared/usecases/index.ts';

export interface ConnectorRunOptions {
  /** Environment over the systems' credentials (a value `undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Written to stdin. */
  input?: string;
  /** Kill the child after this long, ms (default 180 s). */
  timeoutMs?: number;
}

/** Starts `ml-connector ARGS --config FILE`; `finished` resolves when it exits (or is killed). */
export function startConnector(
  systems: E2eSystems,
  args: string[],
  options: ConnectorRunOptions = {},
): { child: ChildProcess; finished: Promise<CliResult> } {
  const { child, finished } = startCli([...args, '--config', systems.configPath], {
    env: { ...systems.env, ...options.env },
    cwd: systems.dir,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
  return { child, finished: finished.finally(() => clearTimeout(timer)) };
}

/** Runs `ml-connector ARGS --config FILE` to completion. */
export function runConnector(
  systems: E2eSystems,
  args: string[],
  options: ConnectorRunOptions = {},
): Promise<CliResult> {
  return startConnector(systems, args, options).finished;
}

/** Runs `sync --json` and parses stdout; throws with the output when the cycle did not run cleanly. */
export async function syncJson(
  systems: E2eSystems,
  options: ConnectorRunOptions & { allowFailure?: boolean } = {},
): Promise<{ summary: SyncSummary | undefined; result: CliResult }> {
  const result = await runConnector(systems, ['sync', '--json'], options);
  if (result.code !== 0 && !options.allowFailure) {
    throw new Error(
      `sync exited ${result.code ?? result.signal}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
    );
  }
  let summary: SyncSummary | undefined;
  try {
    summary = result.stdout.trim() === '' ? undefined : (JSON.parse(result.stdout) as SyncSummary);
  } catch {
    throw new Error(`sync --json printed something that is not one JSON object:\n${result.stdout}`);
  }
  return { summary, result };
}

/** Describes a run for assertion messages. */
export function describeRun(r: CliResult): string {
  return `exit ${r.code ?? r.signal}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;
}
