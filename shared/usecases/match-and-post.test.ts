import { describe, expect, it } from 'vitest';
import type { LineRecord } from '../domain/index.ts';
import { itemVendor, memoryEngine, orderLine, poSchedule, T0, throttled } from '../memory/index.ts';
import { matchAndPost } from './match-and-post.ts';
import { pollOrders } from './poll-orders.ts';

const ACME = '0000012345';
const setup = (over: Parameters<typeof memoryEngine>[0] = {}) =>
  memoryEngine({
    erp: {
      schedules: [poSchedule({ poId: 'P1', itemId: 'SKU-1' }), poSchedule({ poId: 'P2', itemId: 'SKU-2' })],
      itemVendors: [itemVendor('SKU-1', ACME), itemVendor('SKU-2', ACME), itemVendor('SKU-3', ACME)],
    },
    ...over,
  });

async function polled(
  e: ReturnType<typeof setup>,
  ...lines: Parameters<typeof orderLine>[0][]
): Promise<string[]> {
  for (const l of lines) e.marketplace.addLine(orderLine(l));
  await pollOrders(e);
  return lines.map((l) => `${l.purchaseOrderId}#${l.lineNumber ?? '1'}`);
}

describe('matchAndPost', () => {
  it('records the intent before posting, then POSTED with the transaction; one audit entry per change', async () => {
    const e = setup();
    const [key] = await polled(e, { purchaseOrderId: '100', quantity: 2 });
    let seenAtPost: LineRecord | undefined;
    e.erp.beforePost = async (kind) => {
      if (kind === 'receipt') seenAtPost = await e.audit.get(key!);
    };

    const r = await matchAndPost(e, [key!]);

    expect(seenAtPost).toMatchObject({
      status: 'MATCHED',
      poRef: 'US001/P1/1/1',
      receipt: { state: 'INTENT', reference: 'WM-100-1' },
    });
    expect(seenAtPost?.adjustment).toMatchObject({ state: 'INTENT', reference: 'WM-100-1-ADJ' });
    expect(r).toMatchObject({
      matched: 1,
      receiptsPosted: 1,
      adjustmentsPosted: 1,
      results: [{ key, ok: true, status: 'POSTED' }],
    });
    const line = await e.audit.get(key!);
    expect(line).toMatchObject({
      status: 'POSTED',
      vendorId: ACME,
      unitOfMeasure: 'EA',
      receipt: { state: 'STAGED', attempts: 1 },
    });
    expect(line?.receipt?.transactionId).toMatch(/PURCHASE_ORDER_RECEIPT/);
    expect(e.audit.entriesOf(key!).map((x) => [x.from, x.to])).toEqual([
      [undefined, 'RECEIVED'],
      ['RECEIVED', 'MATCHED'],
      ['MATCHED', 'POSTED'],
    ]);
    const adj = e.erp.transactions.find((t) => t.kind === 'adjustment');
    expect(adj?.adjustment).toEqual({
      reference: 'WM-100-1-ADJ',
      businessUnit: 'US001',
      itemId: 'SKU-1',
      quantity: -2,
      unitOfMeasure: 'EA',
    });
    expect(e.erp.transactions.find((t) => t.kind === 'receipt')?.receipt).toMatchObject({
      businessUnit: 'US001',
      vendorId: ACME,
      poId: 'P1',
      lineNumber: 1,
      schedNumber: 1,
      quantity: 2,
      unitOfMeasure: 'EA',
    });
  });

  it('reads PeopleSoft once per batch and posts in one call per kind', async () => {
    const e = setup();
    const keys = await polled(
      e,
      ...Array.from({ length: 6 }, (_, i) => ({ purchaseOrderId: `20${i}`, sku: i % 2 ? 'SKU-1' : 'SKU-2' })),
    );
    const calls = e.erp.callCount();
    await matchAndPost(e, keys);
    expect(e.erp.reads).toEqual(['openSchedules', 'itemVendors']);
    expect(e.erp.callCount() - calls).toBe(4);
  });

  it('flags a line without a match and still posts its adjustment (the sale left stock)', async () => {
    const e = setup();
    const [key] = await polled(e, { purchaseOrderId: '300', sku: 'SKU-3', quantity: 4 });
    const r = await matchAndPost(e, [key!]);
    const line = await e.audit.get(key!);
    expect(line).toMatchObject({ status: 'FLAGGED', reason: 'NO_OPEN_PO', adjustment: { state: 'STAGED' } });
    expect(line?.receipt).toBeUndefined();
    expect(r).toMatchObject({ flagged: 1, receiptsPosted: 0, adjustmentsPosted: 1 });
    expect(e.erp.transactions.map((t) => t.reference)).toEqual(['WM-300-1-ADJ']);
  });

  it('posts no adjustment when the unit maps to no PeopleSoft unit', async () => {
    const e = setup();
    const [key] = await polled(e, { purchaseOrderId: '301', unit: 'CASE' });
    await matchAndPost(e, [key!]);
    expect(await e.audit.get(key!)).toMatchObject({ status: 'FLAGGED', reason: 'UOM_MISMATCH' });
    expect(e.erp.transactions).toEqual([]);
  });

  it('flags a rejected receipt with PeopleSoft message set, id and text; a rejected adjustment keeps the status', async () => {
    const e = setup();
    const [key] = await polled(e, { purchaseOrderId: '400' });
    e.erp.faults.postReceipts.push({
      kind: 'reject',
      message: 'Invalid PO line',
      messageSet: '158',
      messageId: '10001',
    });
    e.erp.faults.postAdjustments.push({ kind: 'reject', message: 'Period closed' });
    await matchAndPost(e, [key!]);
    const line = await e.audit.get(key!);
    expect(line).toMatchObject({
      status: 'FLAGGED',
      reason: 'RECEIPT_REJECTED',
      receipt: { state: 'REJECTED' },
      adjustment: { state: 'REJECTED' },
    });
    expect(line?.detail).toContain('Invalid PO line');
    const last = e.audit.entriesOf(key!).at(-1)!;
    expect(last.data?.receipt).toMatchObject({
      messageSet: '158',
      messageId: '10001',
      message: 'Invalid PO line',
    });
    expect(last.reason).toBe('RECEIPT_REJECTED');

    const e2 = setup();
    const [k2] = await polled(e2, { purchaseOrderId: '401' });
    e2.erp.faults.postAdjustments.push({ kind: 'reject', message: 'Period closed' });
    await matchAndPost(e2, [k2!]);
    expect(await e2.audit.get(k2!)).toMatchObject({
      status: 'POSTED',
      adjustment: { state: 'REJECTED', error: { message: 'Period closed' } },
    });
  });

  it('marks the line IN_DOUBT when PeopleSoft does not answer', async () => {
    const e = setup();
    const [key] = await polled(e, { purchaseOrderId: '500' });
    e.erp.faults.postReceipts.push({ kind: 'lost-response' });
    const r = await matchAndPost(e, [key!]);
    expect(await e.audit.get(key!)).toMatchObject({
      status: 'IN_DOUBT',
      receipt: { state: 'IN_DOUBT' },
      adjustment: { state: 'STAGED' },
    });
    expect(r.results[0]).toMatchObject({ ok: true, status: 'IN_DOUBT' });
  });

  it('treats a post call that throws as in doubt, never as not sent', async () => {
    const e = setup();
    const [key] = await polled(e, { purchaseOrderId: '501' });
    e.erp.faults.postReceipts.push({ kind: 'throw', message: 'socket hang up' });
    await matchAndPost(e, [key!]);
    expect(await e.audit.get(key!)).toMatchObject({ status: 'IN_DOUBT' });
  });

  it('fails the keys of an item whose lease another worker holds, and those of a failed read, leaving them RECEIVED', async () => {
    const e = setup();
    const keys = await polled(
      e,
      { purchaseOrderId: '600', sku: 'SKU-1' },
      { purchaseOrderId: '601', sku: 'SKU-2' },
    );
    await e.checkpoints.acquireLease('item:SKU-1', 'other', 60_000);
    e.erp.faults.reads.openSchedules = [throttled('peoplesoft', 'ExecuteQuery.v1/PUBLIC/MLC_OPEN_PO_LINES')];
    const r = await matchAndPost(e, keys);
    expect(r.results.map((x) => x.ok)).toEqual([false, false]);
    expect(r.results[0]?.error).toContain('another worker');
    expect(r.batchError).toContain('HTTP 429');
    expect((await e.audit.get('601#1'))?.status).toBe('RECEIVED');
    expect(e.checkpoints.holder('item:SKU-2')).toBeUndefined();
  });

  it("applies a reviewer's schedule but still checks it, and a reviewer's skip", async () => {
    const e = setup({
      erp: {
        schedules: [poSchedule({ poId: 'P1' }), poSchedule({ poId: 'P9', qtyPo: 1 })],
        itemVendors: [itemVendor('SKU-1', ACME)],
      },
    });
    const keys = await polled(
      e,
      { purchaseOrderId: '700', quantity: 2 },
      { purchaseOrderId: '701', quantity: 2 },
      { purchaseOrderId: '702' },
    );
    const at = T0;
    const set = async (key: string, resolution: LineRecord['resolution']) => {
      const cur = (await e.audit.get(key))!;
      await e.audit.update({ ...cur, resolution, version: cur.version + 1 }, cur.version, {
        ...e.audit.entriesOf(key)[0]!,
        detail: 'test',
      });
    };
    await set(keys[0]!, { poRef: 'US001/P1/1/1', by: 'clerk', at });
    await set(keys[1]!, { poRef: 'US001/P9/1/1', by: 'clerk', at });
    await set(keys[2]!, { skip: true, by: 'clerk', note: 'sample', at });
    await matchAndPost(e, keys);
    expect(await e.audit.get(keys[0]!)).toMatchObject({ status: 'POSTED', poRef: 'US001/P1/1/1' });
    const stale = await e.audit.get(keys[1]!);
    expect(stale).toMatchObject({ status: 'FLAGGED', reason: 'INSUFFICIENT_OPEN_QTY' });
    expect(stale?.resolution).toBeUndefined();
    expect(await e.audit.get(keys[2]!)).toMatchObject({ status: 'SKIPPED', reason: 'RESOLVED_SKIP' });
  });

  it('re-decides on a lost race instead of overwriting', async () => {
    const e = setup();
    const [key] = await polled(e, { purchaseOrderId: '800' });
    let raced = false;
    e.audit.beforeUpdate = async (next) => {
      if (raced || next.status !== 'MATCHED') return;
      raced = true;
      const cur = (await e.audit.get(key!))!;
      e.audit.beforeUpdate = undefined;
      await e.audit.update({ ...cur, acknowledged: true, version: cur.version + 1 }, cur.version, {
        ...e.audit.entriesOf(key!)[0]!,
        actor: 'acknowledge',
        detail: 'acknowledged meanwhile',
      });
    };
    await matchAndPost(e, [key!]);
    expect(await e.audit.get(key!)).toMatchObject({ status: 'POSTED', acknowledged: true });
    expect(e.erp.stagedCount('WM-800-1')).toBe(1);
  });
});
