/**
 * The encrypted local credential store behind `ml-connector secrets set|list|delete`, kept in the `secrets`
 * table of the store file. Each value is sealed with AES-256-GCM under a random 96-bit IV, with the secret's
 * name as additional authenticated data, so a value copied onto another name fails to open.
 *
 * The master key comes from `ML_CONNECTOR_MASTER_KEY` (32 bytes, base64 or hex) or, when that is unset, from
 * a key file beside the store (`<store>.key`, mode 0600), created on the first `set`. A short HMAC of the key
 * stored with each value tells a wrong key apart from a tampered value without revealing the key.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../ports.ts';
import {
  InsecureKeyFileError,
  InvalidMasterKeyError,
  InvalidSecretValueError,
  MasterKeyMissingError,
  SecretCorruptedError,
  SecretKeyMismatchError,
  UnknownSecretNameError,
} from './secret-errors.ts';
import type { SqliteStore } from './sqlite-store.ts';

/** The credentials ml-connector reads (docs/configuration.md), by their environment variable names. */
export const SECRET_NAMES = [
  'WALMART_CLIENT_ID',
  'WALMART_CLIENT_SECRET',
  'PEOPLESOFT_USERNAME',
  'PEOPLESOFT_PASSWORD',
  'PEOPLESOFT_CLIENT_ID',
  'PEOPLESOFT_CLIENT_SECRET',
] as const;

export type SecretName = (typeof SECRET_NAMES)[number];

export const MASTER_KEY_ENV = 'ML_CONNECTOR_MASTER_KEY';

interface SecretStoreOptions {
  /** Key file used when the environment variable is unset. Default: the store path plus `.key`. */
  keyFile?: string;
  /** Where `ML_CONNECTOR_MASTER_KEY` is read from. Default `process.env`. */
  env?: Record<string, string | undefined>;
  clock?: Clock;
}

/** What `list()` shows: never a value. */
interface SecretInfo {
  name: SecretName;
  updatedAt: number;
}

interface SecretRow {
  name: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  key_check: string;
  updated_at: number;
}

interface MasterKey {
  key: Buffer;
  check: string;
  source: string;
}

/** True when `name` is one of SECRET_NAMES. */
export function isSecretName(name: string): name is SecretName {
  return (SECRET_NAMES as readonly string[]).includes(name);
}

/**
 * Decodes a master key written as 64 hex characters or base64 (standard or URL-safe) of exactly 32 bytes.
 * `source` names where it came from, for the error.
 */
export function parseMasterKey(text: string, source: string): Buffer {
  const t = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) key = Buffer.from(t, 'base64');
  if (key?.length !== 32) throw new InvalidMasterKeyError(source);
  return key;
}

export class SecretStore {
  readonly keyFile: string | undefined;
  readonly #store: SqliteStore;
  readonly #env: Record<string, string | undefined>;
  readonly #clock: Clock;
  #key: MasterKey | undefined;

  constructor(store: SqliteStore, options: SecretStoreOptions = {}) {
    this.#store = store;
    this.#env = options.env ?? process.env;
    this.#clock = options.clock ?? store.clock;
    this.keyFile = options.keyFile ?? (store.path === ':memory:' ? undefined : `${store.path}.key`);
  }

  /** Encrypts and stores (or replaces) a credential. */
  async set(name: string, value: string): Promise<void> {
    await this.#store.turn();
    const secretName = requireName(name);
    if (typeof value !== 'string' || value === '') throw new InvalidSecretValueError(secretName);
    const master = this.#masterKey(true)!;
    const others = this.#rows().filter((r) => r.key_check !== master.check && r.name !== secretName);
    if (others.length > 0)
      throw new SecretKeyMismatchError(
        master.source,
        others.map((r) => r.name),
      );
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', master.key, iv);
    cipher.setAAD(Buffer.from(secretName, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    this.#store.db
      .prepare(
        `INSERT INTO secrets (name, iv, tag, ciphertext, key_check, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET iv = excluded.iv, tag = excluded.tag, ciphertext = excluded.ciphertext,
           key_check = excluded.key_check, updated_at = excluded.updated_at`,
      )
      .run(secretName, iv, cipher.getAuthTag(), ciphertext, master.check, this.#clock.now());
  }

  /** The decrypted credential, or undefined when it is not stored. */
  async get(name: string): Promise<string | undefined> {
    const secretName = requireName(name);
    const row = this.#store.db
      .prepare<[string], SecretRow>('SELECT * FROM secrets WHERE name = ?')
      .get(secretName);
    if (!row) return undefined;
    const master = this.#masterKey(false);
    if (!master) throw new MasterKeyMissingError(this.keyFile ?? '(no key file)', MASTER_KEY_ENV);
    if (row.key_check !== master.check) throw new SecretKeyMismatchError(master.source, [secretName]);
    try {
      const decipher = createDecipheriv('aes-256-gcm', master.key, row.iv);
      decipher.setAAD(Buffer.from(secretName, 'utf8'));
      decipher.setAuthTag(row.tag);
      return Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretCorruptedError(secretName);
    }
  }

  /** Names and update times of the stored credentials; needs no key and never returns a value. */
  async list(): Promise<SecretInfo[]> {
    return this.#rows().map((r) => ({ name: r.name as SecretName, updatedAt: r.updated_at }));
  }

  /** Removes a credential; false when it was not stored. Needs no key, so a lost key can be recovered from. */
  async delete(name: string): Promise<boolean> {
    await this.#store.turn();
    const secretName = requireName(name);
    return this.#store.db.prepare('DELETE FROM secrets WHERE name = ?').run(secretName).changes === 1;
  }

  #rows(): SecretRow[] {
    return this.#store.db.prepare<[], SecretRow>('SELECT * FROM secrets ORDER BY name').all();
  }

  // The environment wins over the key file; the key file is created only when a value is about to be stored.
  #masterKey(create: boolean): MasterKey | undefined {
    if (this.#key) return this.#key;
    const fromEnv = this.#env[MASTER_KEY_ENV];
    let key: Buffer | undefined;
    let source: string;
    if (fromEnv !== undefined && fromEnv !== '') {
      source = `the environment variable ${MASTER_KEY_ENV}`;
      key = parseMasterKey(fromEnv, source);
    } else {
      if (!this.keyFile) {
        if (!create) return undefined;
        throw new MasterKeyMissingError('(an in-memory store has no key file)', MASTER_KEY_ENV);
      }
      source = `the key file ${this.keyFile}`;
      key = readKeyFile(this.keyFile, source) ?? (create ? createKeyFile(this.keyFile, source) : undefined);
      if (!key) return undefined;
    }
    const check = createHmac('sha256', key)
      .update('ml-connector secret store key check')
      .digest('hex')
      .slice(0, 16);
    this.#key = { key, check, source };
    return this.#key;
  }
}

function requireName(name: string): SecretName {
  if (!isSecretName(name)) throw new UnknownSecretNameError(String(name), SECRET_NAMES);
  return name;
}

function readKeyFile(path: string, source: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0)
    throw new InsecureKeyFileError(path);
  return parseMasterKey(text, source);
}

// Written to a temporary file and hard-linked into place: a crash never leaves a half-written key file, and
// when two processes race the loser reads the winner's key.
function createKeyFile(path: string, source: string): Buffer {
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
    return key;
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    return readKeyFile(path, source)!;
  } finally {
    rmSync(temp, { force: true });
  }
}
