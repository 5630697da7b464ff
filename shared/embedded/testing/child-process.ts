/** Runs a TypeScript script of this folder in a child Node process (through tsx), for multi-process tests. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');

export interface Child {
  process: ChildProcessWithoutNullStreams;
  /** Calls `onLine` for every stdout line. */
  lines(onLine: (line: string) => void): void;
  /** Resolves with the exit code (or signal name) when the child ends. */
  exited: Promise<number | string>;
  stderr(): string;
}

/** Starts `testing/<script>` with the given arguments. */
export function startChild(script: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, script), ...args], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? code ?? -1));
  });
  return {
    process: child,
    lines: (onLine) => createInterface({ input: child.stdout }).on('line', onLine),
    exited,
    stderr: () => err,
  };
}
