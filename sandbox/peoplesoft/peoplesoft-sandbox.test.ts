import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseIbResponse } from '../../shared/peoplesoft/index.ts';
import { ManualClock } from '../../shared/memory/index.ts';
import { smallWorld } from './fixture-world.ts';
import { type PeopleSoftSandbox, startPeopleSoftSandbox } from './peoplesoft-sandbox.ts';
import type { PeopleSoftSandboxOptions } from './sandbox-options.ts';

let sandbox: PeopleSoftSandbox;
let clock: ManualClock;
afterEach(async () => {
  vi.useRealTimers();
  await sandbox?.close();
});

async function start(options: Partial<PeopleSoftSandboxOptions> = {}) {
  clock = new ManualClock();
  sandbox = await startPeopleSoftSandbox({ world: smallWorld(), clock, ...options });
  return sandbox;
}

const basic = (user = 'MLC_SANDBOX', password = 'sandbox-only-password') =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function queryUrl(query: string, names: string, values: string, extra = '&json_resp=true', node = 'PSFT_EP') {
  return `${sandbox.url}/PSIGW/RESTListeningConnector/${node}/ExecuteQuery.v1/PUBLIC/${query}/JSON/NONFILE?isconnectedquery=N&maxrows=2&prompt_uniquepromptname=${names}&prompt_fieldvalue=${values}${extra}`;
}

const get = (url: string, auth = basic()) => fetch(url, { headers: { Authorization: auth } });

const RECEIPT_XML = (ref: string) =>
  `<PURCHASE_ORDER_RECEIPT><MsgData><Transaction><BCT_C_PO_RC_EVW class="R"><EIP_TRANS_SRC>MLC</EIP_TRANS_SRC>
  <EIP_TRANS_SRC_REF>${ref}</EIP_TRANS_SRC_REF><EIP_TRANS_SRC_SEQ>1</EIP_TRANS_SRC_SEQ><TRANSACTION_CODE>PORC</TRANSACTION_CODE>
  <BUSINESS_UNIT>US001</BUSINESS_UNIT><VENDOR_ID>0000012345</VENDOR_ID><BILL_OF_LADING>${ref}</BILL_OF_LADING>
  <RECEIVER_ID>NEXT</RECEIVER_ID><END_TRANS_FLAG>Y</END_TRANS_FLAG><BCT_D_PO_RC_EVW class="R"><EIP_TRANS_SRC_SEQ>1</EIP_TRANS_SRC_SEQ>
  <BUSINESS_UNIT_PO>US001</BUSINESS_UNIT_PO><PO_ID>0000079262</PO_ID><LINE_NBR>1</LINE_NBR><SCHED_NBR>1</SCHED_NBR>
  <QTY>2</QTY><UNIT_OF_MEASURE>EA</UNIT_OF_MEASURE><RECV_LN_NBR>1</RECV_LN_NBR></BCT_D_PO_RC_EVW></BCT_C_PO_RC_EVW>
  <PSCAMA class="R"><AUDIT_ACTN>A</AUDIT_ACTN></PSCAMA></Transaction></MsgData></PURCHASE_ORDER_RECEIPT>`;

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(`${sandbox.url}/PSIGW/HttpListeningConnector`, {
    method: 'POST',
    headers: {
      Authorization: basic(),
      OperationName: 'PURCHASE_ORDER_RECEIPT.VERSION_1',
      OperationType: 'async',
      From: 'ML_CONNECTOR',
      To: 'PSFT_EP',
      'Content-Type': 'text/xml',
      ...headers,
    },
    body,
  });
}

describe('PeopleSoft sandbox: Query Access Services', () => {
  it('answers the JSON shape of ExecuteQuery, truncated to maxrows with numrows = rows returned', async () => {
    await start();
    const res = await get(queryUrl('MLC_ITEM_VENDORS', 'BUSINESS_UNIT,AFTER_ITEM', 'US001,%20'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'success',
      data: {
        query: {
          numrows: 2,
          queryname: 'MLC_ITEM_VENDORS',
          rows: [
            {
              'attr:rownumber': 1,
              INV_ITEM_ID: '10001',
              VENDOR_ID: '0000012345',
              NAME1: 'ACME SUPPLY CO',
              ITM_VNDR_PRIORITY: 1,
            },
            {
              'attr:rownumber': 2,
              INV_ITEM_ID: '10001',
              VENDOR_ID: '0000020000',
              NAME1: 'Bolt & Nut <Wholesale>',
              ITM_VNDR_PRIORITY: 2,
            },
          ],
        },
      },
    });
  });

  it('renders alias-prefixed keys (expressions stay bare) and the queryname= key', async () => {
    await start({ keyStyle: 'alias', querynameKey: 'queryname=' });
    const body = (await (
      await get(queryUrl('MLC_OPEN_PO_LINES', 'BUSINESS_UNIT,FROM_DT,TO_DT', 'US001,2026-01-01,2026-01-31'))
    ).json()) as { data: { query: { 'queryname=': string; rows: Record<string, unknown>[] } } };
    expect(body.data.query['queryname=']).toBe('MLC_OPEN_PO_LINES');
    expect(Object.keys(body.data.query.rows[0] ?? {})).toEqual([
      'attr:rownumber',
      'A.BUSINESS_UNIT',
      'A.PO_ID',
      'B.LINE_NBR',
      'C.SCHED_NBR',
      'A.PO_DT',
      'A.PO_STATUS',
      'A.VENDOR_ID',
      'D.NAME1',
      'B.INV_ITEM_ID',
      'B.UNIT_OF_MEASURE',
      'C.QTY_PO',
      'QTY_RECEIVED',
      'C.DUE_DT',
    ]);
  });

  it('answers XMLP when JSON is not asked for', async () => {
    await start();
    const res = await get(
      queryUrl('MLC_INV_BALANCES', 'BUSINESS_UNIT,FROM_DTTM,AFTER_ITEM', 'US001,2026-01-13T00:00:00, ', ''),
    );
    const text = await res.text();
    expect(text).toContain('<query numrows="1" queryname="MLC_INV_BALANCES">');
    expect(text).toContain('<row rownumber="1"><INV_ITEM_ID>10003</INV_ITEM_ID>');
  });

  it.each([
    [
      'names in another order',
      'FROM_DT,BUSINESS_UNIT,TO_DT',
      'US001,2026-01-01,2026-01-31',
      'do not match the prompts',
    ],
    ['a missing prompt', 'BUSINESS_UNIT,FROM_DT', 'US001,2026-01-01', 'do not match the prompts'],
    ['too few values', 'BUSINESS_UNIT,FROM_DT,TO_DT', 'US001,2026-01-01', 'needs 3 prompt values, got 2'],
    ['a bad date', 'BUSINESS_UNIT,FROM_DT,TO_DT', 'US001,01/01/2026,2026-01-31', 'expected YYYY-MM-DD'],
  ])('refuses %s with an IBResponse error', async (_, names, values, message) => {
    await start();
    const res = await get(queryUrl('MLC_OPEN_PO_LINES', names, values));
    expect(res.status).toBe(400);
    const ib = parseIbResponse(await res.text());
    expect(ib?.type).toBe('error');
    expect(ib?.type === 'error' && ib.message).toContain(message);
  });

  it('refuses an unknown node, query or owner, and a missing maxrows', async () => {
    await start();
    expect(
      (await get(queryUrl('MLC_ITEM_VENDORS', 'BUSINESS_UNIT,AFTER_ITEM', 'US001,', '', 'PSFT_HR'))).status,
    ).toBe(404);
    expect((await get(queryUrl('NOPE', 'BUSINESS_UNIT', 'US001'))).status).toBe(404);
    const privateUrl = queryUrl('MLC_ITEM_VENDORS', 'BUSINESS_UNIT,AFTER_ITEM', 'US001,').replace(
      '/PUBLIC/',
      '/PRIVATE/',
    );
    expect((await get(privateUrl)).status).toBe(404);
    const noMax = queryUrl('MLC_ITEM_VENDORS', 'BUSINESS_UNIT,AFTER_ITEM', 'US001,').replace(
      'maxrows=2&',
      '',
    );
    expect((await get(noMax)).status).toBe(400);
  });

  it('answers 401 with an IBResponse for missing or wrong credentials, without echoing the password', async () => {
    await start();
    const url = queryUrl('MLC_ITEM_VENDORS', 'BUSINESS_UNIT,AFTER_ITEM', 'US001,');
    const none = await fetch(url);
    expect(none.status).toBe(401);
    const wrong = await get(url, basic('MLC_SANDBOX', 'guess-123'));
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(parseIbResponse(text)).toMatchObject({ type: 'error', messageSet: '158', messageId: '45' });
    expect(text).not.toContain('guess-123');
  });

  it('times out like a gateway when rows cost more than the gateway timeout', async () => {
    await start({ rowCostMs: 100, gatewayTimeoutMs: 150 });
    const res = await get(queryUrl('MLC_ITEM_VENDORS', 'BUSINESS_UNIT,AFTER_ITEM', 'US001,'));
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(clock.sleeps).toContain(150);
  });
});

describe('PeopleSoft sandbox: EIP posts', () => {
  it('stages every transaction, duplicates included, and answers with a TransactionID', async () => {
    await start();
    for (let i = 0; i < 2; i++) {
      const res = await post(RECEIPT_XML('WM-1-1'));
      expect(parseIbResponse(await res.text())).toMatchObject({
        type: 'success',
        transactionId: expect.any(String),
      });
    }
    expect(sandbox.postCounts()).toEqual({ 'WM-1-1': 2 });
    expect(sandbox.duplicates()).toEqual(['WM-1-1']);
    expect(sandbox.staged().map((s) => [s.controlId, s.status, s.stagedAt])).toEqual([
      ['0000000001', 'PENDING', clock.now()],
      ['0000000002', 'PENDING', clock.now()],
    ]);
  });

  it.each([
    ['an inactive operation', { OperationName: 'PURCHASE_ORDER.VERSION_1' }, 'is not active'],
    ['a sync post', { OperationType: 'sync' }, 'use async'],
    ['an unknown requesting node', { From: 'SOMEONE' }, 'Requesting node "SOMEONE" is not defined'],
    ['another destination node', { To: 'PSFT_HR' }, 'not the default local node'],
  ])('refuses %s with an IBResponse error and stages nothing', async (_, headers, message) => {
    await start();
    const res = await post(RECEIPT_XML('WM-1-1'), headers);
    expect(res.status).toBe(400);
    const ib = parseIbResponse(await res.text());
    expect(ib?.type === 'error' && ib.message).toContain(message);
    expect(sandbox.staged()).toEqual([]);
  });

  it('refuses malformed XML and a transaction missing a required field', async () => {
    await start();
    const broken = parseIbResponse(await (await post('<PURCHASE_ORDER_RECEIPT><MsgData>')).text());
    expect(broken?.type === 'error' && broken.message).toContain('not well-formed XML');
    const noPo = parseIbResponse(
      await (await post(RECEIPT_XML('WM-1-1').replace('<PO_ID>0000079262</PO_ID>', ''))).text(),
    );
    expect(noPo?.type === 'error' && noPo.message).toContain(
      'Transaction 1 of PURCHASE_ORDER_RECEIPT.VERSION_1: BCT_D_PO_RC_EVW.PO_ID is required',
    );
    expect(sandbox.staged()).toEqual([]);
  });

  it('answers a Ping without staging anything', async () => {
    await start();
    const res = await post('', { OperationType: 'Ping' });
    expect(res.status).toBe(200);
    expect(parseIbResponse(await res.text())?.type).toBe('success');
    expect(sandbox.staged()).toEqual([]);
  });

  it('drops the answer of a lost response after staging the transaction', async () => {
    await start();
    sandbox.faults.loseNext(1);
    await expect(post(RECEIPT_XML('WM-1-1'))).rejects.toThrow();
    expect(sandbox.staged().map((s) => s.reference)).toEqual(['WM-1-1']);
    expect(sandbox.requests('post')[0]).toMatchObject({ lost: true });
  });

  it('answers an injected IBResponse error with HTTP 200 and stages nothing', async () => {
    await start();
    sandbox.faults.ibErrorNext(1, { message: 'PO is on hold' });
    const res = await post(RECEIPT_XML('WM-1-1'));
    expect(res.status).toBe(200);
    expect(parseIbResponse(await res.text())).toMatchObject({ type: 'error', message: 'PO is on hold' });
    expect(sandbox.staged()).toEqual([]);
  });

  it('runs the batch load automatically when asked to', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await start({ batchLoadEveryMs: 1000 });
    await post(RECEIPT_XML('WM-1-1'));
    expect(sandbox.staged()[0]?.status).toBe('PENDING');
    vi.advanceTimersByTime(1000);
    expect(sandbox.staged()[0]?.status).toBe('LOADED');
    expect(sandbox.receipts()[0]).toMatchObject({
      receiverId: '0000000001',
      qtyShRecvd: 2,
      recvShipStatus: 'R',
    });
  });
});

describe('PeopleSoft sandbox: identity provider', () => {
  it('issues client-credentials tokens with the configured lifetime and refuses bad clients', async () => {
    await start({ tokenExpiresInSec: 900 });
    const grant = (auth: string, body = 'grant_type=client_credentials') =>
      fetch(sandbox.tokenUrl, {
        method: 'POST',
        headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    const ok = await grant(basic('mlc-sandbox-client', 'sandbox-only-secret'));
    const token = (await ok.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const url = queryUrl('MLC_ITEM_VENDORS', 'BUSINESS_UNIT,AFTER_ITEM', 'US001,');
    expect((await get(url, `Bearer ${token.access_token}`)).status).toBe(200);
    clock.advance(900_000);
    expect((await get(url, `Bearer ${token.access_token}`)).status).toBe(401);
    expect((await grant(basic('mlc-sandbox-client', 'nope'))).status).toBe(401);
    expect(
      (await grant(basic('mlc-sandbox-client', 'sandbox-only-secret'), 'grant_type=password')).status,
    ).toBe(400);
  });
});

describe('PeopleSoft sandbox: inspection over HTTP', () => {
  it('exposes state, staged rows, balances and controls as JSON under /__sandbox/', async () => {
    await start();
    await post(RECEIPT_XML('WM-1-1'));
    // biome-ignore lint/suspicious/noExplicitAny: free-form JSON of the inspection API
    const json = async (path: string, init?: RequestInit): Promise<any> =>
      (await fetch(`${sandbox.url}/__sandbox/${path}`, init)).json();
    expect(await json('state')).toMatchObject({ staged: 1, loaded: 0, receipts: 0 });
    expect((await json('staged'))[0]).toMatchObject({ reference: 'WM-1-1', status: 'PENDING' });
    expect(await json('post-counts')).toEqual({ 'WM-1-1': 1 });
    const postJson = (path: string, body: unknown) =>
      json(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(await postJson('batch-load', {})).toEqual({ loaded: 1, errors: 0, receipts: 1, adjustments: 0 });
    expect(await json('receipts')).toHaveLength(1);
    await postJson('balance', { itemId: '10002', qtyAvailable: 3 });
    expect((await json('balances')).find((b: { itemId: string }) => b.itemId === '10002')).toMatchObject({
      qtyAvailable: 3,
      changedAt: clock.now(),
    });
    await postJson('faults', { failNext: { count: 1, status: 502, scope: 'query' } });
    expect((await get(queryUrl('MLC_ITEM_VENDORS', 'BUSINESS_UNIT,AFTER_ITEM', 'US001,'))).status).toBe(502);
    expect((await json('requests')).map((r: { kind: string }) => r.kind)).toContain('query');
  });
});
