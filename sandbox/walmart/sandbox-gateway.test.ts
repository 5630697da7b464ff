import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  baseHeaders,
  call,
  closeSandboxes,
  type Json,
  NOW,
  sandbox,
  token,
  tokenOf,
} from './sandbox-test-calls.ts';

afterEach(closeSandboxes);

describe('sandbox token service', () => {
  it('issues a Walmart-shaped token for valid credentials', async () => {
    const { s } = await sandbox();
    const res = await tokenOf(s);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
    expect((body.access_token as string).length).toBeGreaterThan(500);
    expect(res.headers.get('x-current-token-count')).toMatch(/^\d+$/);
    expect(Number(res.headers.get('x-next-replenish-time'))).toBeGreaterThan(NOW);
  });

  it('answers XML when asked for XML', async () => {
    const { s } = await sandbox({ knobs: { tokenExpiresInSeconds: 300 } });
    const res = await tokenOf(s, { Accept: 'application/xml' });
    expect(await res.text()).toMatch(
      /^<\?xml.*<OAuthTokenDTO><accessToken>.+<\/accessToken><tokenType>Bearer<\/tokenType><expiresIn>300<\/expiresIn><\/OAuthTokenDTO>$/,
    );
  });

  it('names a missing required header', async () => {
    const { s } = await sandbox();
    for (const header of ['WM_SVC.NAME', 'WM_QOS.CORRELATION_ID']) {
      const res = await fetch(`${s.url}/v3/token`, {
        method: 'POST',
        headers: Object.fromEntries(
          Object.entries({
            ...baseHeaders(),
            Authorization: `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64')}`,
          }).filter(([k]) => k !== header),
        ),
        body: 'grant_type=client_credentials',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as Json).error[0]).toMatchObject({
        code: 'INVALID_REQUEST_HEADER.GMP_GATEWAY_API',
        field: header,
      });
    }
  });

  it('refuses bad credentials with the gateway 401 body, and a wrong grant with 400', async () => {
    const { s } = await sandbox();
    const bad = await tokenOf(s, { Authorization: `Basic ${Buffer.from('x:y').toString('base64')}` });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as Json).error[0]).toMatchObject({
      code: 'UNAUTHORIZED.GMP_GATEWAY_API',
      field: 'UNAUTHORIZED',
      severity: 'ERROR',
      category: 'DATA',
    });
    const grant = await tokenOf(s, {}, 'grant_type=password');
    expect(grant.status).toBe(400);
    expect(((await grant.json()) as Json).error[0].field).toBe('grant_type');
    expect(s.tokensIssued()).toBe(0);
  });
});

describe('sandbox gateway checks on business calls', () => {
  it('wants WM_SEC.ACCESS_TOKEN; a Bearer header alone is 401', async () => {
    const { s } = await sandbox({ inventory: { A: 1 } });
    const t = await token(s);
    expect(
      (await call(s, '/v3/inventory?sku=A', { headers: { Authorization: `Bearer ${t}` } })).res.status,
    ).toBe(401);
    expect((await call(s, '/v3/inventory?sku=A', { token: t })).res.status).toBe(200);
  });

  it('expires tokens after expires_in and forgets revoked ones', async () => {
    const { s, clock } = await sandbox({ inventory: { A: 1 } });
    const t = await token(s);
    clock.advance(899_999);
    expect((await call(s, '/v3/inventory?sku=A', { token: t })).res.status).toBe(200);
    clock.advance(1);
    const expired = await call(s, '/v3/inventory?sku=A', { token: t });
    expect(expired.res.status).toBe(401);
    expect(expired.json!.error[0].code).toBe('UNAUTHORIZED.GMP_GATEWAY_API');
    const t2 = await token(s);
    s.revokeTokens();
    expect((await call(s, '/v3/inventory?sku=A', { token: t2 })).res.status).toBe(401);
  });

  it('revokes tokens mid-run after a set number of requests', async () => {
    const { s } = await sandbox({ inventory: { A: 1 }, knobs: { revokeTokensAfterRequests: 2 } });
    const t = await token(s);
    expect((await call(s, '/v3/inventory?sku=A', { token: t })).res.status).toBe(200);
    expect((await call(s, '/v3/inventory?sku=A', { token: t })).res.status).toBe(200);
    expect((await call(s, '/v3/inventory?sku=A', { token: t })).res.status).toBe(401);
  });

  it('names a missing header and refuses non-JSON Accept', async () => {
    const { s } = await sandbox({ inventory: { A: 1 } });
    const t = await token(s);
    const noName = await fetch(`${s.url}/v3/inventory?sku=A`, {
      headers: {
        'WM_QOS.CORRELATION_ID': randomUUID(),
        'WM_SEC.ACCESS_TOKEN': t,
        Accept: 'application/json',
      },
    });
    expect(noName.status).toBe(400);
    expect(((await noName.json()) as Json).error[0].field).toBe('WM_SVC.NAME');
    expect(
      (await call(s, '/v3/inventory?sku=A', { token: t, headers: { Accept: 'application/xml' } })).res.status,
    ).toBe(406);
  });

  it('answers unknown paths and methods like the gateway', async () => {
    const { s } = await sandbox();
    const t = await token(s);
    expect((await call(s, '/v3/nothing', { token: t })).json!.error[0].code).toBe(
      'URI_NOT_FOUND.GMP_GATEWAY_API',
    );
    expect((await call(s, '/v3/orders', { token: t, method: 'DELETE' })).res.status).toBe(405);
  });
});

describe('sandbox throttling and faults', () => {
  it('meters each endpoint with a token bucket and answers 429 when empty', async () => {
    const { s, clock } = await sandbox({
      inventory: { A: 1 },
      rateLimits: { inventory: { capacity: 2, perSecond: 1 } },
    });
    const t = await token(s);
    const a = await call(s, '/v3/inventory?sku=A', { token: t });
    expect(a.res.headers.get('x-current-token-count')).toBe('1');
    const b = await call(s, '/v3/inventory?sku=A', { token: t });
    expect(b.res.headers.get('x-current-token-count')).toBe('0');
    expect(b.res.headers.get('x-next-replenish-time')).toBe(String(NOW + 1_000));
    const c = await call(s, '/v3/inventory?sku=A', { token: t });
    expect(c.res.status).toBe(429);
    expect(c.json!.error[0].code).toBe('REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API');
    expect(c.res.headers.get('retry-after')).toBeNull();
    clock.advance(1_000);
    expect((await call(s, '/v3/inventory?sku=A', { token: t })).res.status).toBe(200);
  });

  it('injects 429 bursts with Retry-After, failures and dropped connections', async () => {
    const { s } = await sandbox({ inventory: { A: 1 } });
    const t = await token(s);
    s.knobs.throttleNext.inventory = 1;
    s.knobs.retryAfterSeconds = 3;
    const throttled = await call(s, '/v3/inventory?sku=A', { token: t });
    expect(throttled.res.status).toBe(429);
    expect(throttled.res.headers.get('retry-after')).toBe('3');
    s.knobs.failNext.inventory = 1;
    expect((await call(s, '/v3/inventory?sku=A', { token: t })).json!.errors.error[0].code).toBe(
      'SYSTEM_ERROR.GMP_INVENTORY_API',
    );
    s.knobs.failNext.inventory = 1;
    s.knobs.failStatus = 503;
    const bare = await call(s, '/v3/inventory?sku=A', { token: t });
    expect([bare.res.status, bare.text]).toEqual([503, 'Service Unavailable']);
    s.knobs.dropNext.inventory = 1;
    await expect(call(s, '/v3/inventory?sku=A', { token: t })).rejects.toThrow();
    expect(s.counters.inventory.statuses).toEqual({ '429': 1, '500': 1, '503': 1, dropped: 1 });
    expect((await call(s, '/v3/inventory?sku=A', { token: t })).res.status).toBe(200);
  });

  it('fails a seeded share of requests, the same way for the same seed', async () => {
    const runs: number[][] = [];
    for (let i = 0; i < 2; i++) {
      const { s } = await sandbox({ inventory: { A: 1 }, seed: 99 });
      const t = await token(s);
      s.knobs.errorRate = 0.3;
      const statuses: number[] = [];
      for (let n = 0; n < 30; n++)
        statuses.push((await call(s, '/v3/inventory?sku=A', { token: t })).res.status);
      runs.push(statuses);
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]!.filter((x) => x === 500).length).toBeGreaterThan(2);
    expect(runs[0]!.filter((x) => x === 200).length).toBeGreaterThan(10);
  });

  it('logs requests without secrets', async () => {
    const { s } = await sandbox({ inventory: { A: 1 } });
    const t = await token(s);
    await call(s, '/v3/inventory?sku=A', { token: t });
    const text = JSON.stringify(s.requests);
    expect(text).not.toContain(t);
    expect(text).not.toContain(Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64'));
    expect(s.requests.map((r) => [r.endpoint, r.method, r.path, r.query, r.status])).toEqual([
      ['token', 'POST', '/v3/token', '', 200],
      ['inventory', 'GET', '/v3/inventory', '?sku=A', 200],
    ]);
  });
});
