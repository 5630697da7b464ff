/** Walmart error bodies of any shape or content type: always some detail, never a throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ } from '../../test/fuzz-settings.ts';
import { errorDetailsFromText } from './walmart-errors.ts';

const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.anything());
const jsonError = fc.dictionary(
  fc.constantFrom('code', 'field', 'description', 'info', 'severity', 'category', 'causes', 'x'),
  field,
);
const jsonBody = fc.oneof(
  fc.record({ error: fc.array(jsonError) }),
  fc.record({ errors: fc.oneof(fc.array(jsonError), fc.record({ error: fc.array(jsonError) })) }),
  fc.record({ list: fc.record({ errors: fc.array(jsonError) }) }),
  fc.anything(),
);
const xmlBody = fc
  .array(fc.tuple(fc.string(), fc.string(), fc.string()), { maxLength: 4 })
  .map(
    (errs) =>
      `<errors>${errs.map(([c, d, i]) => `<error><code>${c}</code><description>${d}</description><info>${i}</info></error>`).join('')}</errors>`,
  );

describe('errorDetailsFromText (fuzzed)', () => {
  it('reads JSON, XML and anything else without throwing, and always says something', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          jsonBody.map((b) => JSON.stringify(b) ?? ''),
          xmlBody,
          fc.string(),
        ),
        fc.integer({ min: 100, max: 599 }),
        (text, status) => {
          const details = errorDetailsFromText(text, status, 'Status');
          expect(details.length).toBeGreaterThan(0);
          for (const d of details) {
            expect(typeof d.code).toBe('string');
            expect(d.code.length).toBeGreaterThan(0);
            if (d.description !== undefined) expect(d.description.length).toBeLessThanOrEqual(301);
          }
        },
      ),
      FUZZ,
    );
  });
});
