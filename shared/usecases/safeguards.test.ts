/**
 * Safeguards whose loss no other test would notice at once: each test here fails when its rule is weakened
 * (the replayable reasons, the write states that may exist in PeopleSoft, redaction of entry data, the lease
 * renewal before intents are recorded).
 */
import { describe, expect, it } from 'vitest';
import { mayExistInErp, type WriteRecord, type WriteState } from '../domain/index.ts';
import { itemVendor, memoryEngine, orderLine, poSchedule } from '../memory/index.ts';
import { changeLine } from './change-line.ts';
import { drainQueue } from './drain-queue.ts';
import { itemLease, matchAndPost } from './match-and-post.ts';
import { pollOrders } from './poll-orders.ts';
import { replayChange } from './replay-line.ts';

const ACME = '0000012345';

describe('safeguards', () => {
  it('every matching flag is replayable, UOM_MISMATCH included; a cancellation is not', () => {
    const base = {
      key: '1#1',
      purchaseOrderId: '1',
      lineNumber: '1',
      sku: 'S',
      quantity: 1,
      unit: 'EACH',
      orderDate: 0,
      walmartStatus: 'Created',
      status: 'FLAGGED' as const,
      createdAt: 0,
      updatedAt: 0,
      version: 3,
    };
    for (const reason of [
      'NO_SUPPLIER',
      'AMBIGUOUS_SUPPLIER',
      'NO_OPEN_PO',
      'NO_OPEN_PO_FOR_SUPPLIER',
      'INSUFFICIENT_OPEN_QTY',
      'AMBIGUOUS_PO',
      'UOM_MISMATCH',
      'RECEIPT_REJECTED',
    ] as const) {
      expect(replayChange({ ...base, reason })?.next.status, reason).toBe('RECEIVED');
    }
    expect(replayChange({ ...base, reason: 'CANCELLED_AFTER_RECEIPT' })).toBeUndefined();
    expect(replayChange({ ...base, reason: 'INVALID_ORDER_DATA' })).toBeUndefined();
  });

  it('a write that is INTENT, STAGED, IN_DOUBT or LOADED may be in PeopleSoft (never posted again)', () => {
    const w = (state: WriteState): WriteRecord => ({ reference: 'WM-1-1', state, intentAt: 0, attempts: 1 });
    for (const state of ['INTENT', 'STAGED', 'IN_DOUBT', 'LOADED'] as const)
      expect(mayExistInErp(w(state))).toBe(true);
    expect(mayExistInErp(w('REJECTED'))).toBe(false);
    expect(mayExistInErp(undefined)).toBe(false);
  });

  it('redacts secrets in the data of an audit entry, not only in its sentence (I6)', async () => {
    const e = memoryEngine();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '100' }));
    await pollOrders(e);
    await changeLine(e, '100#1', (cur) => ({
      next: { ...cur, detail: 'checked' },
      actor: 'replay',
      detail: 'PeopleSoft said Authorization: Basic c2VjcmV0LXVzZXI6cGFzc3dvcmQ=',
      data: { body: 'password=hunter2hunter2&x=1', nested: { header: 'Bearer abcdefghijklmnop' } },
    }));
    const text = JSON.stringify(e.audit.entriesOf('100#1'));
    expect(text).not.toContain('c2VjcmV0LXVzZXI6cGFzc3dvcmQ=');
    expect(text).not.toContain('hunter2hunter2');
    expect(text).not.toContain('abcdefghijklmnop');
    expect(text).toContain('[redacted]');
  });

  it('renews the item lease before recording intents: a lease lost meanwhile posts nothing (I2)', async () => {
    const e = memoryEngine({
      tuning: { leaseTtlMs: 60_000 },
      erp: {
        schedules: [poSchedule({ poId: 'P1', itemId: 'SKU-1' })],
        itemVendors: [itemVendor('SKU-1', ACME)],
      },
    });
    e.marketplace.addLine(orderLine({ purchaseOrderId: '100', sku: 'SKU-1' }));
    await pollOrders(e);
    // While this worker reads PeopleSoft, its lease lapses and another worker takes the item.
    e.erp.beforeRead = async (name) => {
      if (name !== 'openSchedules') return;
      e.clock.advance(61_000);
      await e.checkpoints.acquireLease(itemLease('SKU-1'), 'other-worker', 600_000);
    };
    const r = await matchAndPost(e, ['100#1']);
    expect(r.results).toEqual([
      { key: '100#1', ok: false, error: 'the lease on item SKU-1 was lost; retried later' },
    ]);
    expect(e.erp.transactions).toEqual([]);
    expect((await e.audit.get('100#1'))?.status).toBe('RECEIVED');
    e.erp.beforeRead = undefined;
    await e.checkpoints.releaseLease(itemLease('SKU-1'), 'other-worker');
    await drainQueue(e, { batchSize: 10 });
    expect(e.erp.stagedCount('WM-100-1')).toBe(1);
  });
});
