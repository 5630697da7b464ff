import { describe, expect, it } from 'vitest';
import { itemVendor, poSchedule } from '../memory/index.ts';
import { checkChosenSchedule } from './chosen-schedule.ts';
import { type MatchableLine, type MatchingRules, matchOrderLine } from './match-order-line.ts';
import type { PoSchedule } from './purchase-order.ts';
import { ScheduleIndex } from './schedule-index.ts';

const V1 = '0000012345';
const V2 = '0000067890';
const strict: MatchingRules = { policy: 'strict', suppliers: {}, units: {} };
const earliest: MatchingRules = { ...strict, policy: 'earliest-due' };
const line = (over: Partial<MatchableLine> = {}): MatchableLine => ({
  purchaseOrderId: '100',
  lineNumber: '1',
  sku: 'SKU-1',
  itemId: 'SKU-1',
  quantity: 2,
  unit: 'EACH',
  ...over,
});
const indexOf = (schedules: PoSchedule[], vendors = [itemVendor('SKU-1', V1, 1, 'ACME SUPPLY CO')]) =>
  new ScheduleIndex({ schedules, itemVendors: vendors });

describe('matchOrderLine', () => {
  it('matches the single candidate schedule of the resolved supplier', () => {
    const d = matchOrderLine(line(), indexOf([poSchedule({ poId: 'P1' })]), strict);
    expect(d).toMatchObject({ kind: 'matched', vendorId: V1, unitOfMeasure: 'EA' });
    expect(d.kind === 'matched' && d.schedule.ref).toBe('US001/P1/1/1');
  });

  it('flags a Walmart unit that maps to nothing as UOM_MISMATCH, before anything else', () => {
    const d = matchOrderLine(line({ unit: 'CASE' }), indexOf([]), strict);
    expect(d).toMatchObject({ kind: 'flagged', reason: 'UOM_MISMATCH' });
    expect(d.kind === 'flagged' && d.unitOfMeasure).toBeUndefined();
  });

  it('flags NO_SUPPLIER and AMBIGUOUS_SUPPLIER from the item–vendor list', () => {
    expect(matchOrderLine(line(), indexOf([poSchedule({ poId: 'P1' })], []), strict)).toMatchObject({
      reason: 'NO_SUPPLIER',
    });
    const tie = [itemVendor('SKU-1', V1), itemVendor('SKU-1', V2)];
    expect(matchOrderLine(line(), indexOf([poSchedule({ poId: 'P1' })], tie), strict)).toMatchObject({
      reason: 'AMBIGUOUS_SUPPLIER',
    });
  });

  it('flags NO_OPEN_PO when no open schedule exists for the item (closed POs do not count)', () => {
    const d = matchOrderLine(
      line(),
      indexOf([poSchedule({ poId: 'P1', poStatus: 'C' }), poSchedule({ poId: 'P2', poStatus: 'X' })]),
      strict,
    );
    expect(d).toMatchObject({ kind: 'flagged', reason: 'NO_OPEN_PO', vendorId: V1, unitOfMeasure: 'EA' });
  });

  it('flags NO_OPEN_PO_FOR_SUPPLIER when only other vendors have open schedules', () => {
    const d = matchOrderLine(
      line(),
      indexOf([poSchedule({ poId: 'P1', vendorId: V2, vendorName: 'GLOBEX' })]),
      strict,
    );
    expect(d).toMatchObject({ reason: 'NO_OPEN_PO_FOR_SUPPLIER' });
    expect(d.kind === 'flagged' && d.facts.vendors).toEqual([`${V2} GLOBEX`]);
  });

  it("flags UOM_MISMATCH when the supplier's schedules are all in another unit", () => {
    const d = matchOrderLine(line(), indexOf([poSchedule({ poId: 'P1', unitOfMeasure: 'BX' })]), strict);
    expect(d).toMatchObject({ reason: 'UOM_MISMATCH' });
    expect(d.kind === 'flagged' && d.facts.scheduleUnits).toEqual(['BX']);
  });

  it('flags INSUFFICIENT_OPEN_QTY and never splits a line across schedules', () => {
    const d = matchOrderLine(
      line({ quantity: 5 }),
      indexOf([poSchedule({ poId: 'P1', qtyPo: 3 }), poSchedule({ poId: 'P2', qtyPo: 10, qtyReceived: 6 })]),
      earliest,
    );
    expect(d).toMatchObject({ reason: 'INSUFFICIENT_OPEN_QTY' });
    expect(d.kind === 'flagged' && [d.facts.bestAvailable, d.facts.bestRef]).toEqual([4, 'US001/P2/1/1']);
  });

  it('counts the reservations and batch takes against the open quantity', () => {
    const index = indexOf([poSchedule({ poId: 'P1', qtyPo: 4 })]);
    index.take('US001/P1/1/1', 3);
    expect(matchOrderLine(line(), index, strict)).toMatchObject({ reason: 'INSUFFICIENT_OPEN_QTY' });
  });

  it('strict: flags AMBIGUOUS_PO when more than one schedule could take the line', () => {
    const d = matchOrderLine(
      line(),
      indexOf([poSchedule({ poId: 'P1' }), poSchedule({ poId: 'P2' })]),
      strict,
    );
    expect(d).toMatchObject({ reason: 'AMBIGUOUS_PO' });
    expect(d.kind === 'flagged' && d.facts.candidates).toEqual(['US001/P1/1/1', 'US001/P2/1/1']);
  });

  it('strict: a schedule without enough quantity is not a candidate', () => {
    const d = matchOrderLine(
      line({ quantity: 5 }),
      indexOf([poSchedule({ poId: 'P1', qtyPo: 2 }), poSchedule({ poId: 'P2' })]),
      strict,
    );
    expect(d.kind === 'matched' && d.schedule.poId).toBe('P2');
  });

  it('earliest-due: earliest DUE_DT, then lowest PO_ID, LINE_NBR, SCHED_NBR, with enough quantity', () => {
    const schedules = [
      poSchedule({ poId: 'P9', dueDate: '2026-01-20', qtyPo: 1 }),
      poSchedule({ poId: 'P5', dueDate: '2026-02-01', lineNumber: 2 }),
      poSchedule({ poId: 'P5', dueDate: '2026-02-01', lineNumber: 1, schedNumber: 2 }),
      poSchedule({ poId: 'P5', dueDate: '2026-02-01', lineNumber: 1, schedNumber: 3 }),
      poSchedule({ poId: 'P1', dueDate: '2026-03-01' }),
    ];
    const d = matchOrderLine(line(), indexOf(schedules), earliest);
    expect(d.kind === 'matched' && d.schedule.ref).toBe('US001/P5/1/2');
  });

  it('uses matching.suppliers over the item–vendor list', () => {
    const schedules = [poSchedule({ poId: 'P1' }), poSchedule({ poId: 'P2', vendorId: V2 })];
    const d = matchOrderLine(line(), indexOf(schedules), { ...strict, suppliers: { 'SKU-1': V2 } });
    expect(d.kind === 'matched' && d.schedule.poId).toBe('P2');
  });

  it('maps configured units', () => {
    const d = matchOrderLine(
      line({ unit: 'CASE' }),
      indexOf([poSchedule({ poId: 'P1', unitOfMeasure: 'CS' })]),
      {
        ...strict,
        units: { CASE: 'CS' },
      },
    );
    expect(d).toMatchObject({ kind: 'matched', unitOfMeasure: 'CS' });
  });
});

describe('checkChosenSchedule', () => {
  const index = indexOf([
    poSchedule({ poId: '0000079262', qtyPo: 5, qtyReceived: 4 }),
    poSchedule({ poId: '0000079263' }),
    poSchedule({ poId: '0000079264', poStatus: 'X' }),
    poSchedule({ poId: '0000079265', itemId: 'OTHER' }),
    poSchedule({ poId: '0000079266', unitOfMeasure: 'BX' }),
  ]);
  const check = (ref: string) => checkChosenSchedule(line(), ref, index, {});

  it('accepts an open schedule of the item, in its unit, with enough quantity', () => {
    expect(check('US001/0000079263/1/1')).toMatchObject({ ok: true, unitOfMeasure: 'EA' });
  });

  it.each([
    ['US001/0000079262', 'BAD_REFERENCE', 'NO_OPEN_PO'],
    ['US001/0000079999/1/1', 'NOT_FOUND', 'NO_OPEN_PO'],
    ['US001/0000079264/1/1', 'CLOSED', 'NO_OPEN_PO'],
    ['US001/0000079265/1/1', 'ITEM_MISMATCH', 'NO_OPEN_PO'],
    ['US001/0000079266/1/1', 'UOM_MISMATCH', 'UOM_MISMATCH'],
    ['US001/0000079262/1/1', 'INSUFFICIENT_OPEN_QTY', 'INSUFFICIENT_OPEN_QTY'],
  ])('refuses %s as %s', (ref, problem, reason) => {
    expect(check(ref)).toMatchObject({ ok: false, problem, reason });
  });
});
