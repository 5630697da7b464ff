import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  InsecureKeyFileError,
  InvalidMasterKeyError,
  InvalidSecretValueError,
  InvalidWorkItemError,
  MissingCredentialError,
  SchemaTooNewError,
  SecretCorruptedError,
  StoreOpenError,
  UnknownSecretNameError,
} from './embedded/index.ts';
import {
  ConnectorError,
  exitClassOf,
  faultOf,
  PeopleSoftError,
  StoreError,
  systemOf,
  WalmartError,
} from './errors.ts';
import { NetworkError } from './http/index.ts';
import {
  PeopleSoftAuthError,
  PeopleSoftConfigError,
  PeopleSoftUnavailableError,
} from './peoplesoft/index.ts';
import { ResolveError, UnknownLineError } from './usecases/index.ts';
import { WalmartAuthError } from './walmart/index.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// A defect, not a boundary: the domain imports nothing outside itself, so it stays a plain Error.
const NOT_A_BOUNDARY = new Set(['IllegalTransitionError']);

function modules(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'testing' ? [] : modules(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the error family', () => {
  it('every exported error class under shared/ is a ConnectorError with a system', async () => {
    const found: string[] = [];
    const outside: string[] = [];
    for (const file of modules('shared')) {
      const mod = (await import(join(ROOT, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== 'function' || !name.endsWith('Error') || !(value.prototype instanceof Error))
          continue;
        if (value === ConnectorError || Object.getPrototypeOf(value) === ConnectorError) continue;
        found.push(name);
        if (!(value.prototype instanceof ConnectorError) && !NOT_A_BOUNDARY.has(name)) {
          outside.push(`${relative(ROOT, join(ROOT, file))}: ${name}`);
        }
      }
    }
    expect(outside).toEqual([]);
    expect(found.length).toBeGreaterThan(30);
  });

  it('marks as setup every error that means "fix the setup first", so the CLI exits 2 for them by type', () => {
    const setup = [
      new UnknownSecretNameError('X', ['A']),
      new InvalidSecretValueError('X'),
      new InvalidMasterKeyError('env'),
      new InsecureKeyFileError('/k'),
      new SecretCorruptedError('X'),
      new StoreOpenError('/s', 'locked'),
      new MissingCredentialError('Walmart', ['WALMART_CLIENT_ID']),
      new PeopleSoftConfigError('peoplesoft.restBaseUrl', 'bad'),
      new UnknownLineError('PO#1'),
    ];
    for (const e of setup) expect(exitClassOf(e), e.name).toBe('setup');
    expect(ResolveError.prototype instanceof ConnectorError).toBe(true);
    // A failure of a system is not one: the CLI reports it as a failed stage.
    expect(exitClassOf(new PeopleSoftUnavailableError('eip', 503, 'down'))).toBe('failure');
    expect(exitClassOf(new InvalidWorkItemError(0, 'key', 'missing'))).toBe('failure');
    expect(exitClassOf(new Error('plain'))).toBe('failure');
  });

  it('carries the system and the fault, found through causes', () => {
    expect(
      new WalmartAuthError(
        { endpoint: 'token', method: 'POST', path: '/v3/token', correlationId: 'c' },
        401,
        [],
      ),
    ).toBeInstanceOf(WalmartError);
    expect(new PeopleSoftAuthError('OPR', 401, 'qas', 'refused')).toBeInstanceOf(PeopleSoftError);
    expect(new SchemaTooNewError('/s', 9, 4)).toBeInstanceOf(StoreError);
    const wrapped = new Error('stage', { cause: new NetworkError('peoplesoft', 'eip', 'no answer', true) });
    expect(systemOf(wrapped)).toBe('peoplesoft');
    expect(faultOf(wrapped)).toBe('unreachable');
    expect(faultOf(new PeopleSoftAuthError('OPR', 401, 'qas', 'refused'))).toBe('credentials');
    expect(systemOf(new Error('x', { cause: 'not an error' }))).toBeUndefined();
  });

  it('classifies by type, not by name: a renamed class keeps its meaning, a look-alike gets none', () => {
    class Renamed extends StoreError {
      override readonly exitClass = 'setup' as const;
      override readonly name = 'SomethingElseEntirely';
    }
    expect(exitClassOf(new Renamed('x'))).toBe('setup');
    expect(systemOf(new Renamed('x'))).toBe('store');
    const lookAlike = Object.assign(new Error('x'), { name: 'StoreOpenError', exitClass: 'setup' });
    expect(exitClassOf(lookAlike)).toBe('failure');
  });

  it('passes the cause through', () => {
    const cause = new Error('disk full');
    expect(new StoreOpenError('/s', 'cannot open', { cause }).cause).toBe(cause);
  });
});
