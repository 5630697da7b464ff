/** Walmart order JSON from anywhere: parsing never throws, never loses a sibling line, always names a field. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ } from '../../test/fuzz-settings.ts';
import { parseOrderLines } from './order-parse.ts';

const status = fc.constantFrom(
  'Created',
  'Acknowledged',
  'Shipped',
  'Delivered',
  'Cancelled',
  'Refund',
  'CANCELLED',
);
const quantity = fc.oneof(fc.integer({ min: 1, max: 9 }).map(String), fc.integer({ min: 1, max: 9 }));
// Up to three statuses of at most 9 each: a line of 27 holds them all.
const goodLine = fc.record({
  item: fc.record({ sku: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '') }),
  orderLineQuantity: fc.record({ unitOfMeasurement: fc.constant('EACH'), amount: fc.constant('27') }),
  orderLineStatuses: fc.record({
    orderLineStatus: fc.array(fc.record({ status, statusQuantity: fc.record({ amount: quantity }) }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
});
const junk = fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.anything()));

describe('parseOrderLines (fuzzed)', () => {
  it('never throws on anything, and reports each unreadable line with its field', () => {
    fc.assert(
      fc.property(junk, junk, (order, lines) => {
        const withLines =
          typeof order === 'object' && order ? { ...order, orderLines: { orderLine: lines } } : order;
        for (const input of [order, withLines]) {
          const out = parseOrderLines(input);
          expect(out.length).toBeGreaterThan(0);
          for (const r of out) {
            if (r.ok) {
              expect(r.line.quantity).toBeGreaterThan(0);
              expect(r.line.cancelledQuantity).toBeGreaterThanOrEqual(0);
            } else expect(r.invalid.field).not.toBe('');
          }
        }
      }),
      FUZZ,
    );
  });

  it('one bad line never costs its siblings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), goodLine, junk), { minLength: 2, maxLength: 6 }),
        (mixed) => {
          const lines = mixed.map(([isBad, good, garbage], i) =>
            isBad ? garbage : { ...good, lineNumber: String(i + 1) },
          );
          const out = parseOrderLines({
            purchaseOrderId: '1796277083022',
            orderDate: 1_700_000_000_000,
            orderLines: { orderLine: lines },
          });
          expect(out).toHaveLength(lines.length);
          mixed.forEach(([isBad], i) => {
            if (!isBad) expect(out[i]?.ok, `line ${i + 1}`).toBe(true);
          });
        },
      ),
      FUZZ,
    );
  });
});
