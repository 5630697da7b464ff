/**
 * I2: the connector never receives more against a PO schedule than its open quantity
 * (QTY_PO - QTY_RECEIVED, minus its own receipts still staged).
 */
import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule } from '../memory/index.ts';
import { confirmReceipts } from './confirm-receipts.ts';
import { drainQueue } from './drain-queue.ts';
import { matchAndPost } from './match-and-post.ts';
import { pollOrders } from './poll-orders.ts';

const setup = (qtyPo = 5, policy: 'strict' | 'earliest-due' = 'strict') =>
  memoryEngine({
    config: { matching: { policy } },
    erp: { schedules: [poSchedule({ poId: 'P1', qtyPo })], itemVendors: [itemVendor('SKU-1', '0000012345')] },
  });

async function sell(e: ReturnType<typeof setup>, po: string, quantity: number): Promise<string> {
  e.marketplace.addLine(orderLine({ purchaseOrderId: po, quantity, orderDate: e.clock.now() - 1000 }));
  e.clock.advance(1000);
  await pollOrders(e);
  return `${po}#1`;
}

describe('I2 never over-receive', () => {
  it('counts its own staged receipts against the schedule until PeopleSoft has loaded them', async () => {
    const e = setup(5);
    await sell(e, 'A', 3);
    await drainQueue(e, { batchSize: 10 });
    expect((await e.audit.get('A#1'))?.status).toBe('POSTED');

    const b = await sell(e, 'B', 3);
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(b)).toMatchObject({ status: 'FLAGGED', reason: 'INSUFFICIENT_OPEN_QTY' });

    e.erp.load();
    const c = await sell(e, 'C', 2);
    await drainQueue(e, { batchSize: 10 });
    // loaded: QTY_RECEIVED counts it and the reservation no longer does — not twice
    expect(await e.audit.get(c)).toMatchObject({ status: 'POSTED' });
    expect(e.erp.overReceived()).toEqual([]);
  });

  it('a receipt loaded between the status read and the schedule read is counted (twice at worst), never missed', async () => {
    const e = setup(5);
    await sell(e, 'A', 3);
    await drainQueue(e, { batchSize: 10 });
    const b = await sell(e, 'B', 2);
    e.erp.reads.length = 0;
    e.erp.beforeRead = (name) => {
      if (name === 'openSchedules') e.erp.load();
    };
    await drainQueue(e, { batchSize: 10 });
    expect(e.erp.reads).toEqual(['stagedTransactions', 'openSchedules', 'itemVendors']);
    // (b) saw A pending so it counts; (c) includes it too: conservative, B waits for the next batch
    expect(await e.audit.get(b)).toMatchObject({ status: 'FLAGGED', reason: 'INSUFFICIENT_OPEN_QTY' });
    expect(e.erp.overReceived()).toEqual([]);
  });

  it('a receipt loaded before the status read frees nothing twice', async () => {
    const e = setup(5);
    await sell(e, 'A', 3);
    await drainQueue(e, { batchSize: 10 });
    const b = await sell(e, 'B', 2);
    e.erp.beforeRead = (name) => {
      if (name === 'stagedTransactions') e.erp.load();
    };
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(b)).toMatchObject({ status: 'POSTED' });
    e.erp.load();
    expect(e.erp.schedules[0]?.qtyReceived).toBe(5);
    expect(e.erp.overReceived()).toEqual([]);
  });

  it('lines of one batch take from the schedule in order; the rest are flagged, none split', async () => {
    const e = setup(5, 'earliest-due');
    const keys = [];
    for (const [po, q] of [
      ['A', 2],
      ['B', 2],
      ['C', 2],
      ['D', 1],
    ] as const)
      keys.push(await sell(e, po, q));
    await drainQueue(e, { batchSize: 10 });
    const statuses = await Promise.all(keys.map(async (k) => (await e.audit.get(k))?.status));
    expect(statuses).toEqual(['POSTED', 'POSTED', 'FLAGGED', 'POSTED']);
    expect(e.erp.overReceived()).toEqual([]);
  });

  it('reservations in doubt count too, and so do intents of a crashed worker', async () => {
    const e = setup(4);
    await sell(e, 'A', 3);
    e.erp.faults.postReceipts.push({ kind: 'not-delivered' });
    await drainQueue(e, { batchSize: 10 });
    expect((await e.audit.get('A#1'))?.status).toBe('IN_DOUBT');
    const b = await sell(e, 'B', 2);
    await drainQueue(e, { batchSize: 10 });
    expect(await e.audit.get(b)).toMatchObject({ status: 'FLAGGED', reason: 'INSUFFICIENT_OPEN_QTY' });
  });

  it('concurrent workers on one item never exceed the open quantity', async () => {
    const e = setup(6);
    const keys = [];
    for (let i = 0; i < 8; i += 1) keys.push(await sell(e, `W${i}`, 1));
    const halves = [keys.slice(0, 4), keys.slice(4)];
    for (let round = 0; round < 4; round += 1) {
      const order = round % 2 ? [...halves].reverse() : halves;
      await Promise.all(order.map((ks) => matchAndPost(e, ks)));
      e.clock.advance(60_000);
    }
    const posted = (await Promise.all(keys.map((k) => e.audit.get(k)))).filter((r) => r?.status === 'POSTED');
    expect(posted).toHaveLength(6);
    expect(e.erp.overReceived()).toEqual([]);
    e.erp.load();
    await confirmReceipts(e);
    expect(e.erp.schedules[0]?.qtyReceived).toBe(6);
  });

  it('one drain reads PeopleSoft once for all its batches, and what an earlier batch received counts in a later one', async () => {
    const e = setup(5);
    for (const po of ['A', 'B', 'C']) await sell(e, po, 2);
    e.erp.reads.length = 0;
    const result = await drainQueue(e, { batchSize: 1 });
    expect(result.batches).toBe(3);
    // The first batch had no reservation yet, so no status read; the later ones reuse the first's reads.
    expect(e.erp.reads).toEqual(['openSchedules', 'itemVendors']);
    expect((await e.audit.get('A#1'))?.status).toBe('POSTED');
    expect((await e.audit.get('B#1'))?.status).toBe('POSTED');
    // 2 + 2 of 5 received: the third needs 2 more and only 1 is open, although the kept reads predate A and B.
    expect(await e.audit.get('C#1')).toMatchObject({ status: 'FLAGGED', reason: 'INSUFFICIENT_OPEN_QTY' });
    expect(e.erp.overReceived()).toEqual([]);
  });

  it('reads PeopleSoft again once the kept reads are older than cycleReadsMaxAgeMs', async () => {
    const e = memoryEngine({
      erp: {
        schedules: [poSchedule({ poId: 'P1', qtyPo: 50 })],
        itemVendors: [itemVendor('SKU-1', '0000012345')],
      },
      tuning: { cycleReadsMaxAgeMs: 60_000 },
    });
    for (const po of ['A', 'B']) await sell(e, po, 1);
    e.erp.reads.length = 0;
    e.erp.beforePost = () => e.clock.advance(61_000);
    await drainQueue(e, { batchSize: 1 });
    expect(e.erp.reads).toEqual([
      'openSchedules',
      'itemVendors',
      'stagedTransactions',
      'openSchedules',
      'itemVendors',
    ]);
  });

  it('reads the status again for an older reservation the kept reads do not cover: a loaded receipt is not counted twice', async () => {
    const e = memoryEngine({
      erp: {
        schedules: [
          poSchedule({ poId: 'P1', qtyPo: 5 }),
          poSchedule({ poId: 'P2', qtyPo: 5, itemId: 'SKU-2' }),
        ],
        itemVendors: [itemVendor('SKU-1', '0000012345'), itemVendor('SKU-2', '0000012345')],
      },
    });
    const sellOf = async (po: string, sku: string, quantity: number) => {
      e.marketplace.addLine(
        orderLine({ purchaseOrderId: po, sku, quantity, orderDate: e.clock.now() - 1000 }),
      );
      e.clock.advance(1000);
      await pollOrders(e);
    };
    // B's receipt of 3 on SKU-2 is loaded in PeopleSoft (QTY_RECEIVED 3) but not yet confirmed here.
    await sellOf('B', 'SKU-2', 3);
    await drainQueue(e, { batchSize: 10 });
    e.erp.load();
    e.clock.advance(60_000);
    await sellOf('A', 'SKU-1', 1);
    await sellOf('C', 'SKU-2', 2);
    e.erp.reads.length = 0;
    await drainQueue(e, { batchSize: 1 });
    // A's batch read no status (no reservation of SKU-1); C's batch sees B's older reservation: read again.
    expect(e.erp.reads).toEqual([
      'openSchedules',
      'itemVendors',
      'stagedTransactions',
      'openSchedules',
      'itemVendors',
    ]);
    expect((await e.audit.get('C#1'))?.status).toBe('POSTED');
    expect(e.erp.overReceived()).toEqual([]);
  });
});
