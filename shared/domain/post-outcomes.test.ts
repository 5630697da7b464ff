/** Recording PeopleSoft's answers to a post on the line: the record, its detail and the audit data. */
import { describe, expect, it } from 'vitest';
import type { LineRecord, WriteRecord } from './audit-record.ts';
import { flagSentence } from './flag-messages.ts';
import { applyPostOutcomes } from './post-outcomes.ts';

const intent = (reference: string, state: WriteRecord['state'] = 'INTENT'): WriteRecord => ({
  reference,
  state,
  intentAt: 0,
  attempts: 1,
});
const R = 'WM-7-1';
const A = 'WM-7-1-ADJ';
const V = 'WM-7-1-ADJR';

function matched(over: Partial<LineRecord> = {}): LineRecord {
  return {
    key: '7#1',
    purchaseOrderId: '7',
    lineNumber: '1',
    sku: 'SKU-1',
    itemId: 'SKU-1',
    quantity: 2,
    unit: 'EACH',
    unitOfMeasure: 'EA',
    orderDate: 0,
    walmartStatus: 'Created',
    status: 'MATCHED',
    poRef: 'US001/P1/1/1',
    detail: 'Matched.',
    receipt: intent(R),
    adjustment: intent(A),
    createdAt: 0,
    updatedAt: 0,
    version: 2,
    ...over,
  };
}

const staged = (reference: string, transactionId: string) => ({
  reference,
  outcome: { kind: 'staged' as const, transactionId },
});
const rejected = (reference: string, message: string) => ({
  reference,
  outcome: { kind: 'rejected' as const, message, messageSet: '158', messageId: '10001' },
});
const noAnswer = (reference: string) => ({
  reference,
  outcome: { kind: 'in-doubt' as const, message: 'timeout' },
});

describe('applyPostOutcomes', () => {
  it('receipt and adjustment staged: POSTED, both recorded in one change', () => {
    const cur = matched();
    expect(applyPostOutcomes(cur, staged(R, 'T1'), staged(A, 'T2'))).toEqual({
      next: {
        ...cur,
        status: 'POSTED',
        detail: `Receipt ${R} of 2 EA staged against US001/P1/1/1; waiting for PeopleSoft to load it.`,
        receipt: { ...intent(R), state: 'STAGED', transactionId: 'T1' },
        adjustment: { ...intent(A), state: 'STAGED', transactionId: 'T2' },
      },
      actor: 'post',
      detail: `Receipt ${R} staged in PeopleSoft (transaction T1); Adjustment ${A} staged in PeopleSoft (transaction T2).`,
      data: {
        receipt: { reference: R, kind: 'staged', transactionId: 'T1' },
        adjustment: { reference: A, kind: 'staged', transactionId: 'T2' },
      },
    });
  });

  it('receipt rejected: FLAGGED RECEIPT_REJECTED with the message set, id and text', () => {
    const cur = matched({ adjustment: undefined });
    const c = applyPostOutcomes(cur, rejected(R, 'Period closed'))!;
    expect(c).toEqual({
      next: {
        ...cur,
        status: 'FLAGGED',
        reason: 'RECEIPT_REJECTED',
        detail: flagSentence('RECEIPT_REJECTED', {
          reference: R,
          poRef: 'US001/P1/1/1',
          message: 'Period closed',
          messageSet: '158',
          messageId: '10001',
        }),
        receipt: {
          ...intent(R),
          state: 'REJECTED',
          error: { messageSet: '158', messageId: '10001', message: 'Period closed' },
        },
      },
      actor: 'post',
      detail: `Receipt ${R} rejected by PeopleSoft: Period closed.`,
      data: {
        receipt: {
          reference: R,
          kind: 'rejected',
          message: 'Period closed',
          messageSet: '158',
          messageId: '10001',
        },
      },
      reason: 'RECEIPT_REJECTED',
    });
  });

  it('no answer: IN_DOUBT, never "not sent"', () => {
    const cur = matched({ adjustment: undefined });
    const detail = `Receipt ${R} got no answer (timeout); not sent again until the receipt-status query settles it`;
    expect(applyPostOutcomes(cur, noAnswer(R))).toEqual({
      next: {
        ...cur,
        status: 'IN_DOUBT',
        detail: `${detail}.`,
        receipt: { ...intent(R), state: 'IN_DOUBT' },
      },
      actor: 'post',
      detail: `${detail}.`,
      data: { receipt: { reference: R, kind: 'in-doubt', message: 'timeout' } },
    });
  });

  it('an answer arriving for a write a sweep already put in doubt still settles it', () => {
    const cur = matched({ status: 'IN_DOUBT', receipt: intent(R, 'IN_DOUBT'), adjustment: undefined });
    expect(applyPostOutcomes(cur, staged(R, 'T1'))?.next.status).toBe('POSTED');
    expect(applyPostOutcomes(cur, rejected(R, 'x'))?.next.status).toBe('FLAGGED');
    // A second "no answer" for a write already in doubt changes nothing.
    expect(applyPostOutcomes(cur, noAnswer(R))).toBeUndefined();
  });

  it('ignores answers for writes it does not wait for: another reference, already staged, or absent', () => {
    expect(applyPostOutcomes(matched(), staged('WM-OTHER', 'T1'))).toBeUndefined();
    expect(applyPostOutcomes(matched({ receipt: intent(R, 'STAGED') }), staged(R, 'T1'))).toBeUndefined();
    expect(applyPostOutcomes(matched({ receipt: undefined }), staged(R, 'T1'))).toBeUndefined();
    expect(applyPostOutcomes(matched())).toBeUndefined();
  });

  it('an adjustment or reversal answer never moves the line', () => {
    const cur = matched({ status: 'RECEIPTED', receipt: intent(R, 'LOADED'), reversal: intent(V) });
    const c = applyPostOutcomes(cur, undefined, rejected(A, 'Bad bin'), staged(V, 'T3'))!;
    expect(c.next.status).toBe('RECEIPTED');
    expect(c.next.detail).toBe('Matched.');
    expect(c.next.adjustment).toMatchObject({ state: 'REJECTED', error: { message: 'Bad bin' } });
    expect(c.next.reversal).toMatchObject({ state: 'STAGED', transactionId: 'T3' });
    expect(c.detail).toBe(
      `Adjustment ${A} rejected by PeopleSoft: Bad bin; Reversal ${V} staged in PeopleSoft (transaction T3).`,
    );
    expect(c.data).toEqual({
      adjustment: {
        reference: A,
        kind: 'rejected',
        message: 'Bad bin',
        messageSet: '158',
        messageId: '10001',
      },
      reversal: { reference: V, kind: 'staged', transactionId: 'T3' },
    });
    expect('reason' in c).toBe(false);
  });

  it('a receipt answer on a line no longer waiting records the write but keeps the status', () => {
    const cur = matched({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      detail: 'Cancelled.',
      adjustment: undefined,
    });
    for (const answer of [staged(R, 'T1'), rejected(R, 'x'), noAnswer(R)]) {
      const c = applyPostOutcomes(cur, answer)!;
      expect(c.next).toMatchObject({
        status: 'FLAGGED',
        reason: 'CANCELLED_AFTER_RECEIPT',
        detail: 'Cancelled.',
      });
      expect('reason' in c).toBe(false);
    }
    const doubt = matched({ status: 'IN_DOUBT', receipt: intent(R), adjustment: undefined });
    expect(applyPostOutcomes(doubt, noAnswer(R))?.next).toMatchObject({
      status: 'IN_DOUBT',
      detail: 'Matched.',
    });
  });
});
