/**
 * I3 (no line silently dropped) together with I1 and I2, through a run of cycles with random faults:
 * lost and undelivered posts, rejections, read outages, crashes while recording, late cancellations, slow loads.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../sandbox/seeded-random.ts';
import { TERMINAL_STATUSES } from '../domain/index.ts';
import { itemVendor, memoryEngine, orderLine, poSchedule, type PostFault } from '../memory/index.ts';
import { replayFailed } from './replay-line.ts';
import { runSyncCycle } from './sync-cycle.ts';

const MINUTE = 60_000;

const ITEMS = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4'];
const POST_FAULTS: PostFault[] = [
  { kind: 'lost-response' },
  { kind: 'not-delivered' },
  { kind: 'throw' },
  { kind: 'reject', message: 'Receiving period closed', messageSet: '18030', messageId: '15' },
  // within the in-doubt grace period (15 min by default): the assumption I1 rests on, see docs/engine.md
  { kind: 'delayed-staging', delayMs: 10 * MINUTE },
];

async function chaos(seed: number) {
  // seeded so a failing seed can be replayed
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const e = memoryEngine({
    config: {
      matching: { policy: 'earliest-due' },
      walmart: { acknowledge: 'all' },
      orders: { maxAttempts: 3 },
    },
    erp: {
      schedules: ITEMS.flatMap((itemId, i) => [
        poSchedule({ poId: `P${i}A`, itemId, qtyPo: 12, dueDate: '2026-02-01' }),
        poSchedule({ poId: `P${i}B`, itemId, qtyPo: 8, dueDate: '2026-03-01' }),
      ]),
      itemVendors: [...ITEMS.map((i) => itemVendor(i, '0000012345')), itemVendor('SKU-3', '0000067890', 1)],
      balances: ITEMS.map((itemId) => ({
        itemId,
        qtyAvailable: 50,
        qtyOnHand: 50,
        qtyReserved: 0,
        changedAt: 0,
      })),
    },
  });
  let po = 1000;
  const cycle = async (faulty: boolean) => {
    // the calm phase only lets what is in flight settle
    for (let n = faulty ? Math.floor(rnd() * 5) : 0; n > 0; n -= 1) {
      const at = e.clock.now() - Math.floor(rnd() * 5 * MINUTE);
      const id = String(po++);
      for (let line = 1; line <= 1 + Math.floor(rnd() * 2); line += 1) {
        const unit = rnd() < 0.05 ? 'CASE' : 'EACH';
        e.marketplace.addLine(
          orderLine({
            purchaseOrderId: id,
            lineNumber: String(line),
            sku: pick([...ITEMS, 'SKU-X']),
            quantity: 1 + Math.floor(rnd() * 3),
            unit,
            orderDate: at,
          }),
        );
      }
      if (rnd() < 0.05)
        e.marketplace.addInvalid(
          { purchaseOrderId: id, lineNumber: '9', field: 'orderLineQuantity.amount', message: 'is missing' },
          at,
        );
    }
    if (faulty && e.marketplace.lines.length > 0 && rnd() < 0.15) {
      const l = pick(e.marketplace.lines);
      if (l.result.ok)
        e.marketplace.setStatus(
          l.result.line.purchaseOrderId,
          l.result.line.lineNumber,
          'Cancelled',
          e.clock.now() - 1000,
        );
    }
    if (faulty) {
      if (rnd() < 0.4) e.erp.faults.postReceipts.push(pick(POST_FAULTS));
      if (rnd() < 0.3) e.erp.faults.postAdjustments.push(pick(POST_FAULTS));
      if (rnd() < 0.1) e.erp.faults.reads.openSchedules = [new Error('gateway 502')];
      if (rnd() < 0.1) e.erp.faults.reads.stagedTransactions = [new Error('query timed out')];
      if (rnd() < 0.1)
        e.marketplace.faults.orderLines.push({
          error: new Error('Walmart 503'),
          afterLines: Math.floor(rnd() * 3),
        });
      e.audit.beforeUpdate =
        rnd() < 0.1
          ? (next) => {
              if (next.receipt?.state === 'STAGED' && rnd() < 0.5) throw new Error('process killed');
            }
          : undefined;
    } else {
      e.erp.faults.postReceipts.length = 0;
      e.erp.faults.postAdjustments.length = 0;
      e.erp.faults.reads = {};
      e.marketplace.faults.orderLines.length = 0;
      e.audit.beforeUpdate = undefined;
    }
    await runSyncCycle(e, { drainBatchSize: 4 });
    if (rnd() < 0.6 || !faulty) e.erp.load(() => !faulty || rnd() < 0.8);
    e.clock.advance(15 * MINUTE);
  };

  for (let i = 0; i < 16; i += 1) {
    await cycle(true);
    // I3 at every step: each line is terminal, visibly in progress, or waiting in the queue or dead letters
    const queued = new Set([...e.queue.pending(), ...(await e.queue.deadLetters())].map((w) => w.key));
    for (const r of e.audit.all()) {
      if (r.status === 'RECEIVED')
        expect(queued.has(r.key), `${r.key} RECEIVED but not queued (seed ${seed})`).toBe(true);
    }
    expect(e.erp.duplicates(), `seed ${seed}`).toEqual([]);
    expect(e.erp.overReceived(), `seed ${seed}`).toEqual([]);
  }
  for (let i = 0; i < 8; i += 1) {
    if (i === 1) await replayFailed(e);
    await cycle(false);
  }
  return e;
}

describe('I3 no line silently dropped, under random faults', () => {
  it.each([
    1, 2, 3, 42,
  ])('seed %i: every polled line ends terminal, each write reaches PeopleSoft at most once', async (seed) => {
    const e = await chaos(seed);
    const records = e.audit.all();
    const polledKeys = new Set(records.map((r) => r.key));
    for (const l of e.marketplace.lines) {
      const key = l.result.ok
        ? `${l.result.line.purchaseOrderId}#${l.result.line.lineNumber}`
        : `${l.result.invalid.purchaseOrderId}#${l.result.invalid.lineNumber}`;
      expect(polledKeys.has(key), `${key} never recorded (seed ${seed})`).toBe(true);
    }
    for (const r of records) {
      expect(TERMINAL_STATUSES.has(r.status), `${r.key} is ${r.status} (seed ${seed})`).toBe(true);
      expect(e.audit.entriesOf(r.key).length).toBeGreaterThan(0);
    }
    expect(e.erp.duplicates()).toEqual([]);
    expect(e.erp.overReceived()).toEqual([]);
    expect(records.filter((r) => r.status === 'RECEIPTED').length).toBeGreaterThan(0);
    // after the replay every sale's adjustment is loaded exactly once, and no rejection is left
    for (const r of records) {
      expect(r.reason, `${r.key} (seed ${seed})`).not.toBe('RECEIPT_REJECTED');
      const sale = r.walmartStatus !== 'Cancelled' && r.reason !== 'INVALID_ORDER_DATA' && r.unit === 'EACH';
      if (sale) {
        expect(r.adjustment?.state, `${r.key} adjustment (seed ${seed})`).toBe('LOADED');
        expect(e.erp.stagedCount(`WM-${r.purchaseOrderId}-${r.lineNumber}-ADJ`)).toBe(1);
      }
    }
  });
});
