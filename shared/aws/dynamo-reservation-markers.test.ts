import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAwsEmulators } from '../../test/aws/use-aws-emulators.ts';
import { entryFor, lineRecord } from '../../test/aws/fixtures.ts';
import { ManualClock } from '../memory/index.ts';
import type { LineRecord, WriteRecord, WriteState } from '../domain/index.ts';
import { documentClient } from './dynamo-client.ts';
import { DynamoAuditTrail } from './dynamo-audit-trail.ts';
import { RESERVING_PK } from './dynamo-reservation-markers.ts';
import { auditLinePk } from './table-design.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const PO_REF = 'US001/0000079262/1/1';

const receipt = (state: WriteState): WriteRecord => ({ reference: 'WM-R', state, intentAt: T0, attempts: 1 });

describe('DynamoAuditTrail reservation markers', () => {
  const aws = useAwsEmulators();
  let clock: ManualClock;
  let trail: DynamoAuditTrail;
  let table: string;
  let n = 0;
  const doc = () => documentClient(aws.dynamo);
  const marker = async (key: string) =>
    (
      await doc().send(
        new GetCommand({ TableName: table, Key: { pk: RESERVING_PK, sk: key }, ConsistentRead: true }),
      )
    ).Item;
  const putMarker = (key: string, version: number, announcedAt = T0) =>
    doc().send(
      new PutCommand({ TableName: table, Item: { pk: RESERVING_PK, sk: key, version, announcedAt } }),
    );

  beforeEach(async () => {
    table = await aws.createAuditTable(`markers-${++n}`);
    clock = new ManualClock(T0);
    trail = new DynamoAuditTrail({ tableName: table, client: aws.dynamo, clock, retentionDays: 10 });
  });

  async function seed(po: string, line: string, patch: Partial<LineRecord> = {}): Promise<LineRecord> {
    const r = lineRecord(po, line, T0, patch);
    expect(await trail.create(r, entryFor(r, r.status, T0))).toBe(true);
    return (await trail.get(r.key))!;
  }

  async function move(r: LineRecord, patch: Partial<LineRecord>): Promise<LineRecord> {
    const next = { ...r, ...patch, updatedAt: r.updatedAt + 1 };
    const stored = await trail.update(next, r.version, entryFor(next, next.status, next.updatedAt, r.status));
    expect(stored).toBeDefined();
    return stored!;
  }

  it('keeps markers out of list, byStatus and history', async () => {
    const r = await seed('100', '1');
    await move(r, { status: 'MATCHED', poRef: PO_REF, receipt: receipt('INTENT') });
    expect(await marker('100#1')).toMatchObject({ version: 2 });
    expect((await trail.list({})).map((x) => x.key)).toEqual(['100#1']);
    expect((await trail.byStatus(['MATCHED'])).map((x) => x.key)).toEqual(['100#1']);
    expect((await trail.history('100')).map((e) => e.to)).toEqual(['RECEIVED', 'MATCHED']);
  });

  it('deletes the marker when the line leaves its reservation', async () => {
    const r = await seed('200', '1');
    const posted = await move(r, { status: 'POSTED', poRef: PO_REF, receipt: receipt('STAGED') });
    expect(await marker('200#1')).toBeDefined();
    await move(posted, { status: 'RECEIPTED', receipt: receipt('LOADED') });
    expect(await marker('200#1')).toBeUndefined();
  });

  it('ignores an orphan marker of a line that does not reserve, and removes it', async () => {
    await seed('300', '1', { status: 'FLAGGED', reason: 'NO_OPEN_PO' });
    await putMarker('300#1', 1);
    expect(await trail.reservingLines()).toEqual([]);
    expect(await marker('300#1')).toBeUndefined();
  });

  it('keeps the marker of a write still in flight (newer than the stored state), without listing the line', async () => {
    await seed('400', '1');
    await putMarker('400#1', 2);
    expect(await trail.reservingLines()).toEqual([]);
    expect(await marker('400#1')).toMatchObject({ version: 2 });
  });

  it('never lets a non-reserving write delete the marker a newer write announced', async () => {
    const r = await seed('500', '1');
    const matched = await move(r, { status: 'MATCHED', poRef: PO_REF, receipt: receipt('INTENT') });
    await putMarker('500#1', 4);
    await move(matched, { status: 'FLAGGED', reason: 'NO_OPEN_PO', receipt: undefined });
    expect(await marker('500#1')).toMatchObject({ version: 4 });
  });

  it('removes the marker of a create that never happened only after a day', async () => {
    await putMarker('600#1', 1, T0);
    expect(await trail.reservingLines()).toEqual([]);
    expect(await marker('600#1')).toBeDefined();
    clock.advance(24 * 3600_000 + 1);
    expect(await trail.reservingLines()).toEqual([]);
    expect(await marker('600#1')).toBeUndefined();
  });

  it('gives the marker of a terminal reserving line the same retention as the line, and clears it on reopening', async () => {
    const r = await seed('700', '1');
    const flagged = await move(r, {
      status: 'FLAGGED',
      reason: 'RECEIPT_NOT_LOADED',
      poRef: PO_REF,
      receipt: receipt('STAGED'),
    });
    const state = await doc().send(
      new GetCommand({ TableName: table, Key: { pk: auditLinePk('700#1'), sk: 'STATE' } }),
    );
    expect((await marker('700#1'))?.expiresAt).toBe(state.Item?.expiresAt);
    expect(state.Item?.expiresAt).toBeGreaterThan(0);
    await move(flagged, { status: 'POSTED', reason: undefined });
    expect((await marker('700#1'))?.expiresAt).toBeUndefined();
  });

  it('reads more lines than one BatchGetItem request holds', async () => {
    // Written straight to the table: 130 lines through the adapter would only make the test slow.
    const items = Array.from({ length: 130 }, (_, i) => {
      const r = lineRecord('800', String(i + 1), T0, {
        status: 'POSTED',
        poRef: PO_REF,
        receipt: receipt('STAGED'),
      });
      return [
        { ...r, pk: auditLinePk(r.key), sk: 'STATE' },
        { pk: RESERVING_PK, sk: r.key, version: 1, announcedAt: T0 },
      ];
    }).flat();
    for (let i = 0; i < items.length; i += 25) {
      const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      await doc().send(new BatchWriteCommand({ RequestItems: { [table]: batch } }));
    }
    await seed('801', '1');
    expect(await trail.reservingLines()).toHaveLength(130);
  });

  it('writes no state when the marker cannot be written', async () => {
    const r = await seed('900', '1');
    const failing = aws.newDynamoClient();
    failing.middlewareStack.add(
      (next) => async (args) => {
        // Whether the document client has marshalled the item yet or not.
        const pk = (args.input as { Item?: { pk?: unknown } }).Item?.pk;
        if (pk === RESERVING_PK || (pk as { S?: string } | undefined)?.S === RESERVING_PK) {
          throw new Error('marker write refused');
        }
        return next(args);
      },
      { step: 'build', name: 'refuseMarkers' },
    );
    const broken = new DynamoAuditTrail({ tableName: table, client: failing, clock });
    const next = { ...r, status: 'MATCHED' as const, poRef: PO_REF, receipt: receipt('INTENT') };
    await expect(broken.update(next, 1, entryFor(next, 'MATCHED', T0 + 1, 'RECEIVED'))).rejects.toThrow(
      'marker write refused',
    );
    expect(await trail.get('900#1')).toEqual(r);
    await doc().send(new DeleteCommand({ TableName: table, Key: { pk: RESERVING_PK, sk: '900#1' } }));
    expect(await trail.reservingLines()).toEqual([]);
  });
});
