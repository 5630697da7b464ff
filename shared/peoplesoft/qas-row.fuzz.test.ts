/** QAS rows of any content: reading a field either works or throws a RowFieldError naming it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ } from '../../test/fuzz-settings.ts';
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

const key = fc.oneof(
  fc.constantFrom('PO_ID', 'A.PO_ID', 'B.DESCR', 'E.DESCR', 'QTY_PO', 'C.QTY_PO', 'DUE_DT', 'attr:rownumber'),
  fc.string({ maxLength: 8 }),
);
const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.anything(),
);

describe('QasRow (fuzzed)', () => {
  it('never throws anything but a RowFieldError naming the field, and identity is stable', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value), fc.integer({ min: 1, max: 1000 }), (raw, position) => {
        const row = new QasRow(raw, position);
        expect(row.rowNumber).toBeGreaterThan(0);
        expect(new QasRow({ ...raw }, position).identity()).toBe(row.identity());
        for (const field of ['PO_ID', 'DESCR', 'E.DESCR', 'QTY_PO', 'DUE_DT']) {
          for (const read of [
            () => requiredText(row, field),
            () => optionalText(row, field),
            () => requiredNumber(row, field, { integer: true, min: 0 }),
            () => optionalNumber(row, field),
            () => requiredDate(row, field),
            () => requiredDateTime(row, field, 'America/Chicago'),
          ]) {
            try {
              read();
            } catch (e) {
              expect(e).toBeInstanceOf(RowFieldError);
              expect((e as RowFieldError).field).toBe(field);
            }
          }
        }
      }),
      FUZZ,
    );
  });
});
