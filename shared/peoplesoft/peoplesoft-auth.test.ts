import { afterEach, describe, expect, it } from 'vitest';
import { type Kit, rejectionOf, startKit } from '../../sandbox/peoplesoft/index.ts';
import type { PeopleSoftCredentials } from '../ports.ts';
import { PeopleSoftErp } from './peoplesoft-erp.ts';
import { PeopleSoftAuthError, PeopleSoftConfigError } from './peoplesoft-errors.ts';

let kit: Kit;
afterEach(() => kit?.close());

describe('PeopleSoft auth', () => {
  it('sends Basic credentials of the OPRID', async () => {
    kit = await startKit();
    await kit.erp.itemVendors();
    expect(kit.sandbox.requests('query').map((r) => [r.status, r.principal])).toEqual([[200, 'MLC_SANDBOX']]);
  });

  it('refuses a wrong password with an error naming the OPRID but not the password, without retrying', async () => {
    kit = await startKit();
    const erp = new PeopleSoftErp({
      config: kit.sandbox.peoplesoftConfig(),
      credentials: { type: 'basic', username: 'MLC_SANDBOX', password: 'Wrong-Password-123' },
      clock: kit.clock,
    });
    const e = await rejectionOf(erp.itemVendors());
    expect(e).toBeInstanceOf(PeopleSoftAuthError);
    expect(e.message).toContain('"MLC_SANDBOX"');
    expect(e.message).toContain('PEOPLESOFT_PASSWORD');
    expect(`${e.message} ${JSON.stringify(e)}`).not.toContain('Wrong-Password-123');
    expect(kit.sandbox.requestCount('query')).toBe(1);
  });

  it('reloads credentials once after a 401 when they come from a function (a rotated password)', async () => {
    kit = await startKit();
    const answers: PeopleSoftCredentials[] = [
      { type: 'basic', username: 'MLC_SANDBOX', password: 'old-password' },
      kit.sandbox.basicCredentials,
    ];
    const erp = new PeopleSoftErp({
      config: kit.sandbox.peoplesoftConfig(),
      credentials: async () => answers.shift() ?? kit.sandbox.basicCredentials,
      clock: kit.clock,
    });
    expect((await erp.itemVendors()).rows).toHaveLength(4);
    expect(kit.sandbox.requests('query').map((r) => r.status)).toEqual([401, 200]);
  });

  it('gets an OAuth2 token once, reuses it and renews it two minutes before it expires', async () => {
    kit = await startKit({ auth: 'oauth2', sandbox: { tokenExpiresInSec: 900 } });
    await kit.erp.itemVendors();
    await kit.erp.itemVendors();
    expect(kit.sandbox.tokensIssued()).toBe(1);
    kit.clock.advance(900_000 - 120_000 - 1_000);
    await kit.erp.itemVendors();
    expect(kit.sandbox.tokensIssued()).toBe(1);
    kit.clock.advance(2_000);
    await kit.erp.itemVendors();
    expect(kit.sandbox.tokensIssued()).toBe(2);
    expect(
      kit.sandbox.requests('query').every((r) => r.status === 200 && r.principal === 'mlc-sandbox-client'),
    ).toBe(true);
  });

  it('asks for one token however many calls start at once', async () => {
    kit = await startKit({ auth: 'oauth2' });
    await Promise.all([1, 2, 3, 4, 5].map(() => kit.erp.inventoryBalances(undefined)));
    expect(kit.sandbox.tokensIssued()).toBe(1);
    expect(kit.sandbox.requestCount('token')).toBe(1);
  });

  it('renews the token and retries once after a 401', async () => {
    kit = await startKit({ auth: 'oauth2' });
    await kit.erp.itemVendors();
    kit.sandbox.expireTokens();
    expect((await kit.erp.itemVendors()).rows).toHaveLength(4);
    expect(kit.sandbox.requests('query').map((r) => r.status)).toEqual([200, 401, 200]);
    expect(kit.sandbox.tokensIssued()).toBe(2);
  });

  it('gives up after the one retry when PeopleSoft keeps answering 401', async () => {
    kit = await startKit({ auth: 'oauth2' });
    kit.sandbox.faults.failAuthNext(5);
    const e = await rejectionOf(kit.erp.itemVendors());
    expect(e).toBeInstanceOf(PeopleSoftAuthError);
    expect(e.message).toContain('OAuth2 client "mlc-sandbox-client"');
    expect(kit.sandbox.requests('query').map((r) => r.status)).toEqual([401, 401]);
  });

  it('reports a refused client id without the secret or any token', async () => {
    kit = await startKit({ auth: 'oauth2' });
    const erp = new PeopleSoftErp({
      config: kit.sandbox.peoplesoftConfig({ auth: { type: 'oauth2' } }),
      credentials: { type: 'oauth2', clientId: 'mlc-sandbox-client', clientSecret: 'Not-The-Secret-42' },
      clock: kit.clock,
    });
    const e = await rejectionOf(erp.itemVendors());
    expect(e).toBeInstanceOf(PeopleSoftAuthError);
    expect(e.message).toContain('"mlc-sandbox-client"');
    expect(e.message).toContain('invalid_client');
    expect(`${e.message} ${JSON.stringify(e)}`).not.toContain('Not-The-Secret-42');
    expect(kit.sandbox.requestCount('query')).toBe(0);
  });

  it('sends the scope and can authenticate the client in the body', async () => {
    kit = await startKit({ auth: 'oauth2' });
    const erp = kit.client({ auth: { type: 'oauth2', scope: 'psft.query' } }, { tokenClientAuth: 'body' });
    await erp.itemVendors();
    expect(kit.sandbox.tokensIssued()).toBe(1);
  });

  it('turns a 403 into a permission error that says what to grant', async () => {
    kit = await startKit();
    kit.sandbox.faults.failNext(1, { status: 403, scope: 'query' });
    const e = await rejectionOf(kit.erp.itemVendors());
    expect(e).toBeInstanceOf(PeopleSoftAuthError);
    expect((e as PeopleSoftAuthError).status).toBe(403);
    expect(e.message).toContain('permission list');
  });

  it('refuses credentials of the other kind than auth.type', async () => {
    kit = await startKit();
    const erp = new PeopleSoftErp({
      config: kit.sandbox.peoplesoftConfig(),
      credentials: kit.sandbox.oauthCredentials,
      clock: kit.clock,
    });
    const e = await rejectionOf(erp.itemVendors());
    expect(e).toBeInstanceOf(PeopleSoftConfigError);
    expect(e.message).toContain('PEOPLESOFT_USERNAME');
  });
});
