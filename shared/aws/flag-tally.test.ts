import { describe, expect, it } from 'vitest';
import { entryFor, lineRecord } from '../../test/aws/fixtures.ts';
import { MemoryAuditTrail } from '../memory/index.ts';
import { FlagTally } from './flag-tally.ts';

describe('FlagTally', () => {
  it('counts lines entering FLAGGED by reason, once per change, and starts again after take()', async () => {
    const tally = new FlagTally(new MemoryAuditTrail());
    const invalid = lineRecord('1', '1', 0, { status: 'FLAGGED', reason: 'INVALID_ORDER_DATA' });
    await tally.create(invalid, entryFor(invalid, 'FLAGGED', 0));
    await tally.create(invalid, entryFor(invalid, 'FLAGGED', 0)); // exists: not counted again

    const line = lineRecord('2', '1', 0);
    await tally.create(line, entryFor(line, 'RECEIVED', 0));
    const flagged = { ...line, status: 'FLAGGED' as const, reason: 'NO_OPEN_PO' as const, version: 2 };
    await tally.update(flagged, 1, entryFor(line, 'FLAGGED', 1, 'RECEIVED'));
    // A note on an already flagged line, and a lost race, count nothing.
    await tally.update(
      { ...flagged, detail: 'checked', version: 3 },
      2,
      entryFor(line, 'FLAGGED', 2, 'FLAGGED'),
    );
    await tally.update({ ...flagged, version: 3 }, 1, entryFor(line, 'FLAGGED', 3, 'RECEIVED'));

    expect(Object.fromEntries(tally.take())).toEqual({ INVALID_ORDER_DATA: 1, NO_OPEN_PO: 1 });
    expect(tally.take().size).toBe(0);
    expect((await tally.list({ status: 'FLAGGED' })).length).toBe(2);
  });
});
