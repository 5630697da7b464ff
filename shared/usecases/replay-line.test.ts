/** What a replay changes (replayChange), what it tells the operator, and which lines `replay --failed` picks. */
import { describe, expect, it } from 'vitest';
import type { LineRecord } from '../domain/index.ts';
import { memoryEngine, T0 } from '../memory/index.ts';
import { tuningOf } from './engine-deps.ts';
import { replayChange, replayFailed, replayLine } from './replay-line.ts';

const ADJ = { reference: 'WM-1-1-ADJ', intentAt: 0, attempts: 1 };
const REV = { reference: 'WM-1-1-REV', intentAt: 0, attempts: 1 };

function line(over: Partial<LineRecord> & { key?: string } = {}): LineRecord {
  const key = over.key ?? '1#1';
  const [purchaseOrderId, lineNumber] = key.split('#') as [string, string];
  return {
    key,
    purchaseOrderId,
    lineNumber,
    sku: 'SKU-1',
    itemId: 'ITEM-1',
    quantity: 2,
    unit: 'EACH',
    orderDate: 0,
    walmartStatus: 'Created',
    status: 'FLAGGED',
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    ...over,
  };
}

describe('replayChange', () => {
  it.each([
    'RECEIPT_REJECTED',
    'NO_SUPPLIER',
    'AMBIGUOUS_SUPPLIER',
    'NO_OPEN_PO',
    'NO_OPEN_PO_FOR_SUPPLIER',
    'INSUFFICIENT_OPEN_QTY',
    'AMBIGUOUS_PO',
    'UOM_MISMATCH',
  ] as const)('sends a line flagged %s back to matching, its match forgotten', (reason) => {
    const cur = line({ reason, poRef: 'US001/P1/1/1', vendorId: 'V1', detail: 'flagged' });
    const change = replayChange(cur);
    expect(change).toEqual({
      next: {
        ...cur,
        status: 'RECEIVED',
        reason: undefined,
        poRef: undefined,
        vendorId: undefined,
        detail: `Replayed: the line (${reason}) is matched again.`,
      },
      actor: 'replay',
      detail: `Replayed: the line (${reason}) is matched again.`,
      data: { previousStatus: 'FLAGGED', previousReason: reason },
    });
  });

  it('drops a rejected receipt so it is posted afresh', () => {
    const rejected = replayChange(
      line({
        reason: 'RECEIPT_REJECTED',
        receipt: { reference: 'WM-1-1', state: 'REJECTED', intentAt: 0, attempts: 1 },
      }),
    );
    expect(rejected?.next.receipt).toBeUndefined();
  });

  it('leaves alone a flag a person must decide, a line not flagged, and a rematch not asked for', () => {
    for (const reason of ['INVALID_ORDER_DATA', 'RECEIPT_NOT_LOADED', 'CANCELLED_AFTER_RECEIPT'] as const) {
      expect(replayChange(line({ reason })), reason).toBeUndefined();
    }
    expect(replayChange(line({ reason: undefined }))).toBeUndefined();
    expect(replayChange(line({ status: 'RECEIPTED', reason: 'AMBIGUOUS_PO' }))).toBeUndefined();
    expect(replayChange(line({ reason: 'AMBIGUOUS_PO' }), { rematch: false })).toBeUndefined();
  });

  it('clears a rejected adjustment or reversal for re-post without touching the status or the detail', () => {
    const cur = line({
      status: 'RECEIPTED',
      detail: 'Receipt loaded.',
      adjustment: { ...ADJ, state: 'REJECTED' },
      reversal: { ...REV, state: 'REJECTED' },
    });
    const change = replayChange(cur)!;
    expect(change.next.status).toBe('RECEIPTED');
    expect(change.next.detail).toBe('Receipt loaded.');
    expect(change.next.adjustment).toBeUndefined();
    expect(change.next.reversal).toBeUndefined();
    expect(change.detail).toBe(
      'Replayed: the rejected adjustment WM-1-1-ADJ is posted again; the rejected reversal WM-1-1-REV is posted again.',
    );
    const onlyReversal = replayChange(
      line({ status: 'RECEIPTED', reversal: { ...REV, state: 'REJECTED' } }),
    )!;
    expect(onlyReversal.detail).toBe('Replayed: the rejected reversal WM-1-1-REV is posted again.');
    expect(onlyReversal.next.reversal).toBeUndefined();
    const staged = line({
      status: 'RECEIPTED',
      adjustment: { ...ADJ, state: 'STAGED' },
      reversal: { ...REV, state: 'LOADED' },
    });
    expect(replayChange(staged)).toBeUndefined();
  });
});

describe('replayLine', () => {
  async function stored(...records: LineRecord[]) {
    const e = memoryEngine({});
    for (const r of records) {
      await e.audit.create(r, {
        key: r.key,
        purchaseOrderId: r.purchaseOrderId,
        lineNumber: r.lineNumber,
        at: r.updatedAt,
        actor: 'poll',
        to: r.status,
        detail: 'seeded',
      });
    }
    return e;
  }

  it('says why nothing was replayed, naming the status and the reason', async () => {
    const e = await stored(
      line({ key: '1#1', status: 'POSTED' }),
      line({ key: '2#1', reason: 'CANCELLED_AFTER_RECEIPT' }),
    );
    expect(await replayLine(e, '1#1')).toEqual({
      key: '1#1',
      action: 'none',
      status: 'POSTED',
      message: 'nothing to replay: the line is POSTED',
    });
    expect((await replayLine(e, '2#1')).message).toBe(
      'nothing to replay: the line is FLAGGED (CANCELLED_AFTER_RECEIPT)',
    );
    expect(e.queue.pending()).toEqual([]);
  });

  it('re-enqueues a RECEIVED or MATCHED line under its item, unchanged', async () => {
    const e = await stored(
      line({ key: '1#1', status: 'RECEIVED' }),
      line({ key: '2#1', status: 'MATCHED', itemId: 'ITEM-2' }),
    );
    expect(await replayLine(e, '1#1')).toEqual({
      key: '1#1',
      action: 'requeued',
      status: 'RECEIVED',
      message: 'sent to the work queue again',
    });
    expect(await replayLine(e, '2#1')).toMatchObject({ action: 'requeued', status: 'MATCHED' });
    expect(e.queue.pending()).toEqual([
      { key: '1#1', group: 'ITEM-1' },
      { key: '2#1', group: 'ITEM-2' },
    ]);
    expect((await e.audit.get('1#1'))?.version).toBe(1);
  });

  it('re-enqueues a line whose rejected adjustment it cleared, and says so', async () => {
    const e = await stored(
      line({
        status: 'RECEIPTED',
        poRef: 'US001/P1/1/1',
        receipt: { reference: 'WM-1-1', state: 'LOADED', intentAt: 0, attempts: 1 },
        adjustment: { ...ADJ, state: 'REJECTED' },
      }),
    );
    expect(await replayLine(e, '1#1')).toEqual({
      key: '1#1',
      action: 'requeued',
      status: 'RECEIPTED',
      message: 'Replayed: the rejected adjustment WM-1-1-ADJ is posted again.',
    });
    expect(e.queue.pending()).toEqual([{ key: '1#1', group: 'ITEM-1' }]);
  });

  it('settles a staged receipt by one confirmation and reports a line PeopleSoft has not moved', async () => {
    const e = await stored(
      line({
        status: 'POSTED',
        poRef: 'US001/P1/1/1',
        receipt: { reference: 'WM-1-1', state: 'IN_DOUBT', intentAt: 0, attempts: 1 },
      }),
    );
    const r = await replayLine(e, '1#1');
    expect(r.action).toBe('confirmed');
    expect(e.queue.pending()).toEqual([]);
    expect(r).toEqual({ key: '1#1', action: 'confirmed', status: 'POSTED', message: 'now POSTED' });
    // PeopleSoft never staged it: the receipt is forgotten, to be posted again once (never blindly twice)
    expect((await e.audit.get('1#1'))?.receipt).toBeUndefined();

    const staged = await stored(
      line({
        status: 'POSTED',
        poRef: 'US001/P1/1/1',
        receipt: { reference: 'WM-1-1', state: 'STAGED', intentAt: T0, attempts: 1 },
        updatedAt: T0,
      }),
    );
    staged.erp.transactions.push({
      kind: 'receipt',
      reference: 'WM-1-1',
      status: 'PENDING',
      stagedAt: T0,
      controlId: 'C1',
    });
    expect(await replayLine(staged, '1#1')).toEqual({
      key: '1#1',
      action: 'confirmed',
      status: 'POSTED',
      message: 'checked against PeopleSoft; still POSTED',
    });
  });

  it('throws for a key the audit trail does not know', async () => {
    const e = await stored();
    await expect(replayLine(e, 'NOPE#1')).rejects.toMatchObject({ name: 'UnknownLineError' });
  });
});

describe('replayFailed', () => {
  it('picks exactly the lines whose downstream call failed, within the sweep window', async () => {
    const e = memoryEngine({});
    const now = e.clock.now();
    const { retryMaxDelayMs, sweepWindowMs } = tuningOf(e);
    const stale = now - 2 * retryMaxDelayMs;
    const seeds: [string, Partial<LineRecord>][] = [
      ['rejected#1', { reason: 'RECEIPT_REJECTED', updatedAt: now - 1 }],
      ['notloaded#1', { reason: 'RECEIPT_NOT_LOADED', updatedAt: now - 1 }],
      ['oldrejected#1', { reason: 'RECEIPT_REJECTED', updatedAt: now - sweepWindowMs - 1 }],
      ['ambiguous#1', { reason: 'AMBIGUOUS_PO', updatedAt: now - 1 }],
      [
        'doubt#1',
        {
          status: 'IN_DOUBT',
          receipt: { reference: 'WM-doubt-1', state: 'IN_DOUBT', intentAt: 0, attempts: 1 },
          updatedAt: now - 1,
        },
      ],
      ['oldreceived#1', { status: 'RECEIVED', updatedAt: stale - 1 }],
      ['edgereceived#1', { status: 'RECEIVED', updatedAt: stale }],
      ['freshreceived#1', { status: 'RECEIVED', updatedAt: now - retryMaxDelayMs }],
      [
        'adjrejected#1',
        { status: 'RECEIPTED', adjustment: { ...ADJ, state: 'REJECTED' }, updatedAt: now - 1 },
      ],
      [
        'oldadj#1',
        {
          status: 'RECEIPTED',
          adjustment: { ...ADJ, state: 'REJECTED' },
          updatedAt: now - sweepWindowMs - 1,
        },
      ],
      ['posted#1', { status: 'POSTED', updatedAt: stale - 1 }],
    ];
    for (const [key, over] of seeds) {
      const r = line({ key, ...over, reason: over.reason });
      await e.audit.create(r, {
        key,
        purchaseOrderId: r.purchaseOrderId,
        lineNumber: '1',
        at: r.updatedAt,
        actor: 'poll',
        to: r.status,
        detail: 'seeded',
      });
    }
    const { replayed, redriven } = await replayFailed(e);
    expect(replayed.map((r) => r.key).sort()).toEqual(
      ['adjrejected#1', 'doubt#1', 'notloaded#1', 'oldreceived#1', 'oldrejected#1', 'rejected#1'].sort(),
    );
    expect(redriven).toBe(0);
  });
});
