/**
 * The suite runs on the Node the product runs on: Lambda's nodejs22.x, and Node 22 for the command line.
 * A native add-on built against other headers fails to load, so the SQLite driver's ABI is checked too.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
};
const major = Number(process.versions.node.split('.')[0]);

describe('the Node runtime of the tests', () => {
  it('is Node 22, the major version of the Lambda runtime', () => {
    const functions = readFileSync(new URL('../../infra/connector-functions.ts', import.meta.url), 'utf8');
    const lambdaMajor = Number(/Runtime\.NODEJS_(\d+)_X/.exec(functions)?.[1]);
    expect(major).toBe(22);
    expect(major).toBe(lambdaMajor);
  });

  it('satisfies the engines range package.json states', () => {
    const [, minMajor, minMinor] = /^\^(\d+)\.(\d+)\.\d+$/.exec(pkg.engines.node) ?? [];
    const minor = Number(process.versions.node.split('.')[1]);
    expect(major).toBe(Number(minMajor));
    expect(minor).toBeGreaterThanOrEqual(Number(minMinor));
  });

  it('loads better-sqlite3 built for this ABI (NODE_MODULE_VERSION 127)', () => {
    expect(process.versions.modules).toBe('127');
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const db = new Database(':memory:');
    expect(db.prepare('select sqlite_version() as v').get()).toMatchObject({ v: expect.any(String) });
    db.close();
  });
});
