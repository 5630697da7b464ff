import { describe, expect, it } from 'vitest';
import { generateOrders, useWalmartPairs, type WalmartPair } from '../../sandbox/walmart/index.ts';
import type { WorldOrder } from '../../sandbox/world.ts';
import type { OrderLine, OrderLineResult } from '../domain/index.ts';
import type { OrderWindow } from '../ports.ts';
import { WalmartApiError, WalmartResponseError } from './walmart-errors.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SKUS = ['SKU-A', 'SKU-B', 'SKU-C', 'SKU/D 1'];

const pair = useWalmartPairs();

async function collect(it: AsyncIterable<OrderLineResult>): Promise<OrderLineResult[]> {
  const out: OrderLineResult[] = [];
  for await (const r of it) out.push(r);
  return out;
}

const okLines = (rs: OrderLineResult[]): OrderLine[] => rs.flatMap((r) => (r.ok ? [r.line] : []));
const lineCount = (orders: WorldOrder[]) => orders.reduce((n, o) => n + o.lines.length, 0);
const created = (start: number, end: number): OrderWindow => ({ start, end, by: 'created' });
const firstPages = (p: WalmartPair) =>
  p.sandbox.requests.filter((r) => r.endpoint === 'orders' && !r.query.includes('hasMoreElements'));

describe('WalmartMarketplace.orderLines', () => {
  it('pages 2,000 orders by following nextCursor verbatim', async () => {
    const orders = generateOrders({
      count: 2_000,
      skus: SKUS,
      seed: 7,
      start: NOW - 20 * HOUR,
      end: NOW - HOUR,
    });
    const p = await pair({ orders });
    const results = await collect(p.walmart.orderLines(created(NOW - 22 * HOUR, NOW)));
    const lines = okLines(results);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(lines).toHaveLength(lineCount(orders));
    expect(new Set(lines.map((l) => l.purchaseOrderId)).size).toBe(2_000);

    const orderCalls = p.sandbox.requests.filter((r) => r.endpoint === 'orders');
    expect(orderCalls).toHaveLength(10);
    expect(orderCalls.every((r) => r.status === 200)).toBe(true);
    expect(orderCalls[0]!.query).toContain('limit=200');
    expect(p.sandbox.issuedCursors).toHaveLength(9);
    // Each page after the first was requested with the previous page's cursor, byte for byte.
    expect(orderCalls.slice(1).map((r) => r.query)).toEqual(p.sandbox.issuedCursors);
    expect(p.sandbox.issuedCursors[0]).toMatch(/^\?limit=200&hasMoreElements=true&soIndex=2000&poIndex=200&/);
    expect(p.sandbox.issuedCursors[0]).toContain('createdEndDate=2026-01-15T12%3A00%3A00.000Z');
  });

  it('maps Walmart fields onto domain order lines', async () => {
    const order: WorldOrder = {
      purchaseOrderId: '1796277083022',
      customerOrderId: '5281956426648',
      orderDate: NOW - 2 * HOUR,
      lines: [
        { lineNumber: '1', sku: 'SKU-A', quantity: 3, status: 'Created' },
        { lineNumber: '2', sku: 'SKU/D 1', quantity: 1, status: 'Shipped', statusDate: NOW - HOUR },
      ],
    };
    const p = await pair({ orders: [order] });
    const lines = okLines(await collect(p.walmart.orderLines(created(NOW - DAY, NOW))));
    expect(lines).toEqual([
      expect.objectContaining({
        purchaseOrderId: '1796277083022',
        lineNumber: '1',
        customerOrderId: '5281956426648',
        orderDate: NOW - 2 * HOUR,
        sku: 'SKU-A',
        quantity: 3,
        unit: 'EACH',
        status: 'Created',
        statusDate: NOW - 2 * HOUR,
      }),
      expect.objectContaining({ lineNumber: '2', sku: 'SKU/D 1', status: 'Shipped', statusDate: NOW - HOUR }),
    ]);
    expect(typeof lines[0]!.productName).toBe('string');
  });

  it('splits windows longer than 24 h', async () => {
    const orders = generateOrders({ count: 300, skus: SKUS, seed: 3, start: NOW - 70 * HOUR, end: NOW });
    const p = await pair({ orders });
    const lines = okLines(await collect(p.walmart.orderLines(created(NOW - 72 * HOUR, NOW))));
    expect(lines).toHaveLength(lineCount(orders));
    const windows = firstPages(p).map((r) => {
      const q = new URLSearchParams(r.query);
      return [Date.parse(q.get('createdStartDate')!), Date.parse(q.get('createdEndDate')!)] as const;
    });
    expect(windows).toHaveLength(3);
    for (const [s, e] of windows) expect(e - s).toBeLessThanOrEqual(DAY);
    expect(windows[0]![0]).toBe(NOW - 72 * HOUR);
    expect(windows[2]![1]).toBe(NOW);
  });

  it('splits a window whose totalCount exceeds the per-query maximum, and reads every order', async () => {
    const orders = generateOrders({ count: 260, skus: SKUS, seed: 11, start: NOW - 10 * HOUR, end: NOW });
    const p = await pair(
      { orders, knobs: { maxOrdersPerQuery: 50 } },
      { maxOrdersPerQuery: 50, ordersPageLimit: 20 },
    );
    const lines = okLines(await collect(p.walmart.orderLines(created(NOW - 10 * HOUR, NOW))));
    expect(new Set(lines.map((l) => `${l.purchaseOrderId}#${l.lineNumber}`)).size).toBe(lineCount(orders));
    expect(p.sandbox.counters.orders.statuses['400']).toBeUndefined();
    expect(firstPages(p).length).toBeGreaterThan(8);
  });

  it('without splitting, the sandbox refuses to page past its maximum', async () => {
    const orders = generateOrders({ count: 120, skus: SKUS, seed: 5, start: NOW - 2 * HOUR, end: NOW });
    const p = await pair(
      { orders, knobs: { maxOrdersPerQuery: 50 } },
      { maxOrdersPerQuery: 1_000, ordersPageLimit: 20 },
    );
    const err = await collect(p.walmart.orderLines(created(NOW - 2 * HOUR, NOW))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartApiError);
    expect((err as WalmartApiError).code).toBe('INVALID_REQUEST_PARAM.GMP_ORDER_API');
  });

  it('reads an empty window as no lines, whether Walmart answers 404 or an empty list', async () => {
    const p404 = await pair({ orders: [] });
    expect(await collect(p404.walmart.orderLines(created(NOW - HOUR, NOW)))).toEqual([]);
    expect(p404.sandbox.counters.orders.statuses['404']).toBe(1);
    const pEmpty = await pair({ orders: [], knobs: { emptyOrders: 'empty-list' } });
    expect(await collect(pEmpty.walmart.orderLines(created(NOW - HOUR, NOW)))).toEqual([]);
    expect(pEmpty.sandbox.counters.orders.statuses['200']).toBe(1);
  });

  it('never asks for orders older than 180 days', async () => {
    const recent = generateOrders({
      count: 5,
      skus: SKUS,
      seed: 2,
      start: NOW - 179 * DAY,
      end: NOW - 178 * DAY,
    });
    const p = await pair({ orders: recent });
    const lines = okLines(await collect(p.walmart.orderLines(created(NOW - 200 * DAY, NOW - 177 * DAY))));
    expect(lines).toHaveLength(lineCount(recent));
    const starts = firstPages(p).map((r) =>
      Date.parse(new URLSearchParams(r.query).get('createdStartDate')!),
    );
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(NOW - 180 * DAY);
    expect(p.sandbox.counters.orders.statuses['400']).toBeUndefined();
    expect(await collect(p.walmart.orderLines(created(NOW - 300 * DAY, NOW - 190 * DAY)))).toEqual([]);
  });

  it('reports an invalid line by field while its siblings succeed', async () => {
    const order: WorldOrder = {
      purchaseOrderId: '2000000000001',
      customerOrderId: '5000000000001',
      orderDate: NOW - HOUR,
      lines: [
        { lineNumber: '1', sku: 'SKU-A', quantity: 1, status: 'Created' },
        { lineNumber: '2', sku: 'SKU-B', quantity: 2, status: 'Created', defect: 'bad-quantity' },
        { lineNumber: '3', sku: 'SKU-C', quantity: 1, status: 'Created', defect: 'missing-sku' },
        { lineNumber: '4', sku: 'SKU-C', quantity: 4, status: 'Created' },
      ],
    };
    const next: WorldOrder = {
      ...order,
      purchaseOrderId: '2000000000002',
      orderDate: NOW - 2 * HOUR,
      lines: [order.lines[0]!],
    };
    const p = await pair({ orders: [order, next] });
    const results = await collect(p.walmart.orderLines(created(NOW - DAY, NOW)));
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true, true]);
    expect(results[1]).toEqual({
      ok: false,
      invalid: {
        purchaseOrderId: '2000000000001',
        lineNumber: '2',
        sku: 'SKU-B',
        field: 'orderLines.orderLine[1].orderLineQuantity.amount',
        message: 'is "two", expected a positive whole number',
      },
    });
    expect(results[2]).toMatchObject({
      ok: false,
      invalid: { lineNumber: '3', field: 'orderLines.orderLine[2].item.sku', message: 'is null' },
    });
  });

  it('finds cancellations through a lastModified window', async () => {
    const orders = generateOrders({
      count: 40,
      skus: SKUS,
      seed: 9,
      start: NOW - 10 * DAY,
      end: NOW - 9 * DAY,
    });
    const p = await pair({ orders });
    const target = orders[3]!;
    p.clock.advance(HOUR);
    p.sandbox.cancelLine(target.purchaseOrderId, '1');
    const results = await collect(
      p.walmart.orderLines({ start: NOW + HOUR - 10 * 60_000, end: NOW + 2 * HOUR, by: 'modified' }),
    );
    const lines = okLines(results);
    expect(new Set(lines.map((l) => l.purchaseOrderId))).toEqual(new Set([target.purchaseOrderId]));
    expect(lines.find((l) => l.lineNumber === '1')).toMatchObject({
      status: 'Cancelled',
      statusDate: NOW + HOUR,
    });
    const q = new URLSearchParams(firstPages(p)[0]!.query);
    expect(q.get('lastModifiedStartDate')).toBe(new Date(NOW + HOUR - 10 * 60_000).toISOString());
    // Without a created start Walmart would only look at the last 7 days; this order is 10 days old.
    expect(Date.parse(q.get('createdStartDate')!)).toBeLessThan(NOW - 170 * DAY);
  });

  it('reads several statuses of one line from the sandbox, before and after a partial cancellation', async () => {
    const orders: WorldOrder[] = [
      {
        purchaseOrderId: '9000000000001',
        customerOrderId: '5000000000001',
        orderDate: NOW - 2 * HOUR,
        lines: [
          {
            lineNumber: '1',
            sku: 'SKU-A',
            quantity: 3,
            status: 'Shipped',
            statuses: [
              { status: 'Shipped', quantity: 2 },
              { status: 'Cancelled', quantity: 1 },
            ],
          },
          { lineNumber: '2', sku: 'SKU-B', quantity: 4, status: 'Created' },
        ],
      },
    ];
    const p = await pair({ orders });
    const before = okLines(await collect(p.walmart.orderLines(created(NOW - 3 * HOUR, NOW))));
    expect(before.map((l) => [l.lineNumber, l.status, l.quantity, l.cancelledQuantity])).toEqual([
      ['1', 'Shipped', 2, 1],
      ['2', 'Created', 4, 0],
    ]);
    p.clock.advance(HOUR);
    p.sandbox.cancelPart('9000000000001', '2', 1);
    const after = okLines(
      await collect(p.walmart.orderLines({ start: NOW, end: NOW + 2 * HOUR, by: 'modified' })),
    );
    expect(after.find((l) => l.lineNumber === '2')).toMatchObject({
      status: 'Created',
      quantity: 3,
      cancelledQuantity: 1,
    });
  });

  it('retries a failed page and a dropped connection without losing lines', async () => {
    const orders = generateOrders({ count: 500, skus: SKUS, seed: 4, start: NOW - 5 * HOUR, end: NOW });
    const p = await pair({ orders });
    p.sandbox.knobs.failNext.orders = 2;
    p.sandbox.knobs.dropNext.orders = 1;
    const lines = okLines(await collect(p.walmart.orderLines(created(NOW - 6 * HOUR, NOW))));
    expect(lines).toHaveLength(lineCount(orders));
    expect(p.sandbox.counters.orders.statuses['500']).toBe(2);
    expect(p.sandbox.counters.orders.statuses.dropped).toBe(1);
  });

  it('reads a 206 partial page, reports what is missing, and fails the window so it is read again', async () => {
    const orders = generateOrders({ count: 30, skus: SKUS, seed: 9, start: NOW - 5 * HOUR, end: NOW - HOUR });
    const p = await pair({ orders });
    p.sandbox.knobs.partialNext.orders = 1;
    const got: OrderLineResult[] = [];
    const err = await (async () => {
      for await (const r of p.walmart.orderLines(created(NOW - 6 * HOUR, NOW))) got.push(r);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartResponseError);
    expect((err as Error).message).toContain(
      '206: SOME_CONTENT_NOT_FOUND.GMP_ORDER_API: Some of the orders could not be returned',
    );
    expect((err as Error).message).toContain('read again next poll');
    // Every order but the one Walmart left out was read.
    const seen = new Set(okLines(got).map((l) => l.purchaseOrderId));
    expect(seen.size).toBe(orders.length - 1);
    // The next read gets them all.
    const again = okLines(await collect(p.walmart.orderLines(created(NOW - 6 * HOUR, NOW))));
    expect(new Set(again.map((l) => l.purchaseOrderId)).size).toBe(orders.length);
  });

  it('gives the order-window hint only for a refused request, not for a server failure', async () => {
    const p = await pair({ orders: [] }, { maxRetries: 0 });
    p.sandbox.knobs.failNext.orders = 1;
    const err = await collect(p.walmart.orderLines(created(NOW - HOUR, NOW))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartApiError);
    expect((err as Error).message).not.toContain('order window dates');
  });

  it('does not retry a 400 and names the problem', async () => {
    const p = await pair({ orders: [] }, { ordersPageLimit: 200 });
    p.sandbox.knobs.maxOrdersPerQuery = 0;
    const err = await collect(p.walmart.orderLines(created(NOW - HOUR, NOW))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalmartApiError);
    const e = err as WalmartApiError;
    expect(e.status).toBe(400);
    expect(e.message).toContain('narrow the date range');
    expect(e.correlationId).toBe(p.sandbox.requests.at(-1)!.headers['wm_qos.correlation_id']);
    expect(p.sandbox.counters.orders.requests).toBe(1);
  });
});
