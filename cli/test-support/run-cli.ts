/**
 * Runs `node bin/ml-connector.mjs …` as a child process, the way an operator does, optionally inside a
 * pseudo-terminal (`script`) where output differs on a terminal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/ml-connector.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Run inside a pseudo-terminal (stdout and stdin are a TTY; stderr is merged into stdout). */
  tty?: boolean;
}

/** The environment of a child CLI: the test's own without credentials, plus `env`. */
export function childEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base)) {
    if (/^(WALMART_|PEOPLESOFT_|ML_CONNECTOR_)/.test(k) || k.startsWith('VITEST') || k === 'NODE_OPTIONS')
      delete base[k];
  }
  const merged: NodeJS.ProcessEnv = { ...base, NO_COLOR: undefined, FORCE_COLOR: undefined };
  for (const [k, v] of Object.entries(env)) merged[k] = v;
  return merged;
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Starts the CLI; use `finished()` to collect its output. */
export function startCli(
  args: string[],
  options: RunOptions = {},
): { child: ChildProcess; finished: Promise<CliResult> } {
  const env = childEnv(options.env);
  const child = options.tty
    ? spawn('script', ['-qec', [process.execPath, BIN, ...args].map(quote).join(' '), '/dev/null'], {
        cwd: options.cwd ?? REPO_ROOT,
        env: { ...env, TERM: 'xterm' },
      })
    : spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  else if (!options.tty) child.stdin?.end();
  const finished = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, finished };
}

/** Runs the CLI to completion. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return startCli(args, options).finished;
}

/** Resolves when the child's stdout (or stderr) has printed text matching `pattern`. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for ${pattern}; output so far:\n${seen}`));
    }, timeoutMs);
    const onData = (d: Buffer | string) => {
      seen += d.toString();
      if (pattern.test(seen)) {
        cleanup();
        resolve(seen);
      }
    };
    const onClose = () => {
      cleanup();
      reject(new Error(`the process ended before printing ${pattern}; output:\n${seen}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('close', onClose);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('close', onClose);
  });
}

/** Removes ANSI escapes and carriage returns (pseudo-terminal output). */
export function plain(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping terminal escapes
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
}
