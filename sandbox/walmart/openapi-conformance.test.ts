/**
 * The sandbox answers, and the client asks, in the shapes of Walmart's own OpenAPI specs (openapi/).
 * Two adjustments, both documented in openapi/README.md: order lines are checked against `OrderLineType`
 * (the spec's `orderLines` ref is a known defect), and optional fields may be explicit `null`s.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clearWalmartTokenCache,
  inventoryFeedDocument,
  WalmartMarketplace,
} from '../../shared/walmart/index.ts';
import { checkInventoryFeedFile } from './feed-file-check.ts';
import { generateOrders } from './generate-orders.ts';
import { ManualClock } from '../../shared/memory/index.ts';
import { startWalmartSandbox, type WalmartSandbox } from './walmart-sandbox.ts';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk Walmart's JSON answers freely
type Json = any;

const dir = new URL('./openapi/', import.meta.url);
const load = (file: string) =>
  JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>;

type Node = Record<string, unknown>;

/** OpenAPI 3.0 schema objects → JSON Schema: `nullable`, and explicit nulls for optional properties. */
function relax(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relax);
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node as Node)) {
    if (k === 'xml' || k === 'example' || k === 'examples') continue;
    out[k] = relax(v);
  }
  if (out.properties && typeof out.properties === 'object') {
    const required = new Set((out.required as string[] | undefined) ?? []);
    const props = out.properties as Node;
    for (const [name, schema] of Object.entries(props)) {
      if (!required.has(name)) props[name] = { anyOf: [schema, { type: 'null' }] };
    }
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => void;
addFormats(ajv);
for (const f of ['int32', 'int64', 'binary', 'double', 'float']) ajv.addFormat(f, true);
ajv.addMetaSchema(
  JSON.parse(readFileSync(new URL(import.meta.resolve('ajv/dist/refs/json-schema-draft-06.json')), 'utf8')),
);

const orders = load('orders.json');
const schemasOf = (doc: Node) => (doc.components as Node).schemas as Node;
// Known defect: the real payload carries OrderLinesType.
((schemasOf(orders).GetOrderResponseRecord as Node).properties as Node).orderLines = {
  $ref: '#/components/schemas/OrderLinesType',
};
for (const [id, doc] of [
  ['orders.json', orders],
  ['auth.json', load('auth.json')],
  ['inventory.json', load('inventory.json')],
  ['feeds.json', load('feeds.json')],
] as const) {
  ajv.addSchema({ $id: id, components: { schemas: relax(schemasOf(doc)) } });
}
for (const f of ['feed-InventoryHeader.json', 'feed-Inventory.json', 'feed-InventoryFeed.json']) {
  ajv.addSchema({ ...load(f), $id: `https://walmart.invalid/${f}` });
}

const validator = (ref: string): ValidateFunction => {
  const v = ajv.getSchema(
    ref.startsWith('https:') ? ref : `${ref.split('#')[0]}#/components/schemas/${ref.split('#')[1]}`,
  );
  if (!v) throw new Error(`no schema ${ref}`);
  return v;
};

function expectValid(ref: string, data: unknown): void {
  const v = validator(ref);
  const ok = v(data);
  expect(ok ? [] : v.errors?.slice(0, 5).map((e) => `${e.instancePath} ${e.message}`), ref).toEqual([]);
}

const NOW = Date.UTC(2026, 0, 15, 12);
let sandbox: WalmartSandbox;
let token: string;
const clock = new ManualClock(NOW);

async function call(
  pathAndQuery: string,
  init: { method?: string; body?: RequestInit['body']; headers?: Record<string, string> } = {},
) {
  const res = await fetch(`${sandbox.url}${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers: {
      'WM_SVC.NAME': 'Walmart Marketplace',
      'WM_QOS.CORRELATION_ID': randomUUID(),
      'WM_SEC.ACCESS_TOKEN': token,
      Accept: 'application/json',
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

beforeAll(async () => {
  const skus = ['SKU-1', 'SKU-2', 'SKU-3'];
  sandbox = await startWalmartSandbox({
    clock,
    orders: generateOrders({
      count: 60,
      skus,
      seed: 21,
      start: NOW - 3 * 86_400_000,
      end: NOW - 60_000,
      statusWeights: { Created: 4, Acknowledged: 1, Shipped: 1, Delivered: 1, Cancelled: 1 },
    }),
    inventory: { 'SKU-1': 3, 'SKU-2': 0, 'SKU-3': 9 },
    knobs: { feedProcessingMs: 0, feedItemFailures: { 'SKU-3': 'SYSTEM_ERROR' } },
  });
  const res = await fetch(`${sandbox.url}/v3/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      'WM_SVC.NAME': 'Walmart Marketplace',
      'WM_QOS.CORRELATION_ID': randomUUID(),
      Accept: 'application/json',
    },
    body: 'grant_type=client_credentials',
  });
  const body = await res.json();
  expectValid('auth.json#OAuthToken', body);
  token = (body as { access_token: string }).access_token;
});

afterAll(async () => {
  clearWalmartTokenCache();
  await sandbox.close();
});

describe("sandbox answers match Walmart's OpenAPI schemas", () => {
  it('orders pages (PurchaseOrderTypeV3, lines as OrderLineType)', async () => {
    let path = `/v3/orders?createdStartDate=${new Date(NOW - 4 * 86_400_000).toISOString()}&limit=25`;
    let pages = 0;
    for (;;) {
      const { status, json } = await call(path);
      expect(status).toBe(200);
      expectValid('orders.json#PurchaseOrderTypeV3', json);
      for (const order of json.list.elements.order) {
        for (const line of order.orderLines.orderLine) expectValid('orders.json#OrderLineType', line);
      }
      pages++;
      if (!json.list.meta.nextCursor) break;
      path = `/v3/orders${json.list.meta.nextCursor}`;
    }
    expect(pages).toBe(3);
  });

  it('acknowledge (GetOrderResponse)', async () => {
    const po = sandbox.orders.all()[0]!.purchaseOrderId;
    const { status, json } = await call(`/v3/orders/${po}/acknowledge`, { method: 'POST' });
    expect(status).toBe(200);
    expectValid('orders.json#GetOrderResponse', json);
  });

  it('inventory GET and PUT (Inventory)', async () => {
    expectValid('inventory.json#Inventory', (await call('/v3/inventory?sku=SKU-1')).json);
    const put = await call('/v3/inventory?sku=SKU-1', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sku: 'SKU-1', quantity: { unit: 'EACH', amount: 4 } }),
    });
    expect(put.status).toBe(200);
    expectValid('inventory.json#Inventory', put.json);
  });

  it('feed upload (FeedId) and feed status with details (PartnerFeedResponse)', async () => {
    const form = new FormData();
    form.set(
      'file',
      new Blob([
        JSON.stringify(
          inventoryFeedDocument([
            { sku: 'SKU-2', quantity: 1 },
            { sku: 'SKU-3', quantity: 2 },
            { sku: 'NOPE', quantity: 3 },
          ]),
        ),
      ]),
      'f.json',
    );
    const up = await call('/v3/feeds?feedType=inventory', { method: 'POST', body: form });
    expectValid('inventory.json#FeedId', up.json);
    const status = await call(
      `/v3/feeds/${encodeURIComponent(up.json.feedId)}?includeDetails=true&offset=0&limit=50`,
    );
    expect(status.json.feedStatus).toBe('PROCESSED');
    expectValid('feeds.json#PartnerFeedResponse', status.json);
    const broken = new FormData();
    broken.set('file', new Blob(['{"Inventory":"nope"}']), 'f.json');
    const bad = await call('/v3/feeds?feedType=inventory', { method: 'POST', body: broken });
    const failed = await call(`/v3/feeds/${encodeURIComponent(bad.json.feedId)}?includeDetails=true`);
    expect(failed.json.feedStatus).toBe('ERROR');
    expectValid('feeds.json#PartnerFeedResponse', failed.json);
  });

  it('error bodies (GatewayError entries in all three shapes)', async () => {
    const gateway = await call('/v3/orders?limit=5', { headers: { 'WM_SEC.ACCESS_TOKEN': 'expired' } });
    expect(gateway.status).toBe(401);
    for (const e of gateway.json.error) expectValid('orders.json#GatewayError', e);
    const service = await call('/v3/orders?limit=500');
    for (const e of service.json.errors.error) expectValid('orders.json#GatewayError', e);
    const flat = await call('/v3/inventory?sku=SKU-1', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sku: 'SKU-1', quantity: { unit: 'EACH', amount: -1 } }),
    });
    expect(flat.status).toBe(400);
    for (const e of flat.json.errors) expectValid('inventory.json#Error', e);
  });

  it('the checks bite: a broken order line fails its schema', () => {
    const line = structuredClone(sandbox.orders.all()[0]!.orderLines.orderLine[0]!);
    line.orderLineQuantity = null;
    expect(validator('orders.json#OrderLineType')(line)).toBe(false);
    expect(
      validator('orders.json#OrderLineType')({
        ...line,
        orderLineQuantity: { unitOfMeasurement: 'EACH', amount: 2 },
      }),
    ).toBe(false);
  });
});

describe("the client's requests match Walmart's schemas", () => {
  it('token form, inventory PUT body and the bulk feed file', async () => {
    const walmart = new WalmartMarketplace({
      baseUrl: sandbox.url,
      credentials: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
      clock,
    });
    sandbox.resetLog();
    await walmart.putInventory('SKU-1', 6);
    const feedId = await walmart.submitInventoryFeed([
      { sku: 'SKU-1', quantity: 0 },
      { sku: 'SKU-2', quantity: 12 },
    ]);
    const put = sandbox.requests.find((r) => r.method === 'PUT')!;
    expectValid('inventory.json#Inventory', JSON.parse(put.body!));
    expectValid(
      'https://walmart.invalid/feed-InventoryFeed.json',
      JSON.parse(sandbox.feeds.get(feedId)!.file),
    );
    expect(sandbox.requests.find((r) => r.endpoint === 'token')).toBeDefined();
    expectValid('auth.json#IAMTokenDTO', { grant_type: 'client_credentials' });
  });

  it("the sandbox's own feed check agrees with the feed schema", () => {
    const samples = [
      {
        InventoryHeader: { version: '1.4' },
        Inventory: [{ sku: 'a', quantity: { unit: 'EACH', amount: 1 } }],
      },
      { Inventory: [{ sku: 'a', quantity: { unit: 'EACH', amount: 0 } }] },
      { InventoryHeader: { version: 1.4 }, Inventory: [{ sku: 'a', quantity: { unit: 'EACH', amount: 1 } }] },
      {
        InventoryHeader: { version: '1.4', extra: 1 },
        Inventory: [{ sku: 'a', quantity: { unit: 'EACH', amount: 1 } }],
      },
      { Inventory: [] },
      { Inventory: [{ sku: 'a', quantity: { unit: 'EA', amount: 1 } }] },
      { Inventory: [{ sku: 'a', quantity: { unit: 'EACH', amount: 1.5 } }] },
      { Inventory: [{ sku: 'a', quantity: { unit: 'EACH', amount: '1' } }] },
      { Inventory: [{ sku: 'a', quantity: { unit: 'EACH' } }] },
      { Inventory: [{ sku: 1, quantity: { unit: 'EACH', amount: 1 } }] },
      { Inventory: [{ sku: 'a', quantity: { unit: 'EACH', amount: 1 }, shipNode: 'x' }] },
      { Inventory: [{ quantity: { unit: 'EACH', amount: 1 } }] },
    ];
    const schema = validator('https://walmart.invalid/feed-InventoryFeed.json');
    for (const sample of samples) {
      expect(checkInventoryFeedFile(JSON.stringify(sample)).ok, JSON.stringify(sample)).toBe(schema(sample));
    }
  });
});
