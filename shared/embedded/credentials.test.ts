import { describe, expect, it } from 'vitest';
import { EnvOrStoreCredentials, MissingCredentialError, requiredCredentialNames } from './credentials.ts';

const store = (values: Record<string, string>) => ({ get: async (name: string) => values[name] });

describe('EnvOrStoreCredentials', () => {
  it('reads the environment first', async () => {
    const source = new EnvOrStoreCredentials({
      peoplesoftAuthType: 'basic',
      env: { WALMART_CLIENT_ID: 'env-id', WALMART_CLIENT_SECRET: 'env-secret' },
      secrets: store({ WALMART_CLIENT_ID: 'stored-id', WALMART_CLIENT_SECRET: 'stored-secret' }),
    });
    expect(await source.walmart()).toEqual({ clientId: 'env-id', clientSecret: 'env-secret' });
  });

  it('falls back to the local store per variable, treating an empty variable as unset', async () => {
    const source = new EnvOrStoreCredentials({
      peoplesoftAuthType: 'basic',
      env: { PEOPLESOFT_USERNAME: 'VP1', PEOPLESOFT_PASSWORD: '' },
      secrets: store({ PEOPLESOFT_PASSWORD: 'stored-password' }),
    });
    expect(await source.peoplesoft()).toEqual({
      type: 'basic',
      username: 'VP1',
      password: 'stored-password',
    });
  });

  it('gives oauth2 client credentials when peoplesoft.auth.type is oauth2', async () => {
    const source = new EnvOrStoreCredentials({
      peoplesoftAuthType: 'oauth2',
      env: { PEOPLESOFT_CLIENT_ID: 'cid', PEOPLESOFT_USERNAME: 'VP1' },
      secrets: store({ PEOPLESOFT_CLIENT_SECRET: 'csecret' }),
    });
    expect(await source.peoplesoft()).toEqual({ type: 'oauth2', clientId: 'cid', clientSecret: 'csecret' });
  });

  it('names exactly the missing variables and both ways to set them, never a value', async () => {
    const source = new EnvOrStoreCredentials({
      peoplesoftAuthType: 'oauth2',
      env: { PEOPLESOFT_CLIENT_ID: 'cid-value', WALMART_CLIENT_ID: 'wm-id-value' },
    });
    const ps = (await source.peoplesoft().catch((e: unknown) => e)) as MissingCredentialError;
    expect(ps).toBeInstanceOf(MissingCredentialError);
    expect(ps.variables).toEqual(['PEOPLESOFT_CLIENT_SECRET']);
    expect(ps.message).toContain('peoplesoft.auth.type is "oauth2"');
    expect(ps.message).toContain('export PEOPLESOFT_CLIENT_SECRET=');
    expect(ps.message).toContain('ml-connector secrets set PEOPLESOFT_CLIENT_SECRET');
    expect(ps.message).not.toContain('cid-value');
    const wm = (await source.walmart().catch((e: unknown) => e)) as MissingCredentialError;
    expect(wm.variables).toEqual(['WALMART_CLIENT_SECRET']);
    expect(wm.message).not.toContain('wm-id-value');
  });

  it('lists every missing variable of a system at once', async () => {
    const source = new EnvOrStoreCredentials({ peoplesoftAuthType: 'basic', env: {}, secrets: store({}) });
    await expect(source.peoplesoft()).rejects.toMatchObject({
      variables: ['PEOPLESOFT_USERNAME', 'PEOPLESOFT_PASSWORD'],
    });
  });

  it('requiredCredentialNames follows the PeopleSoft auth type', () => {
    expect(requiredCredentialNames('basic')).toEqual([
      'WALMART_CLIENT_ID',
      'WALMART_CLIENT_SECRET',
      'PEOPLESOFT_USERNAME',
      'PEOPLESOFT_PASSWORD',
    ]);
    expect(requiredCredentialNames('oauth2').slice(2)).toEqual([
      'PEOPLESOFT_CLIENT_ID',
      'PEOPLESOFT_CLIENT_SECRET',
    ]);
  });
});
