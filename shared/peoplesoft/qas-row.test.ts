import { describe, expect, it } from 'vitest';
import {
  optionalNumber,
  optionalText,
  QasRow,
  RowFieldError,
  requiredDate,
  requiredDateTime,
  requiredNumber,
  requiredText,
} from './qas-row.ts';

describe('QasRow', () => {
  it('reads bare and alias-prefixed keys alike', () => {
    const bare = new QasRow({ 'attr:rownumber': 3, PO_ID: '0000079262', QTY_PO: 40 }, 1);
    const aliased = new QasRow({ 'attr:rownumber': 3, 'A.PO_ID': '0000079262', 'C.QTY_PO': 40 }, 1);
    for (const row of [bare, aliased]) {
      expect(row.rowNumber).toBe(3);
      expect(requiredText(row, 'PO_ID')).toBe('0000079262');
      expect(requiredNumber(row, 'QTY_PO')).toBe(40);
    }
    expect(bare.identity()).toBe(aliased.identity());
  });

  it('prefers the bare key when both forms are present and falls back to the position', () => {
    const row = new QasRow({ 'B.NAME1': 'alias', NAME1: 'bare' }, 7);
    expect(requiredText(row, 'NAME1')).toBe('bare');
    expect(row.rowNumber).toBe(7);
  });

  it('coerces numbers written as text and text written as numbers', () => {
    const row = new QasRow({ QTY: '40.0000', NEG: '-2', ID: 12345, BLANK: ' ', NUL: null }, 1);
    expect(requiredNumber(row, 'QTY')).toBe(40);
    expect(requiredNumber(row, 'NEG')).toBe(-2);
    expect(requiredText(row, 'ID')).toBe('12345');
    expect(optionalText(row, 'BLANK')).toBeUndefined();
    expect(optionalNumber(row, 'NUL')).toBeUndefined();
    expect(optionalNumber(row, 'MISSING')).toBeUndefined();
  });

  it('throws RowFieldError naming the field', () => {
    const row = new QasRow({ QTY: 'ten', LINE: 1.5, LOW: -1, EMPTY: '', DT: '2026-02-30', TS: 'soon' }, 1);
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(RowFieldError);
        return [(e as RowFieldError).field, (e as Error).message];
      }
      return undefined;
    };
    expect(fieldOf(() => requiredNumber(row, 'QTY'))).toEqual(['QTY', 'QTY is "ten", expected a number']);
    expect(fieldOf(() => requiredNumber(row, 'LINE', { integer: true }))?.[0]).toBe('LINE');
    expect(fieldOf(() => requiredNumber(row, 'LOW', { min: 0 }))?.[1]).toContain('at least 0');
    expect(fieldOf(() => requiredText(row, 'EMPTY'))).toEqual(['EMPTY', 'EMPTY is empty']);
    expect(fieldOf(() => requiredDate(row, 'DT'))?.[0]).toBe('DT');
    expect(fieldOf(() => requiredDateTime(row, 'TS', 'UTC'))?.[0]).toBe('TS');
  });

  it('reads dates and site date-times', () => {
    const row = new QasRow({ D: '2026-01-14', D2: '2026-01-14T00:00:00', TS: '2026-01-14T10:22:33' }, 1);
    expect(requiredDate(row, 'D')).toBe('2026-01-14');
    expect(requiredDate(row, 'D2')).toBe('2026-01-14');
    expect(requiredDateTime(row, 'TS', 'America/Chicago').epochMs).toBe(Date.parse('2026-01-14T16:22:33Z'));
  });
});

describe('QasRow with one field from two records', () => {
  it('keeps every alias column addressable, and tells rows apart by all of them', () => {
    const raw = {
      'attr:rownumber': 1,
      'A.PO_ID': '0000079262',
      'B.DESCR': 'Gloves',
      'E.DESCR': 'ACME SUPPLY',
    };
    const row = new QasRow(raw, 1);
    expect(row.value('B.DESCR')).toBe('Gloves');
    expect(row.value('E.DESCR')).toBe('ACME SUPPLY');
    expect(row.value('DESCR')).toBe('Gloves');
    expect(row.value('PO_ID')).toBe('0000079262');
    const other = new QasRow({ ...raw, 'E.DESCR': 'OTHER VENDOR' }, 2);
    expect(other.identity()).not.toBe(row.identity());
    expect(new QasRow({ ...raw }, 3).identity()).toBe(row.identity());
  });
});
