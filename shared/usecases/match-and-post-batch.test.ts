/** One batch of matchAndPost: who gets a short schedule, what it counts, and each line that cannot be worked. */
import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule, T0 } from '../memory/index.ts';
import type { Log } from '../ports.ts';
import { matchAndPost } from './match-and-post.ts';
import { pollOrders } from './poll-orders.ts';

const ACME = '0000012345';
const HOUR = 3_600_000;

function setup(qtyPo = 10, log?: Log) {
  return memoryEngine({
    ...(log ? { log } : {}),
    erp: {
      schedules: [poSchedule({ poId: 'P1', itemId: 'SKU-1', qtyPo })],
      itemVendors: [itemVendor('SKU-1', ACME)],
    },
  });
}

async function polled(e: ReturnType<typeof setup>, ...lines: Parameters<typeof orderLine>[0][]) {
  for (const l of lines) e.marketplace.addLine(orderLine(l));
  await pollOrders(e);
  return lines.map((l) => `${l.purchaseOrderId}#${l.lineNumber ?? '1'}`);
}

describe('matchAndPost batches', () => {
  it('gives a short schedule to the earliest order, whatever order the keys came in', async () => {
    const e = setup(3);
    const keys = await polled(
      e,
      { purchaseOrderId: 'LATE', quantity: 2, orderDate: T0 - HOUR },
      { purchaseOrderId: 'EARLY', quantity: 2, orderDate: T0 - 2 * HOUR },
    );
    await matchAndPost(e, keys);
    expect(await e.audit.get('EARLY#1')).toMatchObject({ status: 'POSTED' });
    expect(await e.audit.get('LATE#1')).toMatchObject({ status: 'FLAGGED', reason: 'INSUFFICIENT_OPEN_QTY' });
  });

  it('breaks a tie of order dates by key', async () => {
    const e = setup(3);
    const keys = await polled(
      e,
      { purchaseOrderId: 'B', quantity: 2, orderDate: T0 - HOUR },
      { purchaseOrderId: 'A', quantity: 2, orderDate: T0 - HOUR },
    );
    await matchAndPost(e, keys);
    expect((await e.audit.get('A#1'))?.status).toBe('POSTED');
    expect((await e.audit.get('B#1'))?.status).toBe('FLAGGED');
  });

  it('gives back what a lost race took before deciding again', async () => {
    const e = setup(2);
    const [key] = await polled(e, { purchaseOrderId: '800', quantity: 2 });
    let raced = false;
    e.audit.beforeUpdate = async (next) => {
      if (raced || next.status !== 'MATCHED') return;
      raced = true;
      const cur = (await e.audit.get(key!))!;
      await e.audit.update({ ...cur, acknowledged: true }, cur.version, {
        ...e.audit.entriesOf(key!)[0]!,
        actor: 'acknowledge',
        detail: 'acknowledged meanwhile',
      });
    };
    await matchAndPost(e, [key!]);
    expect(raced).toBe(true);
    expect(await e.audit.get(key!)).toMatchObject({
      status: 'POSTED',
      poRef: 'US001/P1/1/1',
      acknowledged: true,
    });
  });

  it('counts what it matched, flagged and posted, rejected receipts among the flags', async () => {
    const e = setup(10);
    const keys = await polled(
      e,
      { purchaseOrderId: '1', quantity: 1 },
      { purchaseOrderId: '2', quantity: 1 },
      { purchaseOrderId: '3', sku: 'NO-SUPPLIER' },
    );
    e.erp.faults.postReceipts.push({ kind: 'reject', message: 'Period closed' });
    const r = await matchAndPost(e, keys);
    expect({ ...r, results: undefined }).toEqual({
      matched: 2,
      flagged: 3,
      skipped: 0,
      receiptsPosted: 0,
      adjustmentsPosted: 3,
      inDoubt: 0,
      results: undefined,
    });
    expect(r.results).toEqual([
      { key: '1#1', ok: true, status: 'FLAGGED' },
      { key: '2#1', ok: true, status: 'FLAGGED' },
      { key: '3#1', ok: true, status: 'FLAGGED' },
    ]);
  });

  it('fails an unknown key and one whose record cannot be read; the rest are worked', async () => {
    const { log, lines } = capturingLog();
    const e = setup(10, log);
    const [key] = await polled(e, { purchaseOrderId: '1' });
    await polled(e, { purchaseOrderId: 'BROKEN' });
    const get = e.audit.get.bind(e.audit);
    e.audit.get = async (k) => {
      if (k === 'BROKEN#1') throw new Error('row unreadable');
      return get(k);
    };
    const r = await matchAndPost(e, [key!, 'NOPE#1', 'BROKEN#1']);
    expect(r.results).toEqual([
      { key: '1#1', ok: true, status: 'POSTED' },
      { key: 'NOPE#1', ok: false, error: 'order line NOPE#1 is not in the audit trail' },
      { key: 'BROKEN#1', ok: false, error: 'row unreadable' },
    ]);
    expect(lines.find((l) => l.message === 'match and post done')?.fields).toMatchObject({
      matched: 1,
      failed: 2,
    });
  });

  it('never decides again a RECEIVED line whose receipt may be in PeopleSoft', async () => {
    const e = setup(10);
    const [key] = await polled(e, { purchaseOrderId: '1' });
    const cur = (await e.audit.get(key!))!;
    await e.audit.update(
      { ...cur, receipt: { reference: 'WM-1-1', state: 'STAGED', intentAt: T0, attempts: 1 } },
      cur.version,
      { ...e.audit.entriesOf(key!)[0]!, detail: 'seeded' },
    );
    const r = await matchAndPost(e, [key!]);
    expect(r.results).toEqual([
      { key: '1#1', ok: false, error: 'line 1#1 is RECEIVED but its receipt WM-1-1 is STAGED' },
    ]);
    expect(e.erp.stagedCount('WM-1-1')).toBe(0);
  });

  it('reads nothing from PeopleSoft when no line of the batch is to be matched', async () => {
    const e = setup(10);
    const [key] = await polled(e, { purchaseOrderId: '1' });
    await matchAndPost(e, [key!]);
    const reads = e.erp.reads.length;
    const again = await matchAndPost(e, [key!]);
    expect(again.results).toEqual([{ key: '1#1', ok: true, status: 'POSTED' }]);
    expect(e.erp.reads.length).toBe(reads);
  });
});

function capturingLog() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      void lines.push({ level, message, fields });
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}
