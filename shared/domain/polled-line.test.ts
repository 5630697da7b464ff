/** The records a poll writes: a new line, an invalid one, a corrected one, and a Walmart cancellation. */
import { describe, expect, it } from 'vitest';
import { orderLine } from '../memory/index.ts';
import type { LineRecord, WriteRecord } from './audit-record.ts';
import type { DecisionSettings } from './decision-settings.ts';
import { flagSentence } from './flag-messages.ts';
import { cancellationChange, correctedLineChange, invalidLineChange, newLineChange } from './polled-line.ts';

const settings: DecisionSettings = {
  peoplesoft: { businessUnit: 'US001' },
  matching: { policy: 'strict', suppliers: {}, units: {}, items: { 'WM-1': 'ITEM-1' } },
};
const written = (reference: string, state: WriteRecord['state'] = 'LOADED'): WriteRecord => ({
  reference,
  state,
  intentAt: 0,
  attempts: 1,
});

describe('newLineChange', () => {
  it('records a RECEIVED line under its PeopleSoft item, saying where it came from', () => {
    const line = orderLine({ purchaseOrderId: '7', sku: 'WM-1', quantity: 3, orderDate: 5 });
    expect(newLineChange(line, settings)).toEqual({
      next: {
        key: '7#1',
        purchaseOrderId: '7',
        lineNumber: '1',
        sku: 'WM-1',
        itemId: 'ITEM-1',
        quantity: 3,
        unit: 'EACH',
        orderDate: 5,
        walmartStatus: 'Created',
        status: 'RECEIVED',
        createdAt: 0,
        updatedAt: 0,
        version: 1,
      },
      actor: 'poll',
      detail: 'Polled from Walmart: 3 EACH of SKU WM-1 (PeopleSoft item ITEM-1), status Created.',
      data: { itemId: 'ITEM-1' },
    });
    const same = newLineChange(orderLine({ purchaseOrderId: '8', sku: 'PLAIN' }), settings);
    expect(same.detail).toBe('Polled from Walmart: 1 EACH of SKU PLAIN, status Created.');
  });

  it('notes the part cancelled before processing and keeps its quantity', () => {
    const c = newLineChange(
      orderLine({ purchaseOrderId: '7', quantity: 2, cancelledQuantity: 1, status: 'Shipped' }),
      settings,
    );
    expect(c.next.cancelledQuantity).toBe(1);
    expect(c.next.status).toBe('RECEIVED');
    expect(c.detail).toBe(
      'Polled from Walmart: 2 EACH of SKU SKU-1, status Shipped (1 more were cancelled before processing).',
    );
    expect('cancelledQuantity' in newLineChange(orderLine({ purchaseOrderId: '7' }), settings).next).toBe(
      false,
    );
  });

  it('skips a cancelled line and one whose status moves no stock', () => {
    const cancelled = newLineChange(
      orderLine({ purchaseOrderId: '7', status: 'Cancelled', quantity: 2 }),
      settings,
    );
    const detail =
      'Walmart cancelled the line (2 EACH of SKU SKU-1) before ml-connector processed it; nothing is posted.';
    expect(cancelled).toEqual({
      next: expect.objectContaining({ status: 'SKIPPED', reason: 'CANCELLED', detail, cancelledQuantity: 2 }),
      actor: 'poll',
      detail,
    });
    const refunded = newLineChange(orderLine({ purchaseOrderId: '7', status: 'Refund' as never }), settings);
    const moves = 'Walmart line status Refund (1 EACH of SKU SKU-1) moves no stock; nothing is posted.';
    expect(refunded).toEqual({
      next: expect.objectContaining({ status: 'SKIPPED', reason: 'NOT_ACTIONABLE', detail: moves }),
      actor: 'poll',
      detail: moves,
    });
  });
});

describe('invalidLineChange', () => {
  it('flags the line INVALID_ORDER_DATA, naming the field', () => {
    const invalid = {
      purchaseOrderId: '9',
      lineNumber: '2',
      field: 'orderLineQuantity.amount',
      message: 'is missing',
    };
    const detail = flagSentence('INVALID_ORDER_DATA', invalid);
    expect(invalidLineChange(invalid, 42)).toEqual({
      next: {
        key: '9#2',
        purchaseOrderId: '9',
        lineNumber: '2',
        sku: '',
        quantity: 0,
        unit: '',
        orderDate: 42,
        walmartStatus: 'UNKNOWN',
        status: 'FLAGGED',
        reason: 'INVALID_ORDER_DATA',
        detail,
        createdAt: 42,
        updatedAt: 42,
        version: 1,
      },
      actor: 'poll',
      detail,
      data: { field: 'orderLineQuantity.amount' },
    });
    expect(invalidLineChange({ ...invalid, sku: 'WM-1' }, 42).next.sku).toBe('WM-1');
  });
});

describe('correctedLineChange', () => {
  it('takes an invalid line back with the real data, keeping its creation and version', () => {
    const current = {
      ...invalidLineChange({ purchaseOrderId: '9', lineNumber: '1', field: 'sku', message: 'x' }, 42).next,
      version: 4,
    };
    const c = correctedLineChange(current, orderLine({ purchaseOrderId: '9', sku: 'WM-1' }), settings)!;
    expect(c.next).toMatchObject({
      status: 'RECEIVED',
      itemId: 'ITEM-1',
      createdAt: 42,
      version: 4,
    });
    expect(c.next.reason).toBeUndefined();
    expect(c.detail).toBe(
      'Walmart now sends valid data for the line. Polled from Walmart: 1 EACH of SKU WM-1 (PeopleSoft item ITEM-1), status Created.',
    );
    expect(
      correctedLineChange(
        { ...current, reason: 'NO_OPEN_PO' },
        orderLine({ purchaseOrderId: '9' }),
        settings,
      ),
    ).toBeUndefined();
    expect(
      correctedLineChange({ ...current, status: 'RECEIVED' }, orderLine({ purchaseOrderId: '9' }), settings),
    ).toBeUndefined();
  });
});

describe('cancellationChange', () => {
  const recorded = (over: Partial<LineRecord> = {}): LineRecord => ({
    ...newLineChange(orderLine({ purchaseOrderId: '7', quantity: 3, sku: 'WM-1' }), settings).next,
    version: 2,
    ...over,
  });
  const cancelledAll = orderLine({ purchaseOrderId: '7', quantity: 3, status: 'Cancelled' });
  const cancelledOne = orderLine({
    purchaseOrderId: '7',
    quantity: 2,
    cancelledQuantity: 1,
    status: 'Shipped',
  });

  it('skips a line cancelled whole before anything reached PeopleSoft', () => {
    const detail = 'Walmart cancelled the line before anything was sent to PeopleSoft; nothing is posted.';
    expect(cancellationChange(recorded(), cancelledAll, 'poll', true)).toEqual({
      next: {
        ...recorded(),
        walmartStatus: 'Cancelled',
        cancelledQuantity: 3,
        status: 'SKIPPED',
        reason: 'CANCELLED',
        detail,
      },
      actor: 'poll',
      detail,
    });
  });

  it('lowers the quantity of a line cancelled in part before anything reached PeopleSoft', () => {
    expect(cancellationChange(recorded(), cancelledOne, 'replay', true)).toEqual({
      next: { ...recorded(), walmartStatus: 'Shipped', cancelledQuantity: 1, quantity: 2 },
      actor: 'replay',
      detail:
        'Walmart cancelled 1 EACH of the line before anything was sent to PeopleSoft; 2 remain to be processed.',
      data: { cancelledQuantity: 1, quantity: 2 },
    });
  });

  it('changes nothing when Walmart reports no more cancelled than recorded', () => {
    expect(
      cancellationChange(recorded({ cancelledQuantity: 1 }), cancelledOne, 'poll', true),
    ).toBeUndefined();
    const skipped = recorded({ walmartStatus: 'Cancelled', status: 'SKIPPED', reason: 'CANCELLED' });
    expect(cancellationChange(skipped, cancelledAll, 'poll', true)).toBeUndefined();
    // A line Walmart already had as cancelled counts its whole quantity as cancelled.
    expect(
      cancellationChange(recorded({ walmartStatus: 'Cancelled' }), cancelledOne, 'poll', true),
    ).toBeUndefined();
    // Already skipped: nothing further.
    expect(cancellationChange(recorded({ status: 'SKIPPED' }), cancelledOne, 'poll', true)).toBeUndefined();
  });

  it('flags a line cancelled after its writes reached PeopleSoft and owes the one reversal', () => {
    const cur = recorded({
      status: 'RECEIPTED',
      receipt: written('WM-7-1'),
      adjustment: written('WM-7-1-ADJ'),
    });
    const c = cancellationChange(cur, cancelledOne, 'poll', true)!;
    const { reversal: _none, ...facts } = cur;
    const detail = flagSentence('CANCELLED_AFTER_RECEIPT', {
      ...facts,
      writes: ['receipt WM-7-1 (LOADED)', 'adjustment WM-7-1-ADJ (LOADED)'],
      cancelledQuantity: 1,
      reversal: { reference: 'WM-7-1-ADJR', quantity: 1 },
    });
    expect(c).toEqual({
      next: {
        ...cur,
        walmartStatus: 'Shipped',
        cancelledQuantity: 1,
        status: 'FLAGGED',
        reason: 'CANCELLED_AFTER_RECEIPT',
        detail,
        reversalQuantity: 1,
      },
      actor: 'poll',
      detail,
      data: {
        receipt: 'WM-7-1',
        adjustment: 'WM-7-1-ADJ',
        cancelledQuantity: 1,
        reversal: 'WM-7-1-ADJR',
        reversalQuantity: 1,
      },
    });
  });

  it('without reversing, or with no adjustment in PeopleSoft, owes nothing back', () => {
    const cur = recorded({
      status: 'RECEIPTED',
      receipt: written('WM-7-1'),
      adjustment: written('WM-7-1-ADJ'),
    });
    const noReverse = cancellationChange(cur, cancelledOne, 'poll', false)!;
    expect(noReverse.next.reversalQuantity).toBeUndefined();
    expect('reversalQuantity' in noReverse.next).toBe(false);
    expect(noReverse.data).toEqual({ receipt: 'WM-7-1', adjustment: 'WM-7-1-ADJ', cancelledQuantity: 1 });
    const receiptOnly = cancellationChange(
      recorded({ status: 'POSTED', receipt: written('WM-7-1', 'STAGED') }),
      cancelledAll,
      'poll',
      true,
    )!;
    expect(receiptOnly.next.reversalQuantity).toBeUndefined();
    expect(receiptOnly.data).toEqual({ receipt: 'WM-7-1', adjustment: undefined, cancelledQuantity: 3 });
    expect(receiptOnly.detail).toBe(
      flagSentence('CANCELLED_AFTER_RECEIPT', {
        ...recorded({ status: 'POSTED', receipt: written('WM-7-1', 'STAGED') }),
        reversal: undefined,
        writes: ['receipt WM-7-1 (STAGED)'],
        cancelledQuantity: undefined,
      }),
    );
  });

  it('a further cancellation of a flagged line records it, never a second reversal', () => {
    const cur = recorded({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      walmartStatus: 'Shipped',
      cancelledQuantity: 1,
      reversalQuantity: 1,
      adjustment: written('WM-7-1-ADJ'),
      reversal: written('WM-7-1-ADJR'),
    });
    const more = orderLine({ purchaseOrderId: '7', quantity: 1, cancelledQuantity: 2, status: 'Shipped' });
    const c = cancellationChange(cur, more, 'poll', true)!;
    expect(c.next).toMatchObject({ cancelledQuantity: 2, reversalQuantity: 1, status: 'FLAGGED' });
    expect(c.data).toEqual({ receipt: undefined, adjustment: 'WM-7-1-ADJ', cancelledQuantity: 1 });
    // The cancelled quantity never exceeds the line's.
    const all = cancellationChange(
      recorded({ status: 'RECEIPTED', quantity: 2, adjustment: written('WM-7-1-ADJ') }),
      orderLine({ purchaseOrderId: '7', quantity: 1, cancelledQuantity: 5, status: 'Shipped' }),
      'poll',
      true,
    )!;
    expect(all.data?.cancelledQuantity).toBe(2);
    expect(all.next.reversalQuantity).toBe(2);
  });
});
