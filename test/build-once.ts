/**
 * Vitest global set-up: compiles the project to dist/ before any test runs, so the tests that start the
 * `ml-connector` command run the code under test, never a stale build (incremental: a second run takes seconds).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../', import.meta.url));
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
