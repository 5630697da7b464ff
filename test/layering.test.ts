/**
 * The direction of the arrows (docs/engine.md): the domain imports only itself; use cases import the domain,
 * the ports and the configuration, never an adapter; nothing under shared/ imports an entry point; a package
 * folder is reached only through its index.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ADAPTERS = ['walmart', 'peoplesoft', 'embedded', 'aws', 'memory', 'http', 'logging'];

/** The TypeScript files under a folder; the tests too when asked. */
function sources(dir: string, withTests = false): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path, withTests);
    return name.endsWith('.ts') && (withTests || !name.endsWith('.test.ts')) ? [path] : [];
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

  it('use cases import no adapter and not the configuration schema (they take EngineSettings)', () => {
    const bad = sources('shared/usecases').flatMap((f) =>
      localImports(f)
        .filter((i) => [...ADAPTERS, 'config'].some((a) => i.startsWith(`shared/${a}/`)))
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

  it('the folders under shared/ import each other without a cycle', () => {
    const folderOf = (f: string) => f.split('/').slice(0, 2).join('/');
    const edges = new Map<string, Set<string>>();
    for (const f of sources('shared')) {
      const from = folderOf(f);
      for (const i of localImports(f)) {
        const to = folderOf(i);
        if (to !== from && to.startsWith('shared/') && !to.endsWith('.ts')) {
          edges.set(from, (edges.get(from) ?? new Set()).add(to));
        }
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' → '));
        return;
      }
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
    expect(edges.get('shared/usecases')).toContain('shared/domain');
  });

  it('outside a package folder, code imports only its index.ts (test helpers under testing/ aside)', () => {
    const packages = [
      ...readdirSync(join(ROOT, 'shared'))
        .filter((n) => statSync(join(ROOT, 'shared', n)).isDirectory())
        .map((n) => `shared/${n}`),
      'sandbox/walmart',
      'sandbox/peoplesoft',
      'functions/runtime',
    ];
    const packageOf = (f: string) => packages.find((p) => f.startsWith(`${p}/`));
    const files = ['shared', 'cli', 'functions', 'infra', 'sandbox', 'test', 'bench'].flatMap((d) =>
      sources(d, true),
    );
    const bad = files.flatMap((f) =>
      localImports(f)
        .filter((i) => {
          const p = packageOf(i);
          return p !== undefined && p !== packageOf(f) && i !== `${p}/index.ts` && !i.includes('/testing/');
        })
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
    expect(packages.every((p) => existsSync(join(ROOT, p, 'index.ts')))).toBe(true);
    expect(files.length).toBeGreaterThan(200);
  });

  it('an index.ts only re-exports', () => {
    const bad = sources('shared')
      .concat(sources('sandbox'), sources('functions'))
      .filter((f) => f.endsWith('/index.ts'))
      .filter((f) => {
        const code = readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
        return code
          .split(/;\s*/)
          .some((s) => s.trim() !== '' && !/^export (type )?\{[^}]*\} from '\.\/[^']+'$/.test(s.trim()));
      });
    expect(bad).toEqual([]);
  });

  it('no module outside the tests is over 300 lines', () => {
    const long = ['shared', 'cli', 'functions', 'infra', 'sandbox', 'bench']
      .flatMap((d) => sources(d))
      .map((f) => ({ f, lines: readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > 300 && !x.f.includes('/test-support/') && !x.f.includes('/testing/'))
      .map((x) => `${x.f}: ${x.lines}`);
    expect(long).toEqual([]);
  });

  it('finds the imports it checks (a check that reads nothing cannot fail)', () => {
    expect(localImports('shared/usecases/match-and-post.ts')).toContain('shared/domain/index.ts');
    expect(localImports('shared/usecases/match-and-post.ts')).toContain('shared/usecases/key-outcomes.ts');
    expect(sources('shared/domain').length).toBeGreaterThan(10);
  });
});
