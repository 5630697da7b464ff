import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Kit,
  rejectionOf,
  SAMPLE_ADJUSTMENT,
  SAMPLE_RECEIPT,
  startKit,
} from '../../sandbox/peoplesoft/index.ts';
import { peoplesoftSchema } from '../config/index.ts';
import type { AdjustmentRequest, ReceiptRequest } from '../domain/index.ts';
import { NetworkError } from '../http/index.ts';
import { systemClock } from '../ports.ts';
import { PeopleSoftErp } from './peoplesoft-erp.ts';
import { PeopleSoftAuthError, PeopleSoftConfigError } from './peoplesoft-errors.ts';

let kit: Kit;
afterEach(() => kit?.close());

const receipt = (n: number, over: Partial<ReceiptRequest> = {}): ReceiptRequest => ({
  ...SAMPLE_RECEIPT,
  reference: `WM-17962770830${n}-1`,
  ...over,
});

const adjustment = (n: number, over: Partial<AdjustmentRequest> = {}): AdjustmentRequest => ({
  ...SAMPLE_ADJUSTMENT,
  reference: `WM-17962770830${n}-1-ADJ`,
  ...over,
});

describe('PeopleSoftErp construction', () => {
  const base = { restBaseUrl: '', httpListenerUrl: '', businessUnit: 'US001' };

  it('refuses plain http to a remote host unless allowInsecureHttp is set', () => {
    const config = peoplesoftSchema.parse({
      ...base,
      restBaseUrl: 'http://ps.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
      httpListenerUrl: 'https://ps.example.com/PSIGW/HttpListeningConnector',
    });
    const make = (c: typeof config) =>
      new PeopleSoftErp({ config: c, credentials: { type: 'basic', username: 'U', password: 'P' } });
    expect(() => make(config)).toThrow(PeopleSoftConfigError);
    expect(() => make(config)).toThrow(
      /peoplesoft\.restBaseUrl uses plain http:\/\/ to the remote host ps\.example\.com/,
    );
    expect(() => make({ ...config, allowInsecureHttp: true })).not.toThrow();
    expect(() =>
      make({ ...config, restBaseUrl: 'http://127.0.0.1:8000/PSIGW/RESTListeningConnector/PSFT_EP' }),
    ).not.toThrow();
    expect(() =>
      make({
        ...config,
        auth: { type: 'oauth2', tokenUrl: 'http://idp.example.com/token' },
        restBaseUrl: config.httpListenerUrl,
      }),
    ).toThrow(/peoplesoft\.auth\.tokenUrl/);
  });
});

describe('posting receipts and adjustments', () => {
  it('stages a batch in messages of batchSize, then the batch load loads it', async () => {
    kit = await startKit({ config: { transactionsPerMessage: 2 } });
    const since = kit.clock.now();
    const outcomes = await kit.erp.postReceipts([1, 2, 3].map((n) => receipt(n)));
    expect(outcomes.map((o) => o.kind)).toEqual(['staged', 'staged', 'staged']);
    const ids = outcomes.map((o) => (o.kind === 'staged' ? o.transactionId : ''));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(kit.sandbox.requests('post').map((r) => r.references)).toEqual([
      ['WM-179627708301-1', 'WM-179627708302-1'],
      ['WM-179627708303-1'],
    ]);
    const adj = await kit.erp.postAdjustments([1, 2, 3].map((n) => adjustment(n)));
    expect(adj.map((o) => o.kind)).toEqual(['staged', 'staged', 'staged']);
    expect(kit.sandbox.staged().every((s) => s.status === 'PENDING')).toBe(true);

    kit.clock.advance(600_000);
    expect(kit.sandbox.runBatchLoad()).toEqual({ loaded: 6, errors: 0, receipts: 3, adjustments: 3 });
    const status = await kit.erp.stagedTransactions(since);
    expect(status.rows.map((t) => [t.reference, t.status, t.receiverId ?? ''])).toEqual([
      // Ordered by EIP_TRANS_SRC_REF, the key the query is paged by.
      ['WM-179627708301-1', 'LOADED', '0000000001'],
      ['WM-179627708301-1-ADJ', 'LOADED', ''],
      ['WM-179627708302-1', 'LOADED', '0000000002'],
      ['WM-179627708302-1-ADJ', 'LOADED', ''],
      ['WM-179627708303-1', 'LOADED', '0000000003'],
      ['WM-179627708303-1-ADJ', 'LOADED', ''],
    ]);
    expect((await kit.erp.openSchedules('2026-01-05', '2026-01-05')).rows[0]?.qtyReceived).toBe(16);
    const balance = (await kit.erp.inventoryBalances(kit.clock.now())).rows[0];
    expect(balance).toMatchObject({ itemId: '10001', qtyAvailable: 94, qtyOnHand: 104 });
  });

  it('posts the first message alone, then maxConcurrentPosts at a time', async () => {
    kit = await startKit({
      config: { transactionsPerMessage: 1, maxConcurrentPosts: 3 },
      sandbox: { clock: systemClock, latencyMs: 200 },
    });
    const outcomes = await kit.erp.postReceipts([1, 2, 3, 4, 5, 6, 7].map((n) => receipt(n)));
    expect(outcomes.every((o) => o.kind === 'staged')).toBe(true);
    const starts = kit.sandbox.requests('post').map((r) => r.at);
    // Requests that started within half a latency of each other were in flight together.
    const together = starts.map((t) => starts.filter((u) => Math.abs(u - t) < 100).length);
    expect(together[0], 'the first message is alone').toBe(1);
    expect(Math.max(...together), 'never more than three at once').toBe(3);
    expect(kit.sandbox.staged()).toHaveLength(7);
  });

  it('surfaces an IBResponse error that came with HTTP 200 as a rejection with its message', async () => {
    kit = await startKit({ config: { transactionsPerMessage: 2 } });
    kit.sandbox.faults.ibErrorFor(['WM-179627708303-1'], {
      messageSet: 18040,
      messageId: 1032,
      message: 'Business unit US001 is not open for receiving',
    });
    const outcomes = await kit.erp.postReceipts([1, 2, 3, 4].map((n) => receipt(n)));
    expect(outcomes[0]?.kind).toBe('staged');
    expect(outcomes[1]?.kind).toBe('staged');
    const rejection = {
      kind: 'rejected',
      messageSet: '18040',
      messageId: '1032',
      message: 'Business unit US001 is not open for receiving',
    };
    expect(outcomes[2]).toEqual(rejection);
    expect(outcomes[3]).toEqual(rejection);
    expect(kit.sandbox.requests('post').map((r) => r.status)).toEqual([200, 200]);
    expect(kit.sandbox.staged().map((s) => s.reference)).toEqual(['WM-179627708301-1', 'WM-179627708302-1']);
  });

  it('reports a lost response as in doubt without re-posting, and the status query shows it staged', async () => {
    kit = await startKit();
    kit.sandbox.faults.loseNext(1, 'post');
    const since = kit.clock.now();
    const [outcome] = await kit.erp.postReceipts([receipt(1)]);
    expect(outcome?.kind).toBe('in-doubt');
    expect(kit.sandbox.postCounts()).toEqual({ 'WM-179627708301-1': 1 });
    expect(kit.sandbox.requests('post')).toHaveLength(1);
    const status = await kit.erp.stagedTransactions(since);
    expect(status.rows.map((t) => [t.reference, t.status])).toEqual([['WM-179627708301-1', 'PENDING']]);
  });

  it('treats a 5xx answer to a post as in doubt and never repeats the post', async () => {
    kit = await startKit({ config: { maxRetries: 3 } });
    kit.sandbox.faults.failNext(1, { status: 500, body: 'ibresponse', scope: 'post' });
    const outcomes = await kit.erp.postAdjustments([adjustment(1), adjustment(2)]);
    expect(outcomes.map((o) => o.kind)).toEqual(['in-doubt', 'in-doubt']);
    expect(outcomes[0]).toMatchObject({ message: expect.stringContaining('HTTP 500') });
    expect(kit.sandbox.requestCount('post')).toBe(1);
  });

  it('rejects a request with bad data without sending it, and posts the others', async () => {
    kit = await startKit();
    const outcomes = await kit.erp.postReceipts([
      receipt(1),
      receipt(2, { quantity: 0, poId: '' }),
      receipt(3),
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['staged', 'rejected', 'staged']);
    expect(outcomes[1]).toEqual({
      kind: 'rejected',
      message:
        'PURCHASE_ORDER_RECEIPT.VERSION_1 WM-179627708302-1 was not sent: poId is empty; quantity 0 is not a positive number',
    });
    expect(kit.sandbox.staged().map((s) => s.reference)).toEqual(['WM-179627708301-1', 'WM-179627708303-1']);
  });

  it('retries a refused connection (it never reached PeopleSoft) and then throws', async () => {
    kit = await startKit({ config: { maxRetries: 2 } });
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const erp = kit.client({ httpListenerUrl: `http://127.0.0.1:${port}/PSIGW/HttpListeningConnector` });
    await expect(erp.postReceipts([receipt(1)])).rejects.toBeInstanceOf(NetworkError);
    expect(erp.callCount()).toBe(3);
  });

  it('shows staging errors of the batch load in the receipt status', async () => {
    kit = await startKit();
    const since = kit.clock.now();
    await kit.erp.postReceipts([
      receipt(1, { quantity: 31 }),
      receipt(2, { unitOfMeasure: 'BX' }),
      receipt(3, { poId: '0000079300', vendorId: '0000030000' }),
    ]);
    kit.sandbox.runBatchLoad();
    const { rows } = await kit.erp.stagedTransactions(since);
    expect(rows.map((t) => [t.status, t.errorText])).toEqual([
      ['ERROR', 'receipt quantity 31 exceeds the open quantity 30 of PO 0000079262 line 1 schedule 1'],
      ['ERROR', 'unit of measure BX does not match EA on PO 0000079262 line 1 schedule 1'],
      ['ERROR', 'PO 0000079300 line 1 schedule 1 is complete (closed); nothing can be received against it'],
    ]);
  });

  it('counts every HTTP call, retries and token requests included', async () => {
    kit = await startKit({ auth: 'oauth2' });
    kit.sandbox.faults.failNext(1, { status: 503, scope: 'query' });
    await kit.erp.itemVendors();
    expect(kit.erp.callCount()).toBe(3);
  });

  it('counts 429 answers for the throttles metric, and retries them', async () => {
    kit = await startKit();
    kit.sandbox.faults.failNext(2, { status: 429, scope: 'query' });
    await kit.erp.itemVendors();
    expect(kit.erp.throttleCount()).toBe(2);
  });

  it('a 500 whose body refuses the password is a credential error: no retry storm, no window splitting', async () => {
    kit = await startKit({ config: { maxRetries: 4 } });
    kit.sandbox.faults.failNext(50, { status: 500, body: 'credential-fault', scope: 'query' });
    const e = await rejectionOf(kit.erp.openSchedules('2026-01-01', '2026-01-31'));
    expect(e).toBeInstanceOf(PeopleSoftAuthError);
    expect(e.message).toContain('Password failed for user. (158,45)');
    expect(e.message).toContain('PEOPLESOFT_USERNAME and PEOPLESOFT_PASSWORD');
    // One request: not retried, and the window was not split.
    expect(kit.sandbox.requestCount('query')).toBe(1);
  });
});
