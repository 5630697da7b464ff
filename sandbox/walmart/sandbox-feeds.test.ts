import { afterEach, describe, expect, it } from 'vitest';

import { call, closeSandboxes, sandbox, token } from './sandbox-test-calls.ts';

afterEach(closeSandboxes);

describe('sandbox inventory and feeds', () => {
  it('validates PUT bodies and answers unknown SKUs with 404', async () => {
    const { s } = await sandbox({ inventory: { A: 1 } });
    const t = await token(s);
    const put = (sku: string, body: unknown) =>
      call(s, `/v3/inventory?sku=${encodeURIComponent(sku)}`, {
        token: t,
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put('A', { sku: 'A', quantity: { unit: 'EACH', amount: 7 } })).json).toEqual({
      sku: 'A',
      quantity: { unit: 'EACH', amount: 7 },
    });
    const bad = await put('A', { sku: 'A', quantity: { unit: 'EACH', amount: 1.5 } });
    expect(bad.res.status).toBe(400);
    expect(bad.json!.errors[0]).toMatchObject({ code: 'INVALID_REQUEST_CONTENT', field: 'quantity.amount' });
    const unknown = await put('Z', { sku: 'Z', quantity: { unit: 'EACH', amount: 1 } });
    expect(unknown.res.status).toBe(404);
    expect(unknown.json!.errors.error[0].code).toBe('CONTENT_NOT_FOUND.GMP_INVENTORY_API');
  });

  it('accepts a multipart feed, processes it over time and applies it', async () => {
    const { s, clock } = await sandbox({ inventory: { A: 1, B: 2 }, knobs: { feedProcessingMs: 9_000 } });
    const t = await token(s);
    const form = new FormData();
    form.set(
      'file',
      new Blob([
        JSON.stringify({
          InventoryHeader: { version: '1.4' },
          Inventory: [
            { sku: 'A', quantity: { unit: 'EACH', amount: 40 } },
            { sku: 'Q', quantity: { unit: 'EACH', amount: 1 } },
          ],
        }),
      ]),
      'inventory.json',
    );
    const up = await call(s, '/v3/feeds?feedType=inventory', { token: t, method: 'POST', body: form });
    const feedId: string = up.json!.feedId;
    const status = async () =>
      (await call(s, `/v3/feeds/${encodeURIComponent(feedId)}?includeDetails=true`, { token: t })).json!;
    expect((await status()).feedStatus).toBe('RECEIVED');
    clock.advance(3_000);
    expect((await status()).feedStatus).toBe('INPROGRESS');
    expect(s.inventory.get('A')).toBe(1);
    clock.advance(6_000);
    const done = await status();
    expect(done).toMatchObject({
      feedStatus: 'PROCESSED',
      itemsReceived: 2,
      itemsSucceeded: 1,
      itemsFailed: 1,
    });
    expect(done.itemDetails.itemIngestionStatus[1]).toMatchObject({
      sku: 'Q',
      ingestionStatus: 'DATA_ERROR',
    });
    expect(s.inventory.get('A')).toBe(40);
  });

  it('refuses uploads without a file part and status pages over 50', async () => {
    const { s } = await sandbox({ inventory: { A: 1 } });
    const t = await token(s);
    const form = new FormData();
    form.set('other', 'x');
    const noFile = await call(s, '/v3/feeds?feedType=inventory', { token: t, method: 'POST', body: form });
    expect(noFile.res.status).toBe(400);
    expect(noFile.json!.errors.error[0].field).toBe('file');
    const wrongType = await call(s, '/v3/feeds?feedType=item', { token: t, method: 'POST', body: form });
    expect(wrongType.json!.errors.error[0].field).toBe('feedType');
    const notMultipart = await call(s, '/v3/feeds?feedType=inventory', {
      token: t,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(notMultipart.res.status).toBe(415);
    const good = new FormData();
    good.set(
      'file',
      '{"InventoryHeader":{"version":"1.4"},"Inventory":[{"sku":"A","quantity":{"unit":"EACH","amount":1}}]}',
    );
    const feedId = (await call(s, '/v3/feeds?feedType=inventory', { token: t, method: 'POST', body: good }))
      .json!.feedId;
    const big = await call(s, `/v3/feeds/${encodeURIComponent(feedId)}?includeDetails=true&limit=51`, {
      token: t,
    });
    expect(big.res.status).toBe(400);
    expect((await call(s, '/v3/feeds/NOPE%40X', { token: t })).res.status).toBe(404);
  });
});
