/**
 * The direction of the arrows (docs/engine.md): the domain imports only itself; use cases import the domain,
 * the ports and the configuration, never an adapter; nothing under shared/ imports an entry point.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ADAPTERS = ['walmart', 'peoplesoft', 'embedded', 'aws', 'memory', 'http', 'logging'];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The files a module imports from this repository, relative to the root. */
function localImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)].map((m) => m[1]!);
  return specs.map((s) => relative(ROOT, join(ROOT, file, '..', s)));
}

describe('layering', () => {
  it('the domain imports nothing but the domain', () => {
    const bad = sources('shared/domain').flatMap((f) =>
      localImports(f)
        .filter((i) => !i.startsWith('shared/domain/'))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('use cases import no adapter', () => {
    const bad = sources('shared/usecases').flatMap((f) =>
      localImports(f)
        .filter((i) => ADAPTERS.some((a) => i.startsWith(`shared/${a}/`)))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('nothing under shared/ imports an entry point (cli/, functions/, infra/)', () => {
    const bad = sources('shared').flatMap((f) =>
      localImports(f)
        .filter((i) => /^(cli|functions|infra)\//.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('finds the imports it checks (a check that reads nothing cannot fail)', () => {
    expect(localImports('shared/usecases/match-and-post.ts')).toContain('shared/domain/audit-record.ts');
    expect(sources('shared/domain').length).toBeGreaterThan(10);
  });
});
