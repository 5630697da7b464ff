import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_AWS_CREDENTIALS } from '../../test/aws/emulators.ts';
import { type SecretsManagerFake, startSecretsManagerFake } from '../../test/aws/secrets-manager-fake.ts';
import type { Clock } from '../ports.ts';
import { SecretFormatError, SecretUnavailableError } from './aws-errors.ts';
import { SecretsManagerCredentials } from './secrets-manager-credentials.ts';

const FAKE_SECRET = 'fixture-not-a-real-secret';

describe('SecretsManagerCredentials', () => {
  let fake: SecretsManagerFake;
  let client: SecretsManagerClient;
  let now = 0;
  const clock: Clock = { now: () => now, sleep: async () => {} };

  beforeAll(async () => {
    fake = await startSecretsManagerFake();
    client = new SecretsManagerClient({
      endpoint: fake.endpoint,
      region: 'us-east-1',
      credentials: TEST_AWS_CREDENTIALS,
    });
  });
  afterAll(async () => {
    client.destroy();
    await fake.stop();
  });

  const source = (walmart: string, peoplesoft: string, ttlMs?: number) =>
    new SecretsManagerCredentials({
      walmartSecretId: walmart,
      peoplesoftSecretId: peoplesoft,
      client,
      clock,
      ttlMs,
    });

  it('reads both secrets by ARN and by name', async () => {
    const wm = fake.put('wm-1', { clientId: 'wm-client', clientSecret: FAKE_SECRET });
    fake.put('ps-1', { type: 'basic', username: 'MLC_USER', password: FAKE_SECRET });
    const creds = source(wm, 'ps-1');
    expect(await creds.walmart()).toEqual({ clientId: 'wm-client', clientSecret: FAKE_SECRET });
    expect(await creds.peoplesoft()).toEqual({ type: 'basic', username: 'MLC_USER', password: FAKE_SECRET });
  });

  it('reads PeopleSoft OAuth2 client credentials, and a basic secret written without "type"', async () => {
    fake.put('ps-oauth', { type: 'oauth2', clientId: 'ps-client', clientSecret: FAKE_SECRET });
    fake.put('ps-plain', { username: 'MLC_USER', password: FAKE_SECRET });
    expect(await source('x', 'ps-oauth').peoplesoft()).toEqual({
      type: 'oauth2',
      clientId: 'ps-client',
      clientSecret: FAKE_SECRET,
    });
    expect((await source('x', 'ps-plain').peoplesoft()).type).toBe('basic');
  });

  it('caches a secret for the TTL, then reads it again and sees a rotation', async () => {
    fake.put('wm-cache', { clientId: 'old', clientSecret: FAKE_SECRET });
    const creds = source('wm-cache', 'none', 60_000);
    now = 1_000;
    await Promise.all([creds.walmart(), creds.walmart()]);
    expect(fake.reads('wm-cache')).toBe(1);
    fake.put('wm-cache', { clientId: 'new', clientSecret: FAKE_SECRET });
    now = 60_999;
    expect((await creds.walmart()).clientId).toBe('old');
    now = 61_000;
    expect((await creds.walmart()).clientId).toBe('new');
    expect(fake.reads('wm-cache')).toBe(2);
  });

  it('names the secret and the missing field, never the value', async () => {
    fake.put('wm-bad', { clientId: 'wm-client', clientsecret: FAKE_SECRET });
    const err = await source('wm-bad', 'x')
      .walmart()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretFormatError);
    expect((err as Error).message).toContain('wm-bad');
    expect((err as Error).message).toContain('clientSecret is missing');
    expect((err as Error).message).not.toContain(FAKE_SECRET);
  });

  it('never quotes a secret that is not JSON', async () => {
    fake.put('ps-text', `password=${FAKE_SECRET}`);
    const err = await source('x', 'ps-text')
      .peoplesoft()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretFormatError);
    expect((err as Error).message).toMatch(/ps-text: SecretString is not valid JSON/);
    expect((err as Error).message).not.toContain(FAKE_SECRET);
  });

  it('rejects an unknown PeopleSoft auth type', async () => {
    fake.put('ps-kerb', { type: 'kerberos', username: 'u', password: FAKE_SECRET });
    await expect(source('x', 'ps-kerb').peoplesoft()).rejects.toThrow(/type must be "basic" or "oauth2"/);
  });

  it('reports a missing secret or a denied read with the secret id, and retries next time', async () => {
    const missing = await source('no-such-secret', 'x')
      .walmart()
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SecretUnavailableError);
    expect((missing as Error).message).toContain(
      'secret no-such-secret from Secrets Manager (ResourceNotFoundException)',
    );

    fake.put('wm-denied', { clientId: 'a', clientSecret: FAKE_SECRET });
    const creds = source('wm-denied', 'x');
    fake.failWith('AccessDeniedException');
    await expect(creds.walmart()).rejects.toThrow(/AccessDeniedException.*secretsmanager:GetSecretValue/);
    fake.failWith(undefined);
    expect((await creds.walmart()).clientId).toBe('a');
  });
});
