/** Config files of any content: a valid config or a ConfigError naming keys, never a secret in it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ } from '../../test/fuzz-settings.ts';
import { cronProblem } from './cron-check.ts';
import { ConfigError, parseConfig } from './load-config.ts';

const SECRET = 'Sx9-fuzz-secret-value-41';
const section = fc.dictionary(
  fc.constantFrom(
    'baseUrl',
    'businessUnit',
    'safetyStock',
    'policy',
    'orders',
    'timeZone',
    'clientSecret',
    'password',
    'x',
  ),
  fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(SECRET), fc.anything()),
);
const config = fc.dictionary(
  fc.constantFrom('walmart', 'peoplesoft', 'matching', 'orders', 'inventory', 'store', 'schedule', 'shedule'),
  fc.oneof(section, fc.anything()),
);

describe('parseConfig (fuzzed)', () => {
  it('throws only ConfigError, listing problems by key, without repeating a secret-looking value', () => {
    fc.assert(
      fc.property(fc.oneof(config, fc.anything()), (raw) => {
        try {
          parseConfig(raw);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          const err = e as ConfigError;
          expect(err.problems.length).toBeGreaterThan(0);
          expect(err.message).not.toContain(SECRET);
        }
      }),
      FUZZ,
    );
  });
});

describe('cronProblem (fuzzed)', () => {
  it('never throws: an expression is usable or its problem is said', () => {
    const fieldText = fc.oneof(
      fc.constantFrom('*', '*/15', '0', '59', '61', 'MON-FRI', '1-5', 'L', '?', '#', ''),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(fieldText, { maxLength: 8 }), (fields) => {
        const p = cronProblem(fields.join(' '));
        expect(p === undefined || (typeof p === 'string' && p.length > 0)).toBe(true);
      }),
      FUZZ,
    );
  });
});
