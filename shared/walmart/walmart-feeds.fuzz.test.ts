/** Feed status answers of any content: a usable page or a reason, never a throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ } from '../../test/fuzz-settings.ts';
import { parseFeedStatusPage } from './walmart-feeds.ts';

const item = fc.dictionary(
  fc.constantFrom('sku', 'index', 'ingestionStatus', 'ingestionErrors', 'martId', 'x'),
  fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.anything()),
);
const body = fc.record(
  {
    feedStatus: fc.oneof(fc.constantFrom('RECEIVED', 'INPROGRESS', 'PROCESSED', 'ERROR'), fc.anything()),
    itemsReceived: fc.anything(),
    itemsSucceeded: fc.anything(),
    itemDetails: fc.oneof(
      fc.record({ itemIngestionStatus: fc.array(fc.oneof(item, fc.anything())) }),
      fc.anything(),
    ),
    ingestionErrors: fc.anything(),
  },
  { requiredKeys: [] },
);

describe('parseFeedStatusPage (fuzzed)', () => {
  it('never throws; every item it reads has a SKU and an outcome', () => {
    fc.assert(
      fc.property(body, (b) => {
        const page = parseFeedStatusPage(b as Record<string, unknown>, 'F-1', (i) => `SKU-${i}`);
        if (typeof page === 'string') return;
        expect(page.items.length).toBeLessThanOrEqual(page.size);
        for (const r of page.items) {
          expect(typeof r.sku).toBe('string');
          expect(typeof r.ok).toBe('boolean');
        }
        expect(page.head.itemsReceived).toBeGreaterThanOrEqual(0);
      }),
      FUZZ,
    );
  });
});
