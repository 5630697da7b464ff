/**
 * Each package folder's index.ts is its public surface (docs/engine.md): a module exports only what another file
 * imports, and an index re-exports only what some file outside the package uses. Error classes stay exported:
 * a caller may catch them by type, and the error family's test finds them that way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SKIP = new Set(['node_modules', 'dist', 'reports', 'cdk.out', '.stryker-tmp']);

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (SKIP.has(name)) return [];
    if (statSync(join(ROOT, path)).isDirectory()) return files(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const ALL = ['shared', 'cli', 'functions', 'infra', 'sandbox', 'test', 'bench'].flatMap(files);
const PACKAGES = [
  ...readdirSync(join(ROOT, 'shared'))
    .filter((n) => statSync(join(ROOT, 'shared', n)).isDirectory())
    .map((n) => `shared/${n}`),
  'sandbox/walmart',
  'sandbox/peoplesoft',
  'functions/runtime',
];
const packageOf = (f: string) => PACKAGES.find((p) => f.startsWith(`${p}/`));

interface Parsed {
  /** Names this file imports (or re-exports) from each local module. */
  uses: Map<string, Set<string>>;
  /** Names this file exports by declaration, with `*Error` classes left out. */
  declares: string[];
}

function parse(file: string): Parsed {
  const sf = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const uses = new Map<string, Set<string>>();
  const declares: string[] = [];
  for (const st of sf.statements) {
    if (
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier &&
      ts.isStringLiteral(st.moduleSpecifier) &&
      st.moduleSpecifier.text.startsWith('.')
    ) {
      const target = relative(ROOT, join(ROOT, file, '..', st.moduleSpecifier.text));
      const names = uses.get(target) ?? new Set<string>();
      uses.set(target, names);
      const bindings = ts.isImportDeclaration(st) ? st.importClause?.namedBindings : st.exportClause;
      if (ts.isImportDeclaration(st) && st.importClause?.name) names.add('default');
      if (!bindings || ts.isNamespaceImport(bindings) || ts.isNamespaceExport(bindings)) {
        if (!ts.isImportDeclaration(st) || bindings) names.add('*');
      } else {
        for (const el of bindings.elements) names.add((el.propertyName ?? el.name).text);
      }
      continue;
    }
    const exported =
      ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    const names = ts.isVariableStatement(st)
      ? st.declarationList.declarations.map((d) => d.name.getText(sf))
      : 'name' in st && st.name && ts.isIdentifier(st.name as ts.Node)
        ? [(st.name as ts.Identifier).text]
        : [];
    declares.push(...names.filter((n) => !n.endsWith('Error')));
  }
  return { uses, declares };
}

const parsed = new Map(ALL.map((f) => [f, parse(f)]));
function usersOf(target: string): Map<string, Set<string>> {
  const users = new Map<string, Set<string>>();
  for (const [f, p] of parsed) {
    const names = p.uses.get(target);
    if (names) users.set(f, names);
  }
  return users;
}

describe('public surfaces', () => {
  it('a package module exports only what another file imports', () => {
    const modules = ALL.filter(
      (f) => packageOf(f) && !f.endsWith('.test.ts') && !f.endsWith('/index.ts') && !f.includes('/testing/'),
    );
    const unused = modules.flatMap((f) => {
      const used = new Set([...usersOf(f).values()].flatMap((s) => [...s]));
      if (used.has('*')) return [];
      return parsed
        .get(f)!
        .declares.filter((n) => !used.has(n))
        .map((n) => `${f}: ${n}`);
    });
    expect(unused).toEqual([]);
    expect(modules.length).toBeGreaterThan(100);
  });

  it('an index.ts re-exports only what some file outside its package imports from it', () => {
    const stale = PACKAGES.flatMap((p) => {
      const index = `${p}/index.ts`;
      const offered = [...parsed.get(index)!.uses.values()].flatMap((s) => [...s]);
      const taken = new Set(
        [...usersOf(index)].filter(([f]) => packageOf(f) !== p).flatMap(([, names]) => [...names]),
      );
      return offered.filter((n) => !taken.has(n)).map((n) => `${index}: ${n}`);
    });
    expect(stale).toEqual([]);
  });

  it('reads the imports it checks (a check that reads nothing cannot fail)', () => {
    expect(
      parsed.get('shared/usecases/match-and-post.ts')!.uses.get('shared/domain/index.ts')?.size,
    ).toBeGreaterThan(3);
    expect(parsed.get('shared/domain/line-state.ts')!.declares).toContain('LINE_STATUSES');
  });
});
