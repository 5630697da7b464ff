import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../memory/index.ts';
import {
  InsecureKeyFileError,
  InvalidMasterKeyError,
  InvalidSecretValueError,
  MasterKeyMissingError,
  SecretCorruptedError,
  SecretKeyMismatchError,
  UnknownSecretNameError,
} from './secret-errors.ts';
import { MASTER_KEY_ENV, parseMasterKey, SECRET_NAMES, SecretStore } from './secret-store.ts';
import { openStore, type SqliteStore } from './sqlite-store.ts';
import { makeTempDir, type TempDir } from './testing/temp-dir.ts';

const VALUE = 'placeholder-value-for-tests';

describe('SecretStore', () => {
  let tmp: TempDir;
  let clock: ManualClock;
  let store: SqliteStore;

  beforeEach(() => {
    tmp = makeTempDir('secrets');
    clock = new ManualClock();
    store = openStore(tmp.file('store.sqlite'), { clock });
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  const withEnv = (key: string | undefined) => new SecretStore(store, { env: { [MASTER_KEY_ENV]: key } });

  it('stores, reads, replaces and deletes a credential', async () => {
    const secrets = withEnv(randomBytes(32).toString('base64'));
    await secrets.set('WALMART_CLIENT_SECRET', VALUE);
    expect(await secrets.get('WALMART_CLIENT_SECRET')).toBe(VALUE);
    await secrets.set('WALMART_CLIENT_SECRET', 'another placeholder ✓');
    expect(await secrets.get('WALMART_CLIENT_SECRET')).toBe('another placeholder ✓');
    expect(await secrets.delete('WALMART_CLIENT_SECRET')).toBe(true);
    expect(await secrets.delete('WALMART_CLIENT_SECRET')).toBe(false);
    expect(await secrets.get('WALMART_CLIENT_SECRET')).toBeUndefined();
  });

  it('list returns names and update times only, never a value', async () => {
    const secrets = withEnv(randomBytes(32).toString('hex'));
    await secrets.set('PEOPLESOFT_USERNAME', 'VP1');
    clock.advance(5000);
    await secrets.set('PEOPLESOFT_PASSWORD', VALUE);
    const list = await secrets.list();
    expect(list).toEqual([
      { name: 'PEOPLESOFT_PASSWORD', updatedAt: clock.now() },
      { name: 'PEOPLESOFT_USERNAME', updatedAt: clock.now() - 5000 },
    ]);
    expect(JSON.stringify(list)).not.toContain(VALUE);
  });

  it('keeps values encrypted in the file: no plaintext, a fresh IV per write', async () => {
    const secrets = withEnv(randomBytes(32).toString('base64'));
    await secrets.set('WALMART_CLIENT_ID', VALUE);
    await secrets.set('WALMART_CLIENT_SECRET', VALUE);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(store.path).includes(Buffer.from(VALUE))).toBe(false);
    const rows = store.db.prepare('SELECT iv, ciphertext FROM secrets').all() as {
      iv: Buffer;
      ciphertext: Buffer;
    }[];
    expect(rows[0]!.iv).toHaveLength(12);
    expect(rows[0]!.iv.equals(rows[1]!.iv)).toBe(false);
    expect(rows[0]!.ciphertext.equals(rows[1]!.ciphertext)).toBe(false);
  });

  it('refuses unknown names and lists the valid ones', async () => {
    const secrets = withEnv(randomBytes(32).toString('base64'));
    await expect(secrets.set('WALMART_TOKEN', VALUE)).rejects.toThrow(UnknownSecretNameError);
    await expect(secrets.get('walmart_client_id')).rejects.toThrow(`valid names: ${SECRET_NAMES.join(', ')}`);
    await expect(secrets.delete('X')).rejects.toThrow(UnknownSecretNameError);
  });

  it('refuses an empty value', async () => {
    const secrets = withEnv(randomBytes(32).toString('base64'));
    await expect(secrets.set('PEOPLESOFT_PASSWORD', '')).rejects.toThrow(InvalidSecretValueError);
  });

  it('creates a key file with mode 0600 beside the store on the first set, and reuses it', async () => {
    const secrets = new SecretStore(store, { env: {} });
    expect(await secrets.get('PEOPLESOFT_PASSWORD')).toBeUndefined();
    expect(existsSync(`${store.path}.key`)).toBe(false);
    await secrets.set('PEOPLESOFT_PASSWORD', VALUE);
    expect(secrets.keyFile).toBe(`${store.path}.key`);
    expect(statSync(`${store.path}.key`).mode & 0o777).toBe(0o600);
    const later = new SecretStore(store, { env: {} });
    expect(await later.get('PEOPLESOFT_PASSWORD')).toBe(VALUE);
  });

  it('uses a configured key file path', async () => {
    const keyFile = tmp.file('keys/master.key');
    await new SecretStore(store, { env: {}, keyFile }).set('WALMART_CLIENT_ID', VALUE);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(existsSync(`${store.path}.key`)).toBe(false);
  });

  it('refuses a key file other users can read', async () => {
    await new SecretStore(store, { env: {} }).set('WALMART_CLIENT_ID', VALUE);
    chmodSync(`${store.path}.key`, 0o644);
    await expect(new SecretStore(store, { env: {} }).get('WALMART_CLIENT_ID')).rejects.toThrow(
      InsecureKeyFileError,
    );
  });

  it('says the key is missing when secrets are stored but the key file is gone', async () => {
    await new SecretStore(store, { env: {} }).set('WALMART_CLIENT_ID', VALUE);
    const elsewhere = new SecretStore(store, { env: {}, keyFile: tmp.file('missing.key') });
    await expect(elsewhere.get('WALMART_CLIENT_ID')).rejects.toThrow(MasterKeyMissingError);
  });

  it('a wrong key is reported as a key mismatch, without any value or key in the message', async () => {
    const right = randomBytes(32).toString('base64');
    const wrong = randomBytes(32).toString('base64');
    await withEnv(right).set('WALMART_CLIENT_SECRET', VALUE);
    const error = await withEnv(wrong)
      .get('WALMART_CLIENT_SECRET')
      .then(() => new Error('no error'))
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(SecretKeyMismatchError);
    expect(error.message).toMatch(/does not match/);
    expect(error.message).not.toContain(VALUE);
    expect(error.message).not.toContain(right);
    expect(error.message).not.toContain(wrong);
    await expect(withEnv(wrong).set('WALMART_CLIENT_ID', VALUE)).rejects.toThrow(SecretKeyMismatchError);
    expect(await withEnv(wrong).delete('WALMART_CLIENT_SECRET')).toBe(true);
    await withEnv(wrong).set('WALMART_CLIENT_ID', VALUE);
  });

  it('a value moved onto another name or altered in the file fails its integrity check', async () => {
    const secrets = withEnv(randomBytes(32).toString('base64'));
    await secrets.set('WALMART_CLIENT_ID', 'id-placeholder');
    await secrets.set('WALMART_CLIENT_SECRET', VALUE);
    store.db.exec(
      `UPDATE secrets SET (iv, tag, ciphertext) =
         (SELECT iv, tag, ciphertext FROM secrets WHERE name = 'WALMART_CLIENT_SECRET') WHERE name = 'WALMART_CLIENT_ID'`,
    );
    await expect(secrets.get('WALMART_CLIENT_ID')).rejects.toThrow(SecretCorruptedError);
    store.db.exec(
      "UPDATE secrets SET ciphertext = zeroblob(length(ciphertext)) WHERE name = 'WALMART_CLIENT_SECRET'",
    );
    await expect(secrets.get('WALMART_CLIENT_SECRET')).rejects.toThrow(SecretCorruptedError);
  });

  it('reports a malformed ML_CONNECTOR_MASTER_KEY without echoing it', async () => {
    const short = 'c2hvcnQta2V5';
    const error = await withEnv(short)
      .set('WALMART_CLIENT_ID', VALUE)
      .then(() => new Error('no error'))
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InvalidMasterKeyError);
    expect(error.message).toContain(MASTER_KEY_ENV);
    expect(error.message).not.toContain(short);
  });

  it('parseMasterKey accepts 32 bytes as hex, base64 or base64url and nothing else', () => {
    const key = randomBytes(32);
    expect(parseMasterKey(key.toString('hex'), 'x').equals(key)).toBe(true);
    expect(parseMasterKey(` ${key.toString('base64')}\n`, 'x').equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('base64url'), 'x').equals(key)).toBe(true);
    expect(() => parseMasterKey(randomBytes(16).toString('hex'), 'x')).toThrow(InvalidMasterKeyError);
    expect(() => parseMasterKey('not a key!', 'x')).toThrow(InvalidMasterKeyError);
  });

  it('a malformed key file is reported as such', async () => {
    writeFileSync(`${store.path}.key`, 'garbage\n', { mode: 0o600 });
    await expect(new SecretStore(store, { env: {} }).set('WALMART_CLIENT_ID', VALUE)).rejects.toThrow(
      /the key file .* must be 32 bytes/,
    );
  });
});
