import { describe, expect, it } from 'vitest';
import { useWalmartPairs, type WalmartSandbox } from '../../sandbox/walmart/index.ts';
import { NetworkError } from '../http/index.ts';
import { WalmartInputError } from './walmart-errors.ts';
import { inventoryFeedDocument, splitInventoryItems } from './walmart-feeds.ts';

const pair = useWalmartPairs();

/** Uploads a feed file as any client would, bypassing the connector's own validation. */
async function rawUpload(sandbox: WalmartSandbox, file: string): Promise<string> {
  const headers = {
    'WM_SVC.NAME': 'test',
    'WM_QOS.CORRELATION_ID': crypto.randomUUID(),
    Accept: 'application/json',
  };
  const basic = Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64');
  const token = await fetch(`${sandbox.url}/v3/token`, {
    method: 'POST',
    headers: {
      ...headers,
      Authorization: `Basic ${basic}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const form = new FormData();
  form.set('file', new Blob([file], { type: 'application/json' }), 'feed.json');
  const res = await fetch(`${sandbox.url}/v3/feeds?feedType=inventory`, {
    method: 'POST',
    headers: { ...headers, 'WM_SEC.ACCESS_TOKEN': token.access_token },
    body: form,
  });
  return ((await res.json()) as { feedId: string }).feedId;
}

const inventory = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`SKU-${i}`, 0]));

describe('inventory feed document', () => {
  it('is JSON spec 1.4', () => {
    expect(inventoryFeedDocument([{ sku: 'a', quantity: 3 }])).toEqual({
      InventoryHeader: { version: '1.4' },
      Inventory: [{ sku: 'a', quantity: { unit: 'EACH', amount: 3 } }],
    });
  });

  it('separates the items Walmart would refuse, naming SKU and problem', () => {
    const items = [
      { sku: 'a', quantity: 1.5 },
      { sku: '', quantity: 1 },
      { sku: 'b', quantity: -2 },
      { sku: 'c', quantity: 3 },
      { sku: 'c', quantity: 4 },
    ];
    const { valid, rejected } = splitInventoryItems(items);
    expect(valid).toEqual([{ sku: 'c', quantity: 3 }]);
    expect(rejected).toEqual([
      {
        sku: 'a',
        ok: false,
        retryable: false,
        code: 'INVALID_QUANTITY',
        message: 'quantity must be a whole number (got 1.5)',
      },
      { sku: '', ok: false, retryable: false, code: 'INVALID_SKU', message: 'the SKU is empty' },
      {
        sku: 'b',
        ok: false,
        retryable: false,
        code: 'INVALID_QUANTITY',
        message: 'quantity must not be negative (got -2)',
      },
      expect.objectContaining({ sku: 'c', code: 'DUPLICATE_SKU', retryable: false }),
    ]);
    expect(() => inventoryFeedDocument(items)).toThrow(WalmartInputError);
    expect(() => inventoryFeedDocument([])).toThrow(/at least one item/);
  });
});

describe('WalmartMarketplace feeds', () => {
  it('submits a feed, follows it to PROCESSED and reports its failed items', async () => {
    const { walmart, sandbox, clock } = await pair({
      inventory: inventory(120),
      knobs: {
        feedProcessingMs: 60_000,
        feedItemFailures: { 'SKU-7': 'SYSTEM_ERROR', 'SKU-70': 'DATA_ERROR', 'SKU-101': 'TIMEOUT_ERROR' },
      },
    });
    const items = [
      ...Array.from({ length: 120 }, (_, i) => ({ sku: `SKU-${i}`, quantity: i })),
      { sku: 'NOT-ON-WALMART', quantity: 4 },
    ];
    const feedId = await walmart.submitInventoryFeed(items);
    expect(feedId).toMatch(/^[0-9A-F]{32}@[A-Za-z0-9]{7}$/);

    const upload = sandbox.requests.find((r) => r.endpoint === 'feeds')!;
    expect(upload.method).toBe('POST');
    expect(upload.query).toBe('?feedType=inventory');
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(JSON.parse(sandbox.feeds.get(feedId)!.file)).toEqual(inventoryFeedDocument(items));

    expect((await walmart.inventoryFeedStatus(feedId)).status).toBe('RECEIVED');
    clock.advance(30_000);
    const midway = await walmart.inventoryFeedStatus(feedId);
    expect(midway.status).toBe('INPROGRESS');
    expect(sandbox.inventory.get('SKU-5')).toBe(0);
    // A feed still at work costs one read: its item outcomes are not final, so no further detail pages.
    expect(sandbox.requests.filter((r) => r.endpoint === 'feedStatus')).toHaveLength(2);

    clock.advance(30_000);
    const done = await walmart.inventoryFeedStatus(feedId);
    expect(done.status).toBe('PROCESSED');
    expect(done.items).toHaveLength(121);
    expect(done.itemsReceived).toBe(121);
    expect(done.itemsFailed).toBe(4);
    const failed = done.items.filter((i) => !i.ok);
    expect(failed).toEqual([
      expect.objectContaining({ sku: 'SKU-7', retryable: true, code: 'SYSTEM_ERROR.GMP_INVENTORY_API' }),
      expect.objectContaining({
        sku: 'SKU-70',
        retryable: false,
        code: 'INVALID_REQUEST_CONTENT.GMP_INVENTORY_API',
      }),
      expect.objectContaining({ sku: 'SKU-101', retryable: true }),
      expect.objectContaining({
        sku: 'NOT-ON-WALMART',
        retryable: false,
        code: 'CONTENT_NOT_FOUND.GMP_INVENTORY_API',
      }),
    ]);
    expect(sandbox.inventory.get('SKU-5')).toBe(5);
    expect(sandbox.inventory.get('SKU-7')).toBe(0);

    // Details are paged 50 at a time, the feed id percent-encoded.
    const reads = sandbox.requests.filter((r) => r.endpoint === 'feedStatus').slice(-3);
    expect(reads.map((r) => r.query)).toEqual([
      '?includeDetails=true&offset=0&limit=50',
      '?includeDetails=true&offset=50&limit=50',
      '?includeDetails=true&offset=100&limit=50',
    ]);
    expect(reads[0]!.path).toBe(`/v3/feeds/${feedId.replace('@', '%40')}`);
  });

  it('reports a whole-file failure as a feed in ERROR', async () => {
    const { walmart, sandbox } = await pair({ inventory: inventory(3), knobs: { feedProcessingMs: 0 } });
    const feedId = await rawUpload(
      sandbox,
      '{"InventoryHeader":{"version":"1.4"},"Inventory":[{"sku":"SKU-1"}]}',
    );
    const status = await walmart.inventoryFeedStatus(feedId);
    expect(status.status).toBe('ERROR');
    expect(status.items).toEqual([]);
    expect(status.errors).toEqual([
      {
        type: 'DATA_ERROR',
        code: 'ERR_PDI_0001',
        description: 'Malformed feed file: /Inventory/0/quantity must be an object',
      },
    ]);
  });

  it('sends the valid items and reports the invalid ones as failed, not retryable', async () => {
    const { walmart, sandbox } = await pair({ inventory: inventory(3), knobs: { feedProcessingMs: 0 } });
    const feedId = await walmart.submitInventoryFeed([
      { sku: 'SKU-0', quantity: 4 },
      { sku: 'SKU-1', quantity: 10.5 },
      { sku: 'SKU-2', quantity: 2 },
    ]);
    expect(JSON.parse(sandbox.feeds.get(feedId)!.file).Inventory.map((i: { sku: string }) => i.sku)).toEqual([
      'SKU-0',
      'SKU-2',
    ]);
    const status = await walmart.inventoryFeedStatus(feedId);
    expect(status.status).toBe('PROCESSED');
    expect(status.items).toEqual([
      { sku: 'SKU-0', ok: true },
      { sku: 'SKU-2', ok: true },
      expect.objectContaining({ sku: 'SKU-1', ok: false, retryable: false, code: 'INVALID_QUANTITY' }),
    ]);
  });

  it('sends nothing when no item is valid, and reads that feed as ERROR', async () => {
    const { walmart, sandbox } = await pair({ inventory: inventory(3) });
    const feedId = await walmart.submitInventoryFeed([{ sku: 'SKU-0', quantity: -1 }]);
    expect(feedId).toMatch(/^NOT-SENT-/);
    expect(sandbox.counters.feeds.requests).toBe(0);
    const status = await walmart.inventoryFeedStatus(feedId);
    expect(status).toMatchObject({
      status: 'ERROR',
      items: [expect.objectContaining({ sku: 'SKU-0', ok: false })],
    });
    expect(sandbox.counters.feedStatus.requests).toBe(0);
  });

  it('does not repeat an upload whose answer was lost', async () => {
    const { walmart, sandbox } = await pair({ inventory: inventory(3) });
    await walmart.getInventory('SKU-1');
    sandbox.knobs.dropAfterNext.feeds = 1;
    const err = await walmart.submitInventoryFeed([{ sku: 'SKU-1', quantity: 2 }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).maybeDelivered).toBe(true);
    expect(sandbox.counters.feeds.requests).toBe(1);
    expect(sandbox.feeds.size).toBe(1);
  });

  it('retries an upload refused with 429', async () => {
    const { walmart, sandbox, clock } = await pair({ inventory: inventory(3) });
    await walmart.getInventory('SKU-1');
    sandbox.knobs.throttleNext.feeds = 1;
    sandbox.knobs.throttleWaitMs = 360_000;
    const mark = clock.sleeps.length;
    await walmart.submitInventoryFeed([{ sku: 'SKU-1', quantity: 2 }]);
    expect(sandbox.feeds.size).toBe(1);
    expect(clock.sleeps.slice(mark)).toEqual([60_000]);
  });
});
