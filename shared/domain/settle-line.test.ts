/** Settling a line's writes against PeopleSoft's receipt-status rows: the change, its detail and its effects. */
import { describe, expect, it } from 'vitest';
import type { LineRecord, WriteRecord } from './audit-record.ts';
import type { StagedTransaction } from './erp-records.ts';
import { flagSentence } from './flag-messages.ts';
import { settleLine } from './settle-line.ts';

const NOW = 10_000_000;
const RULES = { graceMs: 60_000, loadTimeoutMs: 3_600_000 };
const NONE = {
  confirmed: false,
  flagged: false,
  repost: false,
  adjustmentLoaded: false,
  adjustmentRejected: false,
};

const write = (reference: string, state: WriteRecord['state'], intentAt = NOW - 1_000): WriteRecord => ({
  reference,
  state,
  intentAt,
  attempts: 1,
});
const RECEIPT = 'WM-7-1';
const ADJ = 'WM-7-1-ADJ';
const REV = 'WM-7-1-ADJR';

function line(over: Partial<LineRecord> = {}): LineRecord {
  return {
    key: '7#1',
    purchaseOrderId: '7',
    lineNumber: '1',
    sku: 'WM-1',
    itemId: 'ITEM-1',
    quantity: 2,
    unit: 'EACH',
    unitOfMeasure: 'EA',
    orderDate: 0,
    walmartStatus: 'Created',
    status: 'POSTED',
    poRef: 'US001/P1/1/1',
    vendorId: 'V1',
    detail: 'Matched.',
    createdAt: 0,
    updatedAt: 0,
    version: 3,
    ...over,
  };
}

const rows = (...r: Partial<StagedTransaction>[]) =>
  new Map(r.map((x) => [x.reference!, { controlId: 'C1', status: 'PENDING', ...x } as StagedTransaction]));

describe('settleLine: the receipt', () => {
  it('LOADED → RECEIPTED with the receiver, the detail its last note', () => {
    const cur = line({ receipt: write(RECEIPT, 'STAGED'), adjustment: write(ADJ, 'LOADED') });
    const { change, effects } = settleLine(
      cur,
      rows({ reference: RECEIPT, status: 'LOADED', receiverId: 'R9' }),
      NOW,
      RULES,
    );
    expect(effects).toEqual({ ...NONE, confirmed: true });
    expect(change).toEqual({
      next: {
        ...cur,
        status: 'RECEIPTED',
        reason: undefined,
        detail: `Receipt ${RECEIPT} loaded in PeopleSoft as receiver R9.`,
        receipt: { ...write(RECEIPT, 'STAGED'), state: 'LOADED', receiverId: 'R9' },
      },
      actor: 'confirm',
      detail: `Receipt ${RECEIPT} loaded in PeopleSoft as receiver R9.`,
      data: { receipt: { reference: RECEIPT, status: 'LOADED', receiverId: 'R9' } },
    });
    const bare = settleLine(cur, rows({ reference: RECEIPT, status: 'LOADED' }), NOW, RULES);
    expect(bare.change?.detail).toBe(`Receipt ${RECEIPT} loaded in PeopleSoft.`);
  });

  it('a loaded receipt of a line that does not wait on it keeps the line where it is', () => {
    const cur = line({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      detail: 'Cancelled.',
      receipt: write(RECEIPT, 'STAGED'),
    });
    const { change, effects } = settleLine(cur, rows({ reference: RECEIPT, status: 'LOADED' }), NOW, RULES);
    expect(effects).toEqual(NONE);
    expect(change?.next).toMatchObject({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      detail: 'Cancelled.',
    });
    expect(change?.next.receipt?.state).toBe('LOADED');
  });

  it.each([
    ['IN_DOUBT', 'IN_DOUBT'],
    ['FLAGGED RECEIPT_NOT_LOADED', 'FLAGGED'],
  ] as const)('a line %s also waits on its receipt', (_what, status) => {
    const cur = line({
      status,
      reason: status === 'FLAGGED' ? 'RECEIPT_NOT_LOADED' : undefined,
      receipt: write(RECEIPT, status === 'FLAGGED' ? 'STAGED' : 'IN_DOUBT'),
    });
    const { change, effects } = settleLine(cur, rows({ reference: RECEIPT, status: 'LOADED' }), NOW, RULES);
    expect(change?.next.status).toBe('RECEIPTED');
    expect(effects.confirmed).toBe(true);
  });

  it('ERROR → FLAGGED RECEIPT_REJECTED with the staging error', () => {
    const cur = line({ receipt: write(RECEIPT, 'STAGED') });
    const { change, effects } = settleLine(
      cur,
      rows({ reference: RECEIPT, status: 'ERROR', errorText: 'Period closed' }),
      NOW,
      RULES,
    );
    const detail = flagSentence('RECEIPT_REJECTED', {
      reference: RECEIPT,
      poRef: 'US001/P1/1/1',
      message: 'Period closed',
    });
    expect(effects).toEqual({ ...NONE, flagged: true });
    expect(change).toEqual({
      next: {
        ...cur,
        status: 'FLAGGED',
        reason: 'RECEIPT_REJECTED',
        detail,
        receipt: { ...write(RECEIPT, 'STAGED'), state: 'REJECTED', error: { message: 'Period closed' } },
      },
      actor: 'confirm',
      detail,
      data: { receipt: { reference: RECEIPT, status: 'ERROR', errorText: 'Period closed' } },
    });
    const cancelled = line({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      receipt: write(RECEIPT, 'STAGED'),
    });
    const kept = settleLine(
      cancelled,
      rows({ reference: RECEIPT, status: 'ERROR', errorText: 'x' }),
      NOW,
      RULES,
    );
    expect(kept.effects.flagged).toBe(false);
    expect(kept.change?.next.reason).toBe('CANCELLED_AFTER_RECEIPT');
  });

  it('in doubt and found staged → STAGED, the line POSTED', () => {
    const cur = line({ status: 'IN_DOUBT', receipt: write(RECEIPT, 'IN_DOUBT') });
    const { change, effects } = settleLine(cur, rows({ reference: RECEIPT }), NOW, RULES);
    const detail = `Receipt ${RECEIPT} found staged in PeopleSoft; waiting for it to load.`;
    expect(effects).toEqual(NONE);
    expect(change).toEqual({
      next: { ...cur, status: 'POSTED', detail, receipt: { ...write(RECEIPT, 'IN_DOUBT'), state: 'STAGED' } },
      actor: 'confirm',
      detail,
      data: {},
    });
    const posted = settleLine(
      line({ receipt: write(RECEIPT, 'IN_DOUBT') }),
      rows({ reference: RECEIPT }),
      NOW,
      RULES,
    );
    expect(posted.change?.next).toMatchObject({ status: 'POSTED', detail: 'Matched.' });
  });

  it('in doubt, absent past the grace period → cleared and back to RECEIVED to be matched again', () => {
    const cur = line({ status: 'IN_DOUBT', receipt: write(RECEIPT, 'IN_DOUBT', NOW - RULES.graceMs) });
    const { change, effects } = settleLine(cur, rows(), NOW, RULES);
    const detail = `PeopleSoft never received the receipt ${RECEIPT}; it will be matched and posted again.`;
    expect(effects).toEqual({ ...NONE, repost: true });
    expect(change?.next).toMatchObject({
      status: 'RECEIVED',
      reason: undefined,
      poRef: undefined,
      vendorId: undefined,
      detail,
      receipt: undefined,
    });
    expect(change?.detail).toBe(detail);
    // Within the grace period nothing is concluded.
    const young = line({ status: 'IN_DOUBT', receipt: write(RECEIPT, 'IN_DOUBT', NOW - RULES.graceMs + 1) });
    expect(settleLine(young, rows(), NOW, RULES)).toEqual({ effects: NONE });
  });

  it('staged and not loaded past the load timeout → FLAGGED RECEIPT_NOT_LOADED, counting whole minutes', () => {
    const at = NOW - RULES.loadTimeoutMs - 90_000;
    const cur = line({ receipt: write(RECEIPT, 'STAGED', at) });
    const { change, effects } = settleLine(cur, rows({ reference: RECEIPT }), NOW, RULES);
    const detail = flagSentence('RECEIPT_NOT_LOADED', {
      reference: RECEIPT,
      poRef: 'US001/P1/1/1',
      minutes: 61,
    });
    expect(effects).toEqual({ ...NONE, flagged: true });
    expect(change).toEqual({
      next: { ...cur, status: 'FLAGGED', reason: 'RECEIPT_NOT_LOADED', detail },
      actor: 'confirm',
      detail,
      data: {},
    });
    const onTime = line({ receipt: write(RECEIPT, 'STAGED', NOW - RULES.loadTimeoutMs) });
    expect(settleLine(onTime, rows({ reference: RECEIPT }), NOW, RULES)).toEqual({ effects: NONE });
    const notPosted = line({
      status: 'FLAGGED',
      reason: 'RECEIPT_NOT_LOADED',
      receipt: write(RECEIPT, 'STAGED', at),
    });
    expect(settleLine(notPosted, rows({ reference: RECEIPT }), NOW, RULES)).toEqual({ effects: NONE });
  });
});

describe('settleLine: adjustments and reversals', () => {
  it('loaded: recorded and reported, the line status untouched', () => {
    const cur = line({
      status: 'RECEIPTED',
      adjustment: write(ADJ, 'STAGED'),
      reversal: write(REV, 'STAGED'),
    });
    const { change, effects } = settleLine(
      cur,
      rows({ reference: ADJ, status: 'LOADED' }, { reference: REV, status: 'LOADED' }),
      NOW,
      RULES,
    );
    expect(effects).toEqual({ ...NONE, adjustmentLoaded: true });
    expect(change).toEqual({
      next: {
        ...cur,
        adjustment: { ...write(ADJ, 'STAGED'), state: 'LOADED' },
        reversal: { ...write(REV, 'STAGED'), state: 'LOADED' },
      },
      actor: 'confirm',
      detail: `Adjustment ${ADJ} loaded in PeopleSoft. Reversal ${REV} loaded in PeopleSoft: the cancelled stock is back.`,
      data: {
        adjustment: { reference: ADJ, result: 'loaded' },
        reversal: { reference: REV, result: 'loaded' },
      },
    });
  });

  it('rejected: the error kept, a fix asked for', () => {
    const cur = line({
      status: 'RECEIPTED',
      adjustment: write(ADJ, 'STAGED'),
      reversal: write(REV, 'STAGED'),
    });
    const { change, effects } = settleLine(
      cur,
      rows(
        { reference: ADJ, status: 'ERROR', errorText: 'Bad bin' },
        { reference: REV, status: 'ERROR', errorText: 'Bad lot' },
      ),
      NOW,
      RULES,
    );
    expect(effects).toEqual({ ...NONE, adjustmentRejected: true });
    expect(change?.next.adjustment).toEqual({
      ...write(ADJ, 'STAGED'),
      state: 'REJECTED',
      error: { message: 'Bad bin' },
    });
    expect(change?.next.reversal).toEqual({
      ...write(REV, 'STAGED'),
      state: 'REJECTED',
      error: { message: 'Bad lot' },
    });
    expect(change?.detail).toBe(
      `Adjustment ${ADJ} failed to load in PeopleSoft: Bad bin. Fix it, then replay the line. Reversal ${REV} failed to load in PeopleSoft: Bad lot. Fix it, then replay the line.`,
    );
    expect(change?.data).toEqual({
      adjustment: { reference: ADJ, result: 'error' },
      reversal: { reference: REV, result: 'error' },
    });
  });

  it('in doubt and found staged; in doubt and absent: cleared, to be posted again', () => {
    const cur = line({
      status: 'RECEIPTED',
      adjustment: write(ADJ, 'IN_DOUBT', 0),
      reversal: write(REV, 'IN_DOUBT', 0),
    });
    const staged = settleLine(cur, rows({ reference: ADJ }, { reference: REV }), NOW, RULES);
    expect(staged.change?.detail).toBe(
      `Adjustment ${ADJ} found staged in PeopleSoft. Reversal ${REV} found staged in PeopleSoft.`,
    );
    expect(staged.change?.next).toMatchObject({
      status: 'RECEIPTED',
      adjustment: { state: 'STAGED' },
      reversal: { state: 'STAGED' },
    });
    expect(staged.effects).toEqual(NONE);

    const absent = settleLine(cur, rows(), NOW, RULES);
    expect(absent.change?.detail).toBe(
      `PeopleSoft never received the adjustment ${ADJ}; it will be posted again. PeopleSoft never received the reversal ${REV}; it will be posted again.`,
    );
    expect(absent.change?.next.adjustment).toBeUndefined();
    expect(absent.change?.next.reversal).toBeUndefined();
    expect(absent.change?.next.priorAttempts).toEqual({ adjustment: 1, reversal: 1 });
    expect(absent.effects).toEqual({ ...NONE, repost: true });
    expect(absent.change?.data).toEqual({
      adjustment: { reference: ADJ, result: 'absent' },
      reversal: { reference: REV, result: 'absent' },
    });
  });

  it('an absent adjustment of a line that needs none is not re-posted', () => {
    const cur = line({ status: 'SKIPPED', adjustment: write(ADJ, 'IN_DOUBT', 0) });
    expect(settleLine(cur, rows(), NOW, RULES).effects.repost).toBe(false);
  });

  it('queues a reversal once its adjustment is known in PeopleSoft, and only then', () => {
    const owed = line({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      reversalQuantity: 1,
      adjustment: write(ADJ, 'IN_DOUBT'),
    });
    const staged = settleLine(owed, rows({ reference: ADJ }), NOW, RULES);
    expect(staged.effects.repost).toBe(true);
    const loaded = settleLine(
      { ...owed, adjustment: write(ADJ, 'STAGED') },
      rows({ reference: ADJ, status: 'LOADED' }),
      NOW,
      RULES,
    );
    expect(loaded.effects).toEqual({ ...NONE, repost: true, adjustmentLoaded: true });
    const rejected = settleLine(
      { ...owed, adjustment: write(ADJ, 'STAGED') },
      rows({ reference: ADJ, status: 'ERROR' }),
      NOW,
      RULES,
    );
    expect(rejected.effects.repost).toBe(false);
    const reversed = settleLine(
      { ...owed, adjustment: write(ADJ, 'IN_DOUBT'), reversal: write(REV, 'INTENT') },
      rows({ reference: ADJ }),
      NOW,
      RULES,
    );
    expect(reversed.effects.repost).toBe(false);
  });

  it('changes nothing while every write waits', () => {
    const cur = line({
      receipt: write(RECEIPT, 'STAGED'),
      adjustment: write(ADJ, 'STAGED'),
      reversal: write(REV, 'LOADED'),
    });
    expect(settleLine(cur, rows({ reference: RECEIPT }, { reference: ADJ }), NOW, RULES)).toEqual({
      effects: NONE,
    });
  });
});
