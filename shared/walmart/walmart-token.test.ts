import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../memory/index.ts';
import { recordingLog, startWalmartSandbox, useWalmartPairs } from '../../sandbox/walmart/index.ts';
import { WalmartApiError, WalmartAuthError } from './walmart-errors.ts';
import { WalmartMarketplace } from './walmart-marketplace.ts';

const pair = useWalmartPairs();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const SKUS = { 'SKU-1': 5, 'SKU-2': 7 };

describe('Walmart token manager', () => {
  it('sends the client-credentials request Walmart expects', async () => {
    const { sandbox, walmart } = await pair({ inventory: SKUS });
    await walmart.getInventory('SKU-1');
    const tokenCall = sandbox.requests.find((r) => r.endpoint === 'token')!;
    expect(tokenCall.method).toBe('POST');
    expect(tokenCall.headers['wm_svc.name']).toBe('Walmart Marketplace');
    expect(tokenCall.headers['wm_qos.correlation_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokenCall.headers.accept).toBe('application/json');
    expect(tokenCall.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenCall.status).toBe(200);
  });

  it('reuses the token until 2 minutes before expiry, then refreshes', async () => {
    const { sandbox, walmart, clock } = await pair({ inventory: SKUS });
    await walmart.getInventory('SKU-1');
    expect(sandbox.tokensIssued()).toBe(1);
    clock.advance(780_000 - 1);
    await walmart.getInventory('SKU-1');
    expect(sandbox.tokensIssued()).toBe(1);
    clock.advance(1);
    await walmart.getInventory('SKU-2');
    expect(sandbox.tokensIssued()).toBe(2);
    expect(sandbox.counters.inventory.statuses['401']).toBeUndefined();
  });

  it('honours a shorter expires_in', async () => {
    const { sandbox, walmart, clock } = await pair({
      inventory: SKUS,
      knobs: { tokenExpiresInSeconds: 600 },
    });
    await walmart.getInventory('SKU-1');
    clock.advance(480_000);
    await walmart.getInventory('SKU-1');
    expect(sandbox.tokensIssued()).toBe(2);
  });

  it('shares one cached token between clients of the same client id', async () => {
    const { sandbox, walmart, clock } = await pair({ inventory: SKUS });
    await walmart.getInventory('SKU-1');
    const second = new WalmartMarketplace({
      baseUrl: sandbox.url,
      credentials: async () => ({ clientId: sandbox.clientId, clientSecret: sandbox.clientSecret }),
      clock,
    });
    await second.getInventory('SKU-2');
    expect(sandbox.tokensIssued()).toBe(1);
  });

  it('makes exactly one token request for 100 concurrent calls', async () => {
    const { sandbox, walmart } = await pair({ inventory: SKUS }, { limits: { inventory: null } });
    const results = await Promise.all(Array.from({ length: 100 }, () => walmart.getInventory('SKU-1')));
    expect(results.every((q) => q === 5)).toBe(true);
    expect(sandbox.tokensIssued()).toBe(1);
    expect(sandbox.counters.token.requests).toBe(1);
  });

  it('refreshes once and retries once when a token is revoked mid-run', async () => {
    const { sandbox, walmart } = await pair({ inventory: SKUS });
    expect(await walmart.getInventory('SKU-1')).toBe(5);
    sandbox.revokeTokens();
    sandbox.resetLog();
    expect(await walmart.getInventory('SKU-2')).toBe(7);
    expect(sandbox.counters.token.requests).toBe(1);
    expect(sandbox.counters.inventory.requests).toBe(2);
    expect(sandbox.counters.inventory.statuses).toEqual({ '401': 1, '200': 1 });
  });

  it('one refresh serves 100 concurrent calls refused after a revocation', async () => {
    const { sandbox, walmart } = await pair({ inventory: SKUS }, { limits: { inventory: null } });
    await walmart.getInventory('SKU-1');
    sandbox.revokeTokens();
    sandbox.resetLog();
    await Promise.all(Array.from({ length: 100 }, () => walmart.getInventory('SKU-1')));
    expect(sandbox.counters.token.requests).toBe(1);
  });

  it('treats the legacy 400 INVALID_TOKEN like a 401', async () => {
    // Walmart's clock runs ahead of ours: the token expires there before we would refresh it.
    const walmartClock = new ManualClock();
    const sandbox = await startWalmartSandbox({
      inventory: SKUS,
      clock: walmartClock,
      knobs: { expiredToken: 'legacy-invalid-token' },
    });
    closers.push(() => sandbox.close());
    const walmart = new WalmartMarketplace({
      baseUrl: sandbox.url,
      credentials: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
      clock: new ManualClock(),
    });
    await walmart.getInventory('SKU-1');
    walmartClock.advance(900_000);
    sandbox.resetLog();
    expect(await walmart.getInventory('SKU-1')).toBe(5);
    expect(sandbox.counters.inventory.statuses).toEqual({ '400': 1, '200': 1 });
    expect(sandbox.counters.token.requests).toBe(1);
  });

  it('gives up after one retry when Walmart keeps refusing fresh tokens', async () => {
    const { sandbox, walmart } = await pair({ inventory: SKUS, knobs: { refuseAllTokens: true } });
    const err = await walmart.getInventory('SKU-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartAuthError);
    expect((err as WalmartAuthError).status).toBe(401);
    expect((err as WalmartAuthError).message).toContain('permissions');
    expect(sandbox.counters.token.requests).toBe(2);
    expect(sandbox.counters.inventory.requests).toBe(2);
  });

  it('reports rejected credentials without leaking the secret', async () => {
    const log = recordingLog();
    const { sandbox, clock } = await pair({ inventory: SKUS });
    const secret = 'wrong-secret-value-123';
    const walmart = new WalmartMarketplace({
      baseUrl: sandbox.url,
      credentials: { clientId: sandbox.clientId, clientSecret: secret },
      clock,
      log,
    });
    const err = await walmart.getInventory('SKU-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartAuthError);
    const e = err as WalmartAuthError;
    expect(e.status).toBe(401);
    expect(e.code).toBe('UNAUTHORIZED.GMP_GATEWAY_API');
    expect(e.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.message).toContain('WALMART_CLIENT_SECRET');
    expect(e.message).not.toContain(secret);
    expect(JSON.stringify(log.lines)).not.toContain(secret);
    expect(sandbox.counters.token.requests).toBe(1);
  });

  it('never puts the access token in an error or a log line', async () => {
    const log = recordingLog();
    const { sandbox, walmart } = await pair({ inventory: SKUS }, { log });
    await walmart.getInventory('SKU-1');
    sandbox.knobs.failNext.inventory = 10;
    const err = await walmart.getInventory('SKU-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartApiError);
    const tokenReq = sandbox.requests.find((r) => r.endpoint === 'inventory')!;
    expect(tokenReq.headers['wm_sec.access_token']).toBe('[redacted]');
    const text = `${(err as Error).message} ${JSON.stringify(err)} ${JSON.stringify(log.lines)}`;
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
  });
});
