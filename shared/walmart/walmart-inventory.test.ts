import { describe, expect, it } from 'vitest';
import { useWalmartPairs } from '../../sandbox/walmart/index.ts';
import { ThrottledError } from '../http/index.ts';
import { WalmartApiError, WalmartNetworkError } from './walmart-errors.ts';
import { encodeWalmartParam } from './walmart-inventory.ts';

const pair = useWalmartPairs();

const INVENTORY = { 'SKU-1': 5, 'A&B/C 50%': 3, 'x@y!': 1 };

describe('encodeWalmartParam', () => {
  it("encodes every character Walmart lists, including ! ' ( ) *", () => {
    expect(encodeWalmartParam("a:b/c?d#e[f]g@h!i$j&k'l(m)n*o+p,q;r=s t{u}v%w")).toBe(
      'a%3Ab%2Fc%3Fd%23e%5Bf%5Dg%40h%21i%24j%26k%27l%28m%29n%2Ao%2Bp%2Cq%3Br%3Ds%20t%7Bu%7Dv%25w',
    );
    expect(encodeWalmartParam('9A4EF01BA2114E70BFD0D6D12AAFEC15@AUoBAgA')).toBe(
      '9A4EF01BA2114E70BFD0D6D12AAFEC15%40AUoBAgA',
    );
  });
});

describe('WalmartMarketplace inventory', () => {
  it('reads quantities, encoding awkward SKUs, and returns undefined for an unknown SKU', async () => {
    const { walmart, sandbox } = await pair({ inventory: INVENTORY });
    expect(await walmart.getInventory('SKU-1')).toBe(5);
    expect(await walmart.getInventory('A&B/C 50%')).toBe(3);
    expect(await walmart.getInventory('x@y!')).toBe(1);
    expect(await walmart.getInventory('NOPE')).toBeUndefined();
    const queries = sandbox.requests.filter((r) => r.endpoint === 'inventory').map((r) => r.query);
    expect(queries).toContain('?sku=A%26B%2FC%2050%25');
    expect(queries).toContain('?sku=x%40y%21');
  });

  it('puts a quantity with the body Walmart expects', async () => {
    const { walmart, sandbox } = await pair({ inventory: INVENTORY });
    expect(await walmart.putInventory('A&B/C 50%', 12)).toEqual({ sku: 'A&B/C 50%', ok: true });
    expect(sandbox.inventory.get('A&B/C 50%')).toBe(12);
    const put = sandbox.requests.find((r) => r.method === 'PUT')!;
    expect(JSON.parse(put.body!)).toEqual({ sku: 'A&B/C 50%', quantity: { unit: 'EACH', amount: 12 } });
    expect(put.headers['content-type']).toBe('application/json');
    expect(put.headers.accept).toBe('application/json');
    expect(put.headers['wm_svc.name']).toBe('Walmart Marketplace');
    expect(put.headers['wm_qos.correlation_id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses a fresh correlation id for every call, and keeps it across the retries of one call', async () => {
    const { walmart, sandbox } = await pair({ inventory: INVENTORY });
    await walmart.getInventory('SKU-1');
    await walmart.getInventory('SKU-1');
    await walmart.putInventory('SKU-1', 2);
    const ids = sandbox.requests.map((r) => r.headers['wm_qos.correlation_id']);
    expect(new Set(ids).size).toBe(ids.length);

    sandbox.knobs.failNext.inventory = 2;
    const before = sandbox.requests.length;
    await walmart.getInventory('SKU-1');
    const retried = sandbox.requests.slice(before).map((r) => r.headers['wm_qos.correlation_id']);
    expect(retried).toHaveLength(3);
    expect(new Set(retried).size).toBe(1);
    expect(ids).not.toContain(retried[0]);
  });

  it('reports an unknown SKU on put as a non-retryable result', async () => {
    const { walmart } = await pair({ inventory: INVENTORY });
    const r = await walmart.putInventory('NOPE', 3);
    expect(r).toMatchObject({
      sku: 'NOPE',
      ok: false,
      retryable: false,
      code: 'CONTENT_NOT_FOUND.GMP_INVENTORY_API',
    });
    expect(r.message).toContain('NOPE');
  });

  it('refuses a quantity Walmart would reject without calling Walmart', async () => {
    const { walmart, sandbox } = await pair({ inventory: INVENTORY });
    expect(await walmart.putInventory('SKU-1', 2.5)).toMatchObject({ ok: false, code: 'INVALID_QUANTITY' });
    expect(await walmart.putInventory('SKU-1', -1)).toMatchObject({ ok: false, retryable: false });
    expect(sandbox.counters.inventory.requests).toBe(0);
  });

  it('retries a 5xx and succeeds', async () => {
    const { walmart, sandbox } = await pair({ inventory: INVENTORY });
    sandbox.knobs.failNext.inventory = 2;
    expect(await walmart.putInventory('SKU-1', 9)).toEqual({ sku: 'SKU-1', ok: true });
    expect(sandbox.counters.inventory.statuses).toEqual({ '500': 2, '200': 1 });
  });

  it('reports persistent 5xx as retryable, after the configured retries', async () => {
    const { walmart, sandbox } = await pair({ inventory: INVENTORY }, { maxRetries: 2 });
    sandbox.knobs.failStatus = 503;
    sandbox.knobs.failNext.inventory = 10;
    expect(await walmart.putInventory('SKU-1', 9)).toMatchObject({
      ok: false,
      retryable: true,
      code: 'HTTP_503',
    });
    expect(sandbox.counters.inventory.requests).toBe(3);
    const err = await walmart.getInventory('SKU-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartApiError);
    expect((err as WalmartApiError).retryable).toBe(true);
  });

  it('does not retry a 400', async () => {
    const { walmart, sandbox } = await pair({ inventory: INVENTORY });
    const r = await walmart.putInventory('', 3);
    expect(r.ok).toBe(false);
    expect(sandbox.counters.inventory.requests).toBe(0);
    // A 400 from Walmart itself: the sandbox refuses a missing sku parameter.
    const res = await walmart.getInventory('').catch((e: unknown) => e);
    expect(res).toBeInstanceOf(WalmartApiError);
    expect((res as WalmartApiError).status).toBe(400);
    expect((res as WalmartApiError).field).toBe('sku');
    expect(sandbox.counters.inventory.requests).toBe(1);
  });

  it('honours 429 from x-next-replenish-time, then from Retry-After', async () => {
    const { walmart, sandbox, clock } = await pair({ inventory: INVENTORY });
    await walmart.getInventory('SKU-1');
    sandbox.knobs.throttleNext.inventory = 1;
    sandbox.knobs.throttleWaitMs = 4_000;
    const before = clock.sleeps.length;
    expect(await walmart.getInventory('SKU-1')).toBe(5);
    expect(clock.sleeps.slice(before)).toEqual([4_000]);
    sandbox.knobs.throttleNext.inventory = 1;
    sandbox.knobs.retryAfterSeconds = 2;
    const mark = clock.sleeps.length;
    expect(await walmart.putInventory('SKU-1', 4)).toEqual({ sku: 'SKU-1', ok: true });
    expect(clock.sleeps.slice(mark)).toEqual([2_000]);
    expect(sandbox.counters.inventory.statuses['429']).toBe(2);
  });

  it("paces itself by Walmart's token bucket headers", async () => {
    const { walmart, sandbox, clock } = await pair({
      inventory: INVENTORY,
      rateLimits: { inventory: { capacity: 3, perSecond: 0.5 } },
    });
    for (let i = 0; i < 6; i++) expect(await walmart.getInventory('SKU-1')).toBe(5);
    // The bucket ran empty after three calls; the client waited for replenishment instead of hitting 429.
    expect(sandbox.counters.inventory.statuses['429']).toBeUndefined();
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6_000);
  });

  it('reports throttling that outlasts the retries as retryable', async () => {
    const { walmart, sandbox } = await pair({ inventory: INVENTORY }, { maxRetries: 1 });
    await walmart.getInventory('SKU-1');
    sandbox.knobs.throttleNext.inventory = 5;
    expect(await walmart.putInventory('SKU-1', 1)).toMatchObject({
      ok: false,
      retryable: true,
      code: 'REQUEST_THRESHOLD_VIOLATED',
    });
    const err = await walmart.getInventory('SKU-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThrottledError);
  });

  it('carries the correlation id in a network error', async () => {
    const { walmart, sandbox } = await pair({ inventory: INVENTORY }, { maxRetries: 1 });
    await walmart.getInventory('SKU-1');
    sandbox.knobs.dropNext.inventory = 2;
    const err = await walmart.getInventory('SKU-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartNetworkError);
    expect((err as WalmartNetworkError).correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect((err as Error).message).toContain((err as WalmartNetworkError).correlationId);
  });

  it('acknowledges an order', async () => {
    const NOW = Date.UTC(2026, 0, 15, 12);
    const { walmart, sandbox } = await pair({
      orders: [
        {
          purchaseOrderId: '1796277083022',
          customerOrderId: '1',
          orderDate: NOW - 60_000,
          lines: [
            { lineNumber: '1', sku: 'SKU-1', quantity: 1, status: 'Created' },
            { lineNumber: '2', sku: 'SKU-1', quantity: 1, status: 'Cancelled' },
          ],
        },
      ],
    });
    await walmart.acknowledge('1796277083022');
    const statuses = sandbox.orders
      .get('1796277083022')!
      .orderLines.orderLine.map((l) => l.orderLineStatuses.orderLineStatus.at(-1)!.status);
    expect(statuses).toEqual(['Acknowledged', 'Cancelled']);
    const ack = sandbox.requests.find((r) => r.endpoint === 'acknowledge')!;
    expect(ack.path).toBe('/v3/orders/1796277083022/acknowledge');
    const err = await walmart.acknowledge('404404').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartApiError);
    expect((err as WalmartApiError).code).toBe('CONTENT_NOT_FOUND.GMP_ORDER_API');
  });
});
