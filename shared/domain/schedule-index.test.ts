import { describe, expect, it } from 'vitest';
import { itemVendor, poSchedule } from '../memory/index.ts';
import { ScheduleIndex } from './schedule-index.ts';

describe('ScheduleIndex', () => {
  const schedules = [
    poSchedule({ poId: 'P3', dueDate: '2026-03-01' }),
    poSchedule({ poId: 'P1', dueDate: '2026-02-01', lineNumber: 2 }),
    poSchedule({ poId: 'P1', dueDate: '2026-02-01', lineNumber: 1 }),
    poSchedule({ poId: 'P2', dueDate: '2026-01-20', poStatus: 'C' }),
    poSchedule({ poId: 'P4', vendorId: 'V2', unitOfMeasure: 'BX' }),
    poSchedule({ poId: 'P5', itemId: 'OTHER' }),
  ];
  const index = new ScheduleIndex({
    schedules,
    itemVendors: [itemVendor('SKU-1', '0000012345', 1, 'ACME SUPPLY CO')],
  });

  it('groups open schedules item → vendor → unit, in earliest-due order', () => {
    const list = index.schedulesByUnit('SKU-1', '0000012345')?.get('EA') ?? [];
    expect(list.map((s) => s.ref)).toEqual(['US001/P1/1/1', 'US001/P1/2/1', 'US001/P3/1/1']);
    expect([...(index.schedulesByUnit('SKU-1', 'V2')?.keys() ?? [])]).toEqual(['BX']);
  });

  it('keeps complete and cancelled POs out of the candidates but can still name them', () => {
    expect(index.vendorsWithSchedules('SKU-1').sort()).toEqual(['0000012345', 'V2']);
    expect(index.schedule('US001/P2/1/1')?.poStatus).toBe('C');
    const refs = [...(index.schedulesByUnit('SKU-1', '0000012345')?.values() ?? [])].flat().map((s) => s.ref);
    expect(refs).not.toContain('US001/P2/1/1');
  });

  it('subtracts reservations and batch takes from the open quantity', () => {
    const idx = new ScheduleIndex({
      schedules: [poSchedule({ poId: 'P1', qtyPo: 10, qtyReceived: 3 })],
      itemVendors: [],
      reserved: [['US001/P1/1/1', 2]],
    });
    expect(idx.available('US001/P1/1/1')).toBe(5);
    idx.take('US001/P1/1/1', 4);
    expect(idx.available('US001/P1/1/1')).toBe(1);
    idx.giveBack('US001/P1/1/1', 4);
    expect(idx.available('US001/P1/1/1')).toBe(5);
    expect(idx.reservedOn('US001/P1/1/1')).toBe(2);
  });

  it('knows vendor names from schedules and item–vendor rows', () => {
    expect(index.directory.label('0000012345')).toBe('0000012345 ACME SUPPLY CO');
    expect(index.vendorsOf('SKU-1')).toHaveLength(1);
    expect(index.vendorsOf('NONE')).toEqual([]);
  });
});
