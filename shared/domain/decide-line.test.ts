/** The decision for one line: what it records (status, detail, intents, audit data) and what it posts. */
import { describe, expect, it } from 'vitest';
import { itemVendor, poSchedule } from '../memory/index.ts';
import type { LineRecord } from './audit-record.ts';
import {
  decideAdjustmentOnly,
  decideReceivedLine,
  decideReversal,
  interruptedPostChange,
  needsAdjustment,
} from './decide-line.ts';
import type { DecisionSettings } from './decision-settings.ts';
import { ScheduleIndex } from './schedule-index.ts';

const NOW = 1_000_000;
const ACME = '0000012345';
const settings: DecisionSettings = {
  peoplesoft: { businessUnit: 'US001' },
  matching: { policy: 'strict', suppliers: {}, units: {}, items: { 'WM-1': 'ITEM-1' } },
};

function line(over: Partial<LineRecord> = {}): LineRecord {
  return {
    key: '7#1',
    purchaseOrderId: '7',
    lineNumber: '1',
    sku: 'WM-1',
    quantity: 2,
    unit: 'EACH',
    orderDate: 0,
    walmartStatus: 'Created',
    status: 'RECEIVED',
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    ...over,
  };
}

const indexOf = (...schedules: ReturnType<typeof poSchedule>[]) =>
  new ScheduleIndex({ schedules, itemVendors: [itemVendor('ITEM-1', ACME, 1, 'ACME SUPPLY CO')] });
const open = (poId: string, over: Partial<ReturnType<typeof poSchedule>> = {}) =>
  poSchedule({ poId, itemId: 'ITEM-1', ...over });

describe('needsAdjustment', () => {
  it('is true only for an actionable, unskipped, valid line without an adjustment', () => {
    expect(needsAdjustment(line())).toBe(true);
    expect(
      needsAdjustment(line({ adjustment: { reference: 'A', state: 'REJECTED', intentAt: 0, attempts: 1 } })),
    ).toBe(false);
    expect(needsAdjustment(line({ walmartStatus: 'Cancelled' }))).toBe(false);
    expect(needsAdjustment(line({ status: 'SKIPPED' }))).toBe(false);
    expect(needsAdjustment(line({ status: 'FLAGGED', reason: 'INVALID_ORDER_DATA' }))).toBe(false);
    expect(needsAdjustment(line({ status: 'FLAGGED', reason: 'CANCELLED_AFTER_RECEIPT' }))).toBe(false);
    expect(needsAdjustment(line({ status: 'FLAGGED', reason: 'AMBIGUOUS_PO' }))).toBe(true);
  });
});

describe('decideReceivedLine', () => {
  it('matches to the one open schedule: receipt and adjustment intents recorded before the posts', () => {
    const index = indexOf(open('P1'));
    const d = decideReceivedLine(line(), index, settings, NOW);
    const detail =
      'Matched to PO schedule US001/P1/1/1, supplier 0000012345 ACME SUPPLY CO; posting a receipt of 2 EA and an inventory adjustment of -2 EA.';
    expect(d).toEqual({
      outcome: 'matched',
      take: { ref: 'US001/P1/1/1', quantity: 2 },
      receipt: {
        reference: 'WM-7-1',
        businessUnit: 'US001',
        vendorId: ACME,
        poId: 'P1',
        lineNumber: 1,
        schedNumber: 1,
        quantity: 2,
        unitOfMeasure: 'EA',
      },
      adjustment: {
        reference: 'WM-7-1-ADJ',
        businessUnit: 'US001',
        itemId: 'ITEM-1',
        quantity: -2,
        unitOfMeasure: 'EA',
      },
      change: {
        next: {
          ...line(),
          itemId: 'ITEM-1',
          status: 'MATCHED',
          reason: undefined,
          detail,
          poRef: 'US001/P1/1/1',
          vendorId: ACME,
          unitOfMeasure: 'EA',
          receipt: { reference: 'WM-7-1', state: 'INTENT', intentAt: NOW, attempts: 1 },
          adjustment: { reference: 'WM-7-1-ADJ', state: 'INTENT', intentAt: NOW, attempts: 1 },
        },
        actor: 'match',
        detail,
        data: { poRef: 'US001/P1/1/1', receipt: 'WM-7-1', adjustment: 'WM-7-1-ADJ', availableBefore: 10 },
      },
    });
  });

  it('keeps an adjustment already made, counts earlier attempts, and names who chose the schedule', () => {
    const adjustment = { reference: 'WM-7-1-ADJ', state: 'LOADED' as const, intentAt: 0, attempts: 1 };
    const r = line({
      itemId: 'ITEM-1',
      adjustment,
      priorAttempts: { receipt: 2 },
      resolution: { poRef: 'US001/P2/1/1', by: 'dana', at: 0 },
    });
    const d = decideReceivedLine(r, indexOf(open('P1'), open('P2')), settings, NOW);
    expect(d.outcome).toBe('matched');
    expect(d.adjustment).toBeUndefined();
    expect(d.change.next.adjustment).toBe(adjustment);
    expect(d.change.next.receipt).toEqual({
      reference: 'WM-7-1',
      state: 'INTENT',
      intentAt: NOW,
      attempts: 3,
    });
    expect(d.change.detail).toBe(
      'Matched to PO schedule US001/P2/1/1 (chosen by dana), supplier 0000012345 ACME SUPPLY CO; posting a receipt of 2 EA.',
    );
    expect(d.change.data).toEqual({
      poRef: 'US001/P2/1/1',
      receipt: 'WM-7-1',
      adjustment: undefined,
      availableBefore: 10,
    });
  });

  it('flags an ambiguous line and still posts its adjustment (the sale left stock)', () => {
    const d = decideReceivedLine(line(), indexOf(open('P1'), open('P2')), settings, NOW);
    expect(d.outcome).toBe('flagged');
    expect(d.receipt).toBeUndefined();
    expect(d.take).toBeUndefined();
    expect(d.adjustment).toMatchObject({ reference: 'WM-7-1-ADJ', quantity: -2 });
    expect(d.change.next).toMatchObject({
      status: 'FLAGGED',
      reason: 'AMBIGUOUS_PO',
      itemId: 'ITEM-1',
      unitOfMeasure: 'EA',
      adjustment: { reference: 'WM-7-1-ADJ', state: 'INTENT', intentAt: NOW, attempts: 1 },
    });
    expect(d.change.actor).toBe('match');
    expect(d.change.detail).toBe(`${d.change.next.detail} Posting an inventory adjustment of -2 EA.`);
    expect(d.change.data).toEqual({ adjustment: 'WM-7-1-ADJ' });
  });

  it('drops a stale choice of schedule and flags with the reason, keeping the choice in the audit data', () => {
    const r = line({
      resolution: { poRef: 'US001/P9/1/1', by: 'dana', at: 0 },
      adjustment: { reference: 'WM-7-1-ADJ', state: 'STAGED', intentAt: 0, attempts: 1 },
    });
    const d = decideReceivedLine(r, indexOf(open('P1')), settings, NOW);
    expect(d.outcome).toBe('flagged');
    expect(d.change.next.resolution).toBeUndefined();
    expect(d.change.next.reason).toBeDefined();
    expect(d.change.detail).toBe(d.change.next.detail);
    expect(d.change.data).toEqual({ chosenPoRef: 'US001/P9/1/1', adjustment: undefined });
  });

  it("skips on a reviewer's request, with their note", () => {
    const d = decideReceivedLine(
      line({ resolution: { skip: true, by: 'dana', note: 'sample order', at: 0 } }),
      indexOf(open('P1')),
      settings,
      NOW,
    );
    expect(d).toEqual({
      outcome: 'skipped',
      change: {
        next: {
          ...line({ resolution: { skip: true, by: 'dana', note: 'sample order', at: 0 } }),
          itemId: 'ITEM-1',
          status: 'SKIPPED',
          reason: 'RESOLVED_SKIP',
          detail: 'Skipped by dana: sample order.',
        },
        actor: 'match',
        detail: 'Skipped by dana: sample order.',
      },
    });
    const bare = decideReceivedLine(
      line({ resolution: { skip: true, by: 'dana', at: 0 } }),
      indexOf(),
      settings,
      NOW,
    );
    expect(bare.change.detail).toBe('Skipped by dana.');
  });
});

describe('decideAdjustmentOnly', () => {
  it('records the intent of a missing adjustment on a line past matching', () => {
    const r = line({
      status: 'POSTED',
      itemId: 'ITEM-1',
      unitOfMeasure: 'EA',
      priorAttempts: { adjustment: 1 },
    });
    expect(decideAdjustmentOnly(r, settings, NOW)).toEqual({
      outcome: 'adjustment',
      adjustment: {
        reference: 'WM-7-1-ADJ',
        businessUnit: 'US001',
        itemId: 'ITEM-1',
        quantity: -2,
        unitOfMeasure: 'EA',
      },
      change: {
        next: { ...r, adjustment: { reference: 'WM-7-1-ADJ', state: 'INTENT', intentAt: NOW, attempts: 2 } },
        actor: 'match',
        detail: 'Posting the inventory adjustment WM-7-1-ADJ of -2 EA.',
        data: { adjustment: 'WM-7-1-ADJ' },
      },
    });
  });

  it('maps the item and unit when the line has none recorded, and leaves RECEIVED lines to matching', () => {
    const d = decideAdjustmentOnly(line({ status: 'FLAGGED', reason: 'NO_OPEN_PO' }), settings, NOW);
    expect(d?.adjustment).toMatchObject({ itemId: 'ITEM-1', unitOfMeasure: 'EA' });
    expect(decideAdjustmentOnly(line(), settings, NOW)).toBeUndefined();
    expect(
      decideAdjustmentOnly(line({ status: 'POSTED', unit: 'PALLET-OF-9' }), settings, NOW),
    ).toBeUndefined();
  });
});

describe('decideReversal', () => {
  const adjusted = (state: 'STAGED' | 'LOADED' | 'IN_DOUBT' | 'INTENT') =>
    line({
      status: 'FLAGGED',
      reason: 'CANCELLED_AFTER_RECEIPT',
      itemId: 'ITEM-1',
      reversalQuantity: 1,
      adjustment: { reference: 'WM-7-1-ADJ', state, intentAt: 0, attempts: 1 },
    });

  it('posts the one reversal once the adjustment is known staged or loaded', () => {
    for (const state of ['STAGED', 'LOADED'] as const) {
      const r = adjusted(state);
      expect(decideReversal(r, settings, NOW)).toEqual({
        outcome: 'adjustment',
        reversal: {
          reference: 'WM-7-1-ADJR',
          businessUnit: 'US001',
          itemId: 'ITEM-1',
          quantity: 1,
          unitOfMeasure: 'EA',
        },
        change: {
          next: { ...r, reversal: { reference: 'WM-7-1-ADJR', state: 'INTENT', intentAt: NOW, attempts: 1 } },
          actor: 'match',
          detail: 'Posting the reversal WM-7-1-ADJR of +1 EA: the stock of the cancelled part goes back.',
          data: { reversal: 'WM-7-1-ADJR', quantity: 1 },
        },
      });
    }
  });

  it('waits for an adjustment in doubt, never reverses twice, and needs a quantity and a unit', () => {
    expect(decideReversal(adjusted('IN_DOUBT'), settings, NOW)).toBeUndefined();
    expect(decideReversal(adjusted('INTENT'), settings, NOW)).toBeUndefined();
    expect(decideReversal({ ...adjusted('LOADED'), adjustment: undefined }, settings, NOW)).toBeUndefined();
    const reversed = {
      ...adjusted('LOADED'),
      reversal: { reference: 'WM-7-1-ADJR', state: 'REJECTED' as const, intentAt: 0, attempts: 1 },
    };
    expect(decideReversal(reversed, settings, NOW)).toBeUndefined();
    expect(decideReversal({ ...adjusted('LOADED'), reversalQuantity: 0 }, settings, NOW)).toBeUndefined();
    expect(decideReversal({ ...adjusted('LOADED'), unit: 'PALLET-OF-9' }, settings, NOW)).toBeUndefined();
    expect(
      decideReversal({ ...adjusted('LOADED'), itemId: undefined }, settings, NOW)?.reversal?.itemId,
    ).toBe('ITEM-1');
  });
});

describe('interruptedPostChange', () => {
  const intent = (reference: string) => ({ reference, state: 'INTENT' as const, intentAt: 0, attempts: 1 });

  it('puts an interrupted receipt in doubt and the line with it, naming every interrupted write', () => {
    const r = line({
      status: 'MATCHED',
      detail: 'Matched.',
      receipt: intent('WM-7-1'),
      adjustment: intent('WM-7-1-ADJ'),
    });
    const detail =
      'The post of WM-7-1 and WM-7-1-ADJ was interrupted before PeopleSoft answered; it is not sent again until the receipt-status query shows whether it arrived.';
    expect(interruptedPostChange(r)).toEqual({
      next: {
        ...r,
        status: 'IN_DOUBT',
        detail,
        receipt: { ...intent('WM-7-1'), state: 'IN_DOUBT' },
        adjustment: { ...intent('WM-7-1-ADJ'), state: 'IN_DOUBT' },
        reversal: undefined,
      },
      actor: 'match',
      detail,
      data: { references: ['WM-7-1', 'WM-7-1-ADJ'] },
    });
  });

  it('leaves the status and detail of a line whose receipt was not interrupted', () => {
    const r = line({
      status: 'RECEIPTED',
      detail: 'Loaded.',
      receipt: { reference: 'WM-7-1', state: 'LOADED', intentAt: 0, attempts: 1 },
      reversal: intent('WM-7-1-ADJR'),
    });
    const c = interruptedPostChange(r)!;
    expect(c.next).toEqual({ ...r, reversal: { ...intent('WM-7-1-ADJR'), state: 'IN_DOUBT' } });
    expect(c.data).toEqual({ references: ['WM-7-1-ADJR'] });
    // A receipt interrupted on a line no longer MATCHED keeps the line's status.
    const flagged = line({ status: 'FLAGGED', detail: 'Flagged.', receipt: intent('WM-7-1') });
    expect(interruptedPostChange(flagged)!.next).toMatchObject({ status: 'FLAGGED', detail: 'Flagged.' });
    expect(interruptedPostChange(line({ status: 'MATCHED' }))).toBeUndefined();
  });
});
