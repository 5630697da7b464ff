import { describe, expect, it } from 'vitest';
import { parseOrderLines, parseQuantity, parseWalmartInstant } from './order-parse.ts';

/** Walmart's own example order, trimmed, with the drift seen in real answers. */
function order(overrides: Record<string, unknown> = {}, lines?: unknown[]) {
  return {
    purchaseOrderId: '1796277083022',
    customerOrderId: '5281956426648',
    customerEmailId: '3A31739D8B0A45A1B23F7F8C81C8747F@relay.walmart.com',
    orderDate: 1568466571000,
    shippingInfo: { phone: '3155598681', methodCode: 'Value', postalAddress: null },
    orderLines: {
      orderLine: lines ?? [
        {
          lineNumber: '4',
          item: { productName: 'Laundry Bag', sku: 'test1', imageUrl: null },
          charges: { charge: [{ chargeType: 'PRODUCT', tax: null }] },
          orderLineQuantity: { unitOfMeasurement: 'EACH', amount: '1' },
          statusDate: 1568466647000,
          orderLineStatuses: {
            orderLineStatus: [
              { status: 'Created', statusQuantity: { unitOfMeasurement: 'EACH', amount: '1' } },
            ],
          },
          fulfillment: { fulfillmentOption: 'S2H', offerId: 'X', storeId: null },
          refund: null,
        },
      ],
    },
    shipNode: [],
    somethingNew: { nested: true },
    ...overrides,
  };
}

describe('parseWalmartInstant', () => {
  it('accepts epoch ms, numeric strings, epoch seconds and ISO dates', () => {
    expect(parseWalmartInstant(1568466571000)).toBe(1568466571000);
    expect(parseWalmartInstant('1568466571000')).toBe(1568466571000);
    expect(parseWalmartInstant(1568466571)).toBe(1568466571000);
    expect(parseWalmartInstant('2019-09-14T13:09:31Z')).toBe(1568466571000);
    for (const bad of [null, undefined, '', 'soon', -5, 0, {}, Number.NaN])
      expect(parseWalmartInstant(bad)).toBeUndefined();
  });
});

describe('parseQuantity', () => {
  it('takes whole positive numbers as string or number', () => {
    expect(parseQuantity('3')).toBe(3);
    expect(parseQuantity(' 2.0 ')).toBe(2);
    expect(parseQuantity(7)).toBe(7);
    for (const bad of ['0', '-1', '1.5', 'two', '', null, undefined, true])
      expect(parseQuantity(bad)).toBeUndefined();
  });
});

describe('parseOrderLines', () => {
  it('reads a real-shaped order, ignoring nulls, extra fields and shipNode: []', () => {
    expect(parseOrderLines(order())).toEqual([
      {
        ok: true,
        line: {
          purchaseOrderId: '1796277083022',
          lineNumber: '4',
          customerOrderId: '5281956426648',
          orderDate: 1568466571000,
          sku: 'test1',
          productName: 'Laundry Bag',
          quantity: 1,
          cancelledQuantity: 0,
          unit: 'EACH',
          status: 'Created',
          statusDate: 1568466647000,
        },
      },
    ]);
  });

  it('reads a status in any case, and accepts a lone object where a list is expected', () => {
    const line = {
      lineNumber: 1,
      item: { sku: 42 },
      orderLineQuantity: { unitOfMeasurement: 'ea', amount: 2 },
      statusDate: '1568466647000',
      orderLineStatuses: { orderLineStatus: { status: 'CANCELLED' } },
    };
    const [r] = parseOrderLines(
      order({ orderLines: { orderLine: line }, orderDate: '2019-09-14T13:09:31Z' }),
    );
    expect(r).toEqual({
      ok: true,
      line: expect.objectContaining({
        lineNumber: '1',
        sku: '42',
        quantity: 2,
        cancelledQuantity: 2,
        unit: 'EA',
        status: 'Cancelled',
      }),
    });
  });

  it('falls back to the order date when a line has no status date', () => {
    const [r] = parseOrderLines(
      order({}, [
        {
          lineNumber: '1',
          item: { sku: 'a' },
          orderLineQuantity: { amount: '1' },
          statusDate: null,
          orderLineStatuses: { orderLineStatus: [{ status: 'Shipped' }] },
        },
      ]),
    );
    expect(r).toMatchObject({
      ok: true,
      line: { statusDate: 1568466571000, unit: 'EACH', status: 'Shipped' },
    });
  });

  it('names the field of each broken line and keeps its siblings', () => {
    const good = order().orderLines.orderLine[0] as Record<string, unknown>;
    const results = parseOrderLines(
      order({}, [
        good,
        { ...good, lineNumber: '5', orderLineQuantity: { unitOfMeasurement: 'EACH', amount: '0' } },
        { ...good, lineNumber: '6', item: { sku: null } },
        { ...good, lineNumber: '7', orderLineStatuses: { orderLineStatus: [] } },
        { ...good, lineNumber: '8', orderLineStatuses: { orderLineStatus: [{ status: 'Teleported' }] } },
        { ...good, lineNumber: null },
        { ...good, lineNumber: '9', orderLineQuantity: null },
        'garbage',
      ]),
    );
    expect(results[0]!.ok).toBe(true);
    const invalid = results.slice(1).map((r) => (r.ok ? undefined : [r.invalid.lineNumber, r.invalid.field]));
    expect(invalid).toEqual([
      ['5', 'orderLines.orderLine[1].orderLineQuantity.amount'],
      ['6', 'orderLines.orderLine[2].item.sku'],
      ['7', 'orderLines.orderLine[3].orderLineStatuses.orderLineStatus'],
      ['8', 'orderLines.orderLine[4].orderLineStatuses.orderLineStatus[0].status'],
      ['?', 'orderLines.orderLine[5].lineNumber'],
      ['9', 'orderLines.orderLine[6].orderLineQuantity'],
      ['?', 'orderLines.orderLine[7]'],
    ]);
    expect(results[1]).toMatchObject({
      ok: false,
      invalid: { sku: 'test1', purchaseOrderId: '1796277083022' },
    });
  });

  it('reports order-level problems on every line', () => {
    const noDate = parseOrderLines(order({ orderDate: null }));
    expect(noDate).toEqual([
      {
        ok: false,
        invalid: {
          purchaseOrderId: '1796277083022',
          lineNumber: '4',
          sku: 'test1',
          field: 'orderDate',
          message: 'is null, expected epoch milliseconds',
        },
      },
    ]);
    expect(parseOrderLines(order({ purchaseOrderId: '' }))[0]).toMatchObject({
      ok: false,
      invalid: { purchaseOrderId: '?', field: 'purchaseOrderId' },
    });
    expect(parseOrderLines(order({ orderLines: null }))[0]).toMatchObject({
      ok: false,
      invalid: { lineNumber: '?', field: 'orderLines.orderLine' },
    });
    expect(parseOrderLines(null)).toEqual([
      { ok: false, invalid: { purchaseOrderId: '?', lineNumber: '?', field: 'order', message: 'is null' } },
    ]);
  });
});

describe('parseOrderLines: several statuses on one line', () => {
  const line = (amount: string, statuses: unknown[]) => ({
    lineNumber: '1',
    item: { productName: 'Gloves', sku: 'GLV-100' },
    orderLineQuantity: { unitOfMeasurement: 'EACH', amount },
    statusDate: 1568466647000,
    orderLineStatuses: { orderLineStatus: statuses },
  });
  const status = (s: string, amount?: string) =>
    amount === undefined
      ? { status: s }
      : { status: s, statusQuantity: { unitOfMeasurement: 'EACH', amount } };
  const parsed = (l: unknown) => {
    const [r] = parseOrderLines(order({}, [l]));
    if (!r?.ok) throw new Error(`not parsed: ${JSON.stringify(r)}`);
    return r.line;
  };

  it('2 Shipped + 1 Cancelled is a sale of 2 with 1 cancelled, whatever the order of the statuses', () => {
    for (const statuses of [
      [status('Shipped', '2'), status('Cancelled', '1')],
      [status('Cancelled', '1'), status('Shipped', '2')],
    ]) {
      expect(parsed(line('3', statuses))).toMatchObject({
        quantity: 2,
        cancelledQuantity: 1,
        status: 'Shipped',
      });
    }
  });

  it('adds up every actionable status and stands for the line by the latest of them', () => {
    const l = parsed(
      line('5', [
        status('Created', '1'),
        status('Shipped', '2'),
        status('Delivered', '1'),
        status('Cancelled', '1'),
      ]),
    );
    expect(l).toMatchObject({ quantity: 4, cancelledQuantity: 1, status: 'Delivered' });
  });

  it('a line whose statuses are all Cancelled is cancelled as a whole', () => {
    expect(parsed(line('3', [status('Cancelled', '2'), status('Cancelled', '1')]))).toMatchObject({
      quantity: 3,
      cancelledQuantity: 3,
      status: 'Cancelled',
    });
  });

  it('a single status without statusQuantity covers the whole line', () => {
    expect(parsed(line('3', [status('Created')]))).toMatchObject({ quantity: 3, cancelledQuantity: 0 });
    expect(parsed(line('3', [status('Cancelled')]))).toMatchObject({
      status: 'Cancelled',
      cancelledQuantity: 3,
    });
  });

  it('names the field when a status of several has no quantity, or they add up to more than the line', () => {
    const [missing] = parseOrderLines(order({}, [line('3', [status('Shipped', '2'), status('Cancelled')])]));
    expect(missing).toMatchObject({
      ok: false,
      invalid: {
        field: 'orderLines.orderLine[0].orderLineStatuses.orderLineStatus[1].statusQuantity.amount',
      },
    });
    const [over] = parseOrderLines(
      order({}, [line('3', [status('Shipped', '3'), status('Cancelled', '1')])]),
    );
    expect(over).toMatchObject({
      ok: false,
      invalid: { field: 'orderLines.orderLine[0].orderLineStatuses.orderLineStatus' },
    });
    expect(over?.ok === false && over.invalid.message).toContain(
      'adding up to 4, more than the line quantity 3',
    );
    const [unknown] = parseOrderLines(order({}, [line('3', [status('Shipped', '2'), status('Lost', '1')])]));
    expect(unknown).toMatchObject({
      ok: false,
      invalid: { field: 'orderLines.orderLine[0].orderLineStatuses.orderLineStatus[1].status' },
    });
  });
});
