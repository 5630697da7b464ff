/** Temporary folders under the OS temp dir for store tests, removed by `cleanup`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  dir: string;
  /** A path inside the folder. */
  file(name: string): string;
  cleanup(): void;
}

/** Creates a fresh folder `ml-connector-<prefix>-XXXXXX` in the OS temp dir. */
export function makeTempDir(prefix: string): TempDir {
  const dir = mkdtempSync(join(tmpdir(), `ml-connector-${prefix}-`));
  return {
    dir,
    file: (name) => join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
