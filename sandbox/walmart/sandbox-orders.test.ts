import { afterEach, describe, expect, it } from 'vitest';
import type { World } from '../world.ts';
import { generateOrders } from './generate-orders.ts';
import { call, closeSandboxes, DAY, HOUR, NOW, sandbox, token } from './sandbox-test-calls.ts';

afterEach(closeSandboxes);

describe('sandbox orders', () => {
  const orders = generateOrders({
    count: 25,
    skus: ['A', 'B'],
    seed: 1,
    start: NOW - 5 * DAY,
    end: NOW - HOUR,
  });

  it('lists newest first with totalCount and a Walmart-style cursor', async () => {
    const { s } = await sandbox({ orders, partnerId: '100009', sellerId: '8' });
    const t = await token(s);
    const start = new Date(NOW - 6 * DAY).toISOString();
    const { json } = await call(s, `/v3/orders?createdStartDate=${start}&limit=10`, { token: t });
    const list = json!.list;
    expect(list.meta.totalCount).toBe(25);
    expect(list.meta.limit).toBe(10);
    expect(list.meta.nextCursor).toBe(
      `?limit=10&hasMoreElements=true&soIndex=25&poIndex=10&partnerId=100009&sellerId=8&createdStartDate=${start}&createdEndDate=2026-01-15T12%3A00%3A00.000Z`,
    );
    const dates = list.elements.order.map((o: { orderDate: number }) => o.orderDate);
    expect(dates).toEqual([...dates].sort((a: number, b: number) => b - a));
    const page2 = await call(s, `/v3/orders${list.meta.nextCursor}`, { token: t });
    const page3 = await call(s, `/v3/orders${page2.json!.list.meta.nextCursor}`, { token: t });
    expect(page3.json!.list.elements.order).toHaveLength(5);
    expect(page3.json!.list.meta.nextCursor).toBeNull();
  });

  it('defaults to the last 7 days of orders', async () => {
    const old = generateOrders({
      count: 3,
      skus: ['A'],
      seed: 2,
      start: NOW - 20 * DAY,
      end: NOW - 10 * DAY,
      firstPurchaseOrderId: 1_700_000_000_000,
    });
    const { s } = await sandbox({ orders: [...orders, ...old] });
    const { json } = await call(s, '/v3/orders', { token: await token(s) });
    expect(json!.list.meta.totalCount).toBe(25);
  });

  it('refuses limit over 200, starts older than 180 days, repeated filters and tampered cursors', async () => {
    const { s } = await sandbox({ orders });
    const t = await token(s);
    const limit = await call(s, '/v3/orders?limit=201', { token: t });
    expect(limit.res.status).toBe(400);
    expect(limit.json!.errors.error[0]).toMatchObject({
      code: 'INVALID_REQUEST_PARAM.GMP_ORDER_API',
      field: 'limit',
    });
    const old = await call(s, `/v3/orders?createdStartDate=${new Date(NOW - 181 * DAY).toISOString()}`, {
      token: t,
    });
    expect(old.res.status).toBe(400);
    expect(old.json!.errors.error[0].field).toBe('createdStartDate');
    const dup = await call(s, '/v3/orders?limit=5&limit=5', { token: t });
    expect(dup.res.status).toBe(400);
    const first = await call(s, '/v3/orders?limit=5', { token: t });
    const cursor: string = first.json!.list.meta.nextCursor;
    const reencoded = cursor.replace(/%3A/g, ':');
    expect((await call(s, `/v3/orders${reencoded}`, { token: t })).res.status).toBe(400);
    expect((await call(s, `/v3/orders${cursor}&createdStartDate=2026-01-14`, { token: t })).res.status).toBe(
      400,
    );
    expect((await call(s, `/v3/orders${cursor}`, { token: t })).res.status).toBe(200);
  });

  it('answers an empty result with 404 CONTENT_NOT_FOUND (or an empty list when asked)', async () => {
    const { s } = await sandbox();
    const t = await token(s);
    const empty = await call(s, '/v3/orders', { token: t });
    expect(empty.res.status).toBe(404);
    expect(empty.json!.errors.error[0]).toMatchObject({
      code: 'CONTENT_NOT_FOUND.GMP_ORDER_API',
      severity: 'INFO',
      category: 'APPLICATION',
    });
    s.knobs.emptyOrders = 'empty-list';
    const list = await call(s, '/v3/orders', { token: t });
    expect(list.json).toEqual({
      list: { meta: { totalCount: 0, limit: 100, nextCursor: null }, elements: { order: [] } },
    });
  });

  it('filters by lastModified: a status change counts as a modification', async () => {
    const { s, clock } = await sandbox({ orders });
    clock.advance(HOUR);
    s.cancelLine(orders[0]!.purchaseOrderId, '1');
    const t = await token(s);
    const since = new Date(NOW).toISOString();
    const { json } = await call(
      s,
      `/v3/orders?lastModifiedStartDate=${since}&createdStartDate=${new Date(NOW - 30 * DAY).toISOString()}`,
      { token: t },
    );
    expect(json!.list.elements.order.map((o: { purchaseOrderId: string }) => o.purchaseOrderId)).toEqual([
      orders[0]!.purchaseOrderId,
    ]);
    const line = json!.list.elements.order[0].orderLines.orderLine[0];
    expect(line.statusDate).toBe(NOW + HOUR);
    expect(line.orderLineStatuses.orderLineStatus).toEqual([
      expect.objectContaining({
        status: 'Cancelled',
        cancellationReason: 'CUSTOMER_REQUESTED_SELLER_TO_CANCEL',
      }),
    ]);
  });

  it('acknowledges Created lines and returns the order', async () => {
    const { s, clock } = await sandbox({ orders });
    clock.advance(60_000);
    const po = orders[1]!.purchaseOrderId;
    const { json } = await call(s, `/v3/orders/${po}/acknowledge`, { token: await token(s), method: 'POST' });
    for (const line of json!.order.orderLines.orderLine) {
      expect(line.orderLineStatuses.orderLineStatus.at(-1).status).toBe('Acknowledged');
      expect(line.statusDate).toBe(NOW + 60_000);
    }
  });
});

describe('sandbox seeding', () => {
  it('renders World orders in Walmart JSON, defects included', async () => {
    const world: World = {
      businessUnit: 'US001',
      orders: [
        {
          purchaseOrderId: '1796277083022',
          customerOrderId: '5281956426648',
          orderDate: NOW - HOUR,
          lines: [
            { lineNumber: '1', sku: 'A', quantity: 2, status: 'Created' },
            { lineNumber: '2', sku: 'B', quantity: 1, status: 'Shipped', statusDate: NOW - 30 * 60_000 },
            { lineNumber: '3', sku: 'B', quantity: 1, status: 'Created', defect: 'missing-sku' },
            { lineNumber: '4', sku: 'B', quantity: 1, status: 'Created', defect: 'bad-quantity' },
            { lineNumber: '5', sku: 'B', quantity: 1, status: 'Created', defect: 'missing-quantity' },
          ],
        },
      ],
      vendors: [],
      items: [],
      itemVendors: [],
      schedules: [],
      balances: [],
      walmartInventory: { A: 4, B: 0 },
    };
    const { s } = await sandbox({ world });
    expect(new Map(s.inventory)).toEqual(
      new Map([
        ['A', 4],
        ['B', 0],
      ]),
    );
    // The seed is the starting point, not a quantity anybody set.
    expect(s.inventory.setsOf('A')).toEqual([]);
    const order = s.orders.get('1796277083022')!;
    const [l1, l2, l3, l4, l5] = order.orderLines.orderLine;
    expect(order.orderDate).toBe(NOW - HOUR);
    expect(order.shipNode).toEqual({
      type: 'SellerFulfilled',
      name: expect.any(String),
      id: expect.any(String),
    });
    expect(order.shippingInfo).toMatchObject({
      estimatedShipDate: expect.any(Number),
      postalAddress: { country: 'USA' },
    });
    expect(l1!.orderLineQuantity).toEqual({ unitOfMeasurement: 'EACH', amount: '2' });
    expect(l1!.orderLineStatuses.orderLineStatus[0]).toMatchObject({
      status: 'Created',
      trackingInfo: null,
      cancellationReason: null,
    });
    expect(l1!.refund).toBeNull();
    expect(l2!.statusDate).toBe(NOW - 30 * 60_000);
    expect(l2!.orderLineStatuses.orderLineStatus[0]!.trackingInfo).toMatchObject({
      trackingNumber: expect.any(String),
    });
    expect(l3!.item.sku).toBeNull();
    expect(l4!.orderLineQuantity!.amount).toBe('two');
    expect(l5!.orderLineQuantity).toBeNull();
  });

  it('generates the same orders from the same seed', () => {
    const a = generateOrders({ count: 50, skus: ['A', 'B', 'C'], seed: 5, start: NOW - DAY, end: NOW });
    const b = generateOrders({ count: 50, skus: ['A', 'B', 'C'], seed: 5, start: NOW - DAY, end: NOW });
    const c = generateOrders({ count: 50, skus: ['A', 'B', 'C'], seed: 6, start: NOW - DAY, end: NOW });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a.map((o) => o.purchaseOrderId)).size).toBe(50);
    expect(a.every((o) => o.orderDate >= NOW - DAY && o.orderDate < NOW && o.lines.length >= 1)).toBe(true);
    const mixed = generateOrders({
      count: 200,
      skus: ['A'],
      seed: 1,
      start: NOW - DAY,
      end: NOW,
      statusWeights: { Created: 1, Cancelled: 1 },
    });
    const statuses = new Set(mixed.flatMap((o) => o.lines.map((l) => l.status)));
    expect(statuses).toEqual(new Set(['Created', 'Cancelled']));
  });
});
