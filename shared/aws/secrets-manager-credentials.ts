/**
 * Credentials of both systems from AWS Secrets Manager, cached across warm invocations.
 *
 * Secret shapes (JSON SecretString):
 * - Walmart: `{"clientId":"…","clientSecret":"…"}`
 * - PeopleSoft: `{"type":"basic","username":"…","password":"…"}` or `{"type":"oauth2","clientId":"…","clientSecret":"…"}`
 *
 * Errors name the secret (ARN or name) and the field, never a value: not even a JSON parser message,
 * which quotes the text it failed on.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  type Clock,
  type CredentialSource,
  type PeopleSoftCredentials,
  systemClock,
  type WalmartCredentials,
} from '../ports.ts';
import { SecretFormatError, SecretUnavailableError } from './aws-errors.ts';

interface SecretsManagerCredentialsOptions {
  walmartSecretId: string;
  peoplesoftSecretId: string;
  client?: SecretsManagerClient;
  /** How long a secret is reused before it is read again (default 5 minutes: rotations are picked up). */
  ttlMs?: number;
  clock?: Clock;
}

const WALMART_SHAPE = '{"clientId":"…","clientSecret":"…"}';
const PEOPLESOFT_SHAPE =
  '{"type":"basic","username":"…","password":"…"} or {"type":"oauth2","clientId":"…","clientSecret":"…"}';

interface Cached {
  at: number;
  value: Promise<Record<string, unknown>>;
}

/** CredentialSource over two Secrets Manager secrets. */
export class SecretsManagerCredentials implements CredentialSource {
  private readonly client: SecretsManagerClient;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly options: SecretsManagerCredentialsOptions) {
    this.client = options.client ?? new SecretsManagerClient({});
    this.clock = options.clock ?? systemClock;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
  }

  /** Walmart client id and secret. */
  async walmart(): Promise<WalmartCredentials> {
    const id = this.options.walmartSecretId;
    const json = await this.read(id, WALMART_SHAPE);
    return {
      clientId: requireString(json, id, 'clientId', WALMART_SHAPE),
      clientSecret: requireString(json, id, 'clientSecret', WALMART_SHAPE),
    };
  }

  /** PeopleSoft basic (OPRID and password) or OAuth2 client credentials. */
  async peoplesoft(): Promise<PeopleSoftCredentials> {
    const id = this.options.peoplesoftSecretId;
    const json = await this.read(id, PEOPLESOFT_SHAPE);
    // A secret without "type" but with a username is the common hand-made basic secret.
    const type = json.type ?? (json.username !== undefined ? 'basic' : undefined);
    if (type === 'basic') {
      return {
        type: 'basic',
        username: requireString(json, id, 'username', PEOPLESOFT_SHAPE),
        password: requireString(json, id, 'password', PEOPLESOFT_SHAPE),
      };
    }
    if (type === 'oauth2') {
      return {
        type: 'oauth2',
        clientId: requireString(json, id, 'clientId', PEOPLESOFT_SHAPE),
        clientSecret: requireString(json, id, 'clientSecret', PEOPLESOFT_SHAPE),
      };
    }
    throw new SecretFormatError(
      id,
      'type',
      type === undefined ? 'is missing' : 'must be "basic" or "oauth2"',
      PEOPLESOFT_SHAPE,
    );
  }

  /** Forgets cached secrets so the next call reads them again (e.g. after a rotation was announced). */
  clear(): void {
    this.cache.clear();
  }

  private read(secretId: string, shape: string): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    const hit = this.cache.get(secretId);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = this.fetch(secretId, shape);
    this.cache.set(secretId, { at: now, value });
    // A failed read is not cached: the next invocation tries again.
    value.catch(() => {
      if (this.cache.get(secretId)?.value === value) this.cache.delete(secretId);
    });
    return value;
  }

  private async fetch(secretId: string, shape: string): Promise<Record<string, unknown>> {
    let text: string | undefined;
    try {
      const res = await this.client.send(new GetSecretValueCommand({ SecretId: secretId }));
      text = res.SecretString;
    } catch (e) {
      const code = (e as { name?: string }).name ?? 'Error';
      throw new SecretUnavailableError(secretId, code, { cause: e });
    }
    if (text === undefined) {
      throw new SecretFormatError(
        secretId,
        'SecretString',
        'is missing (binary secrets are not read)',
        shape,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SecretFormatError(secretId, 'SecretString', 'is not valid JSON', shape);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new SecretFormatError(secretId, 'SecretString', 'is not a JSON object', shape);
    }
    return parsed as Record<string, unknown>;
  }
}

function requireString(
  json: Record<string, unknown>,
  secretId: string,
  field: string,
  shape: string,
): string {
  const v = json[field];
  if (v === undefined || v === null) throw new SecretFormatError(secretId, field, 'is missing', shape);
  if (typeof v !== 'string' || v.trim() === '') {
    throw new SecretFormatError(secretId, field, 'must be a non-empty string', shape);
  }
  return v;
}
