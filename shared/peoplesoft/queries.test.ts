import { afterEach, describe, expect, it } from 'vitest';
import { type Kit, rejectionOf, smallWorld, startKit } from '../../sandbox/peoplesoft/index.ts';
import { silentLog } from '../ports.ts';
import { PeopleSoftQueryError, PeopleSoftResponseError } from './peoplesoft-errors.ts';
import type { PeopleSoftTransport } from './peoplesoft-transport.ts';
import { QasClient } from './qas-client.ts';

let kit: Kit;
afterEach(() => kit?.close());

describe('ExecuteQuery requests', () => {
  it('sends prompts positionally, comma-joined with the commas unencoded', () => {
    const qas = new QasClient(
      'https://ps.example.com:8443/PSIGW/RESTListeningConnector/PSFT_EP/',
      {} as PeopleSoftTransport,
      silentLog,
    );
    expect(
      qas.url(
        'MLC_ITEM_VENDORS',
        [
          { name: 'BUSINESS_UNIT', value: 'US001' },
          { name: 'AFTER_ITEM', value: ' ' },
        ],
        1000,
      ),
    ).toBe(
      'https://ps.example.com:8443/PSIGW/RESTListeningConnector/PSFT_EP/ExecuteQuery.v1/PUBLIC/MLC_ITEM_VENDORS/JSON/NONFILE' +
        '?isconnectedquery=N&maxrows=1000&prompt_uniquepromptname=BUSINESS_UNIT,AFTER_ITEM&prompt_fieldvalue=US001,%20&json_resp=true',
    );
    expect(() => qas.url('Q', [{ name: 'BUSINESS_UNIT', value: 'US,001' }], 10)).toThrow(
      /cannot hold a comma/,
    );
  });
});

describe('the four queries', () => {
  it('reads open PO schedules: not complete or cancelled, with open quantity, in the PO_DT range', async () => {
    kit = await startKit();
    const { rows, invalid } = await kit.erp.openSchedules('2026-01-01', '2026-01-31');
    expect(invalid).toEqual([]);
    expect(rows.map((r) => `${r.poId}/${r.lineNumber}`)).toEqual([
      '0000079262/1',
      '0000079262/2',
      '0000079302/1',
    ]);
    expect(rows[0]).toEqual({
      businessUnit: 'US001',
      poId: '0000079262',
      lineNumber: 1,
      schedNumber: 1,
      poDate: '2026-01-05',
      poStatus: 'D',
      vendorId: '0000012345',
      vendorName: 'ACME SUPPLY CO',
      itemId: '10001',
      unitOfMeasure: 'EA',
      qtyPo: 40,
      qtyReceived: 10,
      dueDate: '2026-02-01',
    });
    expect((await kit.erp.openSchedules('2026-01-06', '2026-01-11')).rows).toEqual([]);
    expect(kit.sandbox.requests('query').at(-1)?.prompts).toBe('US001,2026-01-06,2026-01-11');
  });

  it.each([
    ['field', 'queryname'],
    ['alias', 'queryname'],
    ['field', 'queryname='],
    ['alias', 'queryname='],
  ] as const)('reads rows keyed %s with the query name under %s', async (keyStyle, querynameKey) => {
    kit = await startKit({ sandbox: { keyStyle, querynameKey } });
    const reference = await startKit();
    try {
      expect(await kit.erp.openSchedules('2026-01-01', '2026-01-31')).toEqual(
        await reference.erp.openSchedules('2026-01-01', '2026-01-31'),
      );
      expect(await kit.erp.itemVendors()).toEqual(await reference.erp.itemVendors());
      expect(await kit.erp.inventoryBalances(undefined)).toEqual(
        await reference.erp.inventoryBalances(undefined),
      );
    } finally {
      await reference.close();
    }
  });

  it('reads the item–vendor list with priorities', async () => {
    kit = await startKit();
    const { rows } = await kit.erp.itemVendors();
    expect(rows).toContainEqual({
      itemId: '10001',
      vendorId: '0000020000',
      vendorName: 'Bolt & Nut <Wholesale>',
      priority: 2,
    });
    expect(kit.sandbox.requests('query')[0]?.prompts).toBe('US001, ');
  });

  it('reads every balance on the first cycle and only changed ones afterwards', async () => {
    kit = await startKit();
    expect((await kit.erp.inventoryBalances(undefined)).rows.map((b) => b.itemId)).toEqual([
      '10001',
      '10002',
      '10003',
    ]);
    const changed = await kit.erp.inventoryBalances(Date.UTC(2026, 0, 12, 8));
    expect(changed.rows).toEqual([
      {
        itemId: '10002',
        qtyAvailable: 50,
        qtyOnHand: 50,
        qtyReserved: 0,
        changedAt: Date.UTC(2026, 0, 12, 8),
      },
      { itemId: '10003', qtyAvailable: 7, qtyOnHand: 7, qtyReserved: 0, changedAt: Date.UTC(2026, 0, 14, 8) },
    ]);
  });

  it('converts date-times with the site time zone both ways', async () => {
    kit = await startKit({
      sandbox: { timeZone: 'America/Chicago' },
      config: { timeZone: 'America/Chicago' },
    });
    const since = Date.UTC(2026, 0, 12, 8); // 02:00 in Chicago
    const { rows } = await kit.erp.inventoryBalances(since);
    expect(kit.sandbox.requests('query')[0]?.prompts).toBe('US001,2026-01-12T02:00:00, ');
    expect(rows.map((r) => [r.itemId, r.changedAt])).toEqual([
      ['10002', Date.UTC(2026, 0, 12, 8)],
      ['10003', Date.UTC(2026, 0, 14, 8)],
    ]);
    // A client that wrongly assumed UTC would miss the 02:00 change and read the others six hours off.
    const wrong = kit.client({ timeZone: 'UTC' });
    expect((await wrong.inventoryBalances(since)).rows.map((r) => [r.itemId, r.changedAt])).toEqual([
      ['10003', Date.UTC(2026, 0, 14, 2)],
    ]);
  });

  it('reports a row that does not fit as InvalidRow and keeps the others', async () => {
    const world = smallWorld();
    world.schedules.push(
      { ...(world.schedules[0] as (typeof world.schedules)[0]), poId: '0000079999', unitOfMeasure: '' },
      { ...(world.schedules[0] as (typeof world.schedules)[0]), poId: '0000080000', dueDate: 'soon' },
    );
    kit = await startKit({ world });
    const { rows, invalid } = await kit.erp.openSchedules('2026-01-01', '2026-01-31');
    expect(rows).toHaveLength(3);
    expect(invalid).toEqual([
      {
        query: 'MLC_OPEN_PO_LINES',
        rowNumber: 4,
        field: 'UNIT_OF_MEASURE',
        message: 'PO 0000079999 line 1 schedule 1: UNIT_OF_MEASURE is empty',
      },
      {
        query: 'MLC_OPEN_PO_LINES',
        rowNumber: 5,
        field: 'DUE_DT',
        message: 'PO 0000080000 line 1 schedule 1: DUE_DT is "soon", expected a date YYYY-MM-DD',
      },
    ]);
  });

  it('reads staged and loaded receipts and adjustments by reference', async () => {
    kit = await startKit();
    const since = kit.clock.now();
    await kit.erp.postReceipts([
      {
        reference: 'WM-100-1',
        businessUnit: 'US001',
        vendorId: '0000012345',
        poId: '0000079262',
        lineNumber: 1,
        schedNumber: 1,
        quantity: 3,
        unitOfMeasure: 'EA',
      },
    ]);
    await kit.erp.postAdjustments([
      {
        reference: 'WM-100-1-ADJ',
        businessUnit: 'US001',
        itemId: '10001',
        quantity: -3,
        unitOfMeasure: 'EA',
      },
    ]);
    const pending = await kit.erp.stagedTransactions(since);
    expect(pending.rows.map((t) => [t.reference, t.status])).toEqual([
      ['WM-100-1', 'PENDING'],
      ['WM-100-1-ADJ', 'PENDING'],
    ]);
    kit.clock.advance(3_600_000);
    kit.sandbox.runBatchLoad();
    const later = await kit.erp.stagedTransactions(kit.clock.now() - 60_000);
    expect(later.rows).toEqual([
      {
        reference: 'WM-100-1',
        controlId: '0000000001',
        status: 'LOADED',
        receiverId: '0000000001',
        receiverLineNumber: 1,
        poId: '0000079262',
        lineNumber: 1,
        schedNumber: 1,
        quantityReceived: 3,
        receiptShipStatus: 'R',
      },
      { reference: 'WM-100-1-ADJ', controlId: '0000000002', status: 'LOADED' },
    ]);
  });

  it('maps site status codes through stageStatusCodes and reports unknown ones', async () => {
    kit = await startKit();
    const erp = kit.client({}, { stageStatusCodes: { P: 'PENDING' } });
    await erp.postAdjustments([
      { reference: 'WM-1-1-ADJ', businessUnit: 'US001', itemId: '10001', quantity: -1, unitOfMeasure: 'EA' },
    ]);
    kit.sandbox.data.staging[0]!.status = 'P' as never;
    expect((await erp.stagedTransactions(0)).rows[0]?.status).toBe('PENDING');
    kit.sandbox.data.staging[0]!.status = 'Q' as never;
    expect((await erp.stagedTransactions(0)).invalid[0]?.field).toBe('STAGE_STATUS');
  });
});

describe('query errors', () => {
  it("surfaces wrong prompts as PeopleSoftQueryError with PeopleSoft's message", async () => {
    kit = await startKit();
    const erp = kit.client({ queries: { openPoLines: 'MLC_ITEM_VENDORS' } });
    const e = await rejectionOf(erp.openSchedules('2026-01-01', '2026-01-31'));
    expect(e).toBeInstanceOf(PeopleSoftQueryError);
    expect(e.message).toContain('do not match the prompts of query MLC_ITEM_VENDORS');
  });

  it('surfaces an unknown query and an unknown node', async () => {
    kit = await startKit();
    const e1 = await rejectionOf(kit.client({ queries: { itemVendors: 'NO_SUCH_QUERY' } }).itemVendors());
    expect(e1).toBeInstanceOf(PeopleSoftQueryError);
    expect((e1 as PeopleSoftQueryError).status).toBe(404);
    const e2 = await rejectionOf(
      kit.client({ restBaseUrl: `${kit.sandbox.url}/PSIGW/RESTListeningConnector/PSFT_HR` }).itemVendors(),
    );
    expect(e2.message).toContain('PSFT_HR is not the default local node');
  });

  it('turns an HTML page into PeopleSoftResponseError that names the URL key', async () => {
    kit = await startKit();
    const e = await rejectionOf(
      kit.client({ restBaseUrl: `${kit.sandbox.url}/PSIGW/WrongConnector/PSFT_EP` }).itemVendors(),
    );
    expect(e).toBeInstanceOf(PeopleSoftResponseError);
    expect(e.message).toContain('peoplesoft.restBaseUrl');
    expect(e.message).not.toContain('<html');
  });
});
