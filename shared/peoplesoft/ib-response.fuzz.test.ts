/** IBResponse and SOAP Fault bodies of any content: read or left alone, never a throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ } from '../../test/fuzz-settings.ts';
import { isCredentialFailure, parseIbResponse, peopleSoftFailure } from './ib-response.ts';

const text = fc.string({ maxLength: 40 });
const ib = fc
  .tuple(fc.constantFrom('success', 'error', '', 'weird'), text, text, text, text)
  .map(
    ([type, status, set, id, msg]) =>
      `<?xml version="1.0"?><IBResponse type="${type}"><StatusCode>${status}</StatusCode><MessageSet>${set}</MessageSet><MessageID>${id}</MessageID><DefaultMessage>${msg}</DefaultMessage><TransactionID>${id}</TransactionID></IBResponse>`,
  );
const fault = text.map(
  (msg) =>
    `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultstring>${msg}</faultstring></S:Fault></S:Body></S:Envelope>`,
);

describe('parseIbResponse / peopleSoftFailure (fuzzed)', () => {
  it('never throws, and an error always carries a message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          ib,
          fault,
          fc.string(),
          fc.string().map((s) => `<${s}>`),
        ),
        (body) => {
          const parsed = parseIbResponse(body);
          if (parsed?.type === 'error') expect(parsed.message.length).toBeGreaterThan(0);
          const f = peopleSoftFailure(body);
          if (f) {
            expect(typeof f.message).toBe('string');
            expect(typeof isCredentialFailure(f)).toBe('boolean');
          }
        },
      ),
      FUZZ,
    );
  });
});
