import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAwsEmulators } from '../../test/aws/use-aws-emulators.ts';
import { entryFor, lineRecord } from '../../test/aws/fixtures.ts';
import type { LineRecord } from '../domain/index.ts';
import { documentClient } from './dynamo-client.ts';
import { DynamoAuditTrail } from './dynamo-audit-trail.ts';
import { auditEntrySk, auditLinePk } from './table-design.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);

describe('DynamoAuditTrail', () => {
  const aws = useAwsEmulators();
  let trail: DynamoAuditTrail;
  let table: string;
  let n = 0;

  beforeEach(async () => {
    table = await aws.createAuditTable(`audit-${++n}`);
    trail = new DynamoAuditTrail({ tableName: table, client: aws.dynamo, retentionDays: 10 });
  });

  async function seed(po: string, line: string, at: number, patch: Partial<LineRecord> = {}) {
    const r = lineRecord(po, line, at, patch);
    expect(await trail.create(r, entryFor(r, r.status, at))).toBe(true);
    return (await trail.get(r.key)) as LineRecord;
  }

  it('creates a line once: a second create of the same key writes nothing', async () => {
    const r = lineRecord('100', '1', T0);
    expect(await trail.create(r, entryFor(r, 'RECEIVED', T0))).toBe(true);
    expect(await trail.create({ ...r, sku: 'OTHER' }, entryFor(r, 'RECEIVED', T0 + 1))).toBe(false);
    const stored = await trail.get('100#1');
    expect(stored).toEqual({ ...r, version: 1 });
    expect(await trail.history('100')).toHaveLength(1);
  });

  it('updates only from the expected version and appends one entry per change', async () => {
    const r = await seed('200', '1', T0);
    const next = { ...r, status: 'MATCHED' as const, poRef: 'US001/PO1/1/1', updatedAt: T0 + 10 };
    const stored = await trail.update(next, 1, entryFor(r, 'MATCHED', T0 + 10, 'RECEIVED'));
    expect(stored?.version).toBe(2);
    expect(
      await trail.update({ ...next, status: 'FLAGGED' }, 1, entryFor(r, 'FLAGGED', T0 + 11)),
    ).toBeUndefined();
    expect((await trail.get(r.key))?.status).toBe('MATCHED');
    const history = await trail.history('200');
    expect(history.map((e) => e.to)).toEqual(['RECEIVED', 'MATCHED']);
  });

  it('drops fields a later version no longer has', async () => {
    const r = await seed('300', '1', T0, { reason: 'NO_SUPPLIER', detail: 'no supplier', status: 'FLAGGED' });
    const { reason: _r, detail: _d, ...rest } = r;
    await trail.update(
      { ...rest, status: 'RECEIVED', updatedAt: T0 + 5 },
      1,
      entryFor(r, 'RECEIVED', T0 + 5),
    );
    const stored = await trail.get(r.key);
    expect(stored?.reason).toBeUndefined();
    expect(stored?.detail).toBeUndefined();
  });

  it('lets exactly one of two concurrent writers win a version', async () => {
    const r = await seed('400', '1', T0);
    const results = await Promise.all(
      ['MATCHED', 'FLAGGED'].map((s, i) =>
        trail.update(
          { ...r, status: s as LineRecord['status'], updatedAt: T0 + i },
          1,
          entryFor(r, s as 'MATCHED', T0 + i),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await trail.history('400')).toHaveLength(2);
  });

  it('heals a history entry lost between the two writes, and shows it meanwhile', async () => {
    const r = await seed('500', '1', T0);
    await trail.update({ ...r, status: 'MATCHED', updatedAt: T0 + 1 }, 1, entryFor(r, 'MATCHED', T0 + 1));
    // Simulate a crash after the STATE write: the entry item for version 2 never made it.
    const doc = documentClient(aws.dynamo);
    await doc.send(
      new DeleteCommand({ TableName: table, Key: { pk: auditLinePk(r.key), sk: auditEntrySk(2) } }),
    );
    expect((await trail.history('500')).map((e) => e.to)).toEqual(['RECEIVED', 'MATCHED']);

    await trail.update({ ...r, status: 'POSTED', updatedAt: T0 + 2 }, 2, entryFor(r, 'POSTED', T0 + 2));
    const healed = await doc.send(
      new GetCommand({ TableName: table, Key: { pk: auditLinePk(r.key), sk: auditEntrySk(2) } }),
    );
    expect(healed.Item?.to).toBe('MATCHED');
    expect((await trail.history('500')).map((e) => e.to)).toEqual(['RECEIVED', 'MATCHED', 'POSTED']);
  });

  it('lists by status newest first, across statuses, and by order, sku, reason and time', async () => {
    await seed('600', '1', T0, { status: 'FLAGGED', reason: 'NO_OPEN_PO', sku: 'A' });
    await seed('600', '2', T0 + 1000, { status: 'FLAGGED', reason: 'AMBIGUOUS_PO', sku: 'B' });
    await seed('601', '1', T0 + 2000, { status: 'RECEIVED', sku: 'A' });
    await seed('602', '1', T0 + 3000, { status: 'RECEIPTED', sku: 'C' });

    expect((await trail.list({ status: 'FLAGGED' })).map((r) => r.key)).toEqual(['600#2', '600#1']);
    expect((await trail.list({})).map((r) => r.key)).toEqual(['602#1', '601#1', '600#2', '600#1']);
    expect((await trail.list({ limit: 2 })).map((r) => r.key)).toEqual(['602#1', '601#1']);
    expect((await trail.list({ purchaseOrderId: '600' })).map((r) => r.key)).toEqual(['600#2', '600#1']);
    expect((await trail.list({ sku: 'A' })).map((r) => r.key)).toEqual(['601#1', '600#1']);
    expect((await trail.list({ status: 'FLAGGED', reason: 'NO_OPEN_PO' })).map((r) => r.key)).toEqual([
      '600#1',
    ]);
    expect((await trail.list({ updatedSince: T0 + 1500 })).map((r) => r.key)).toEqual(['602#1', '601#1']);
  });

  it('returns sweeps oldest first, limited', async () => {
    await seed('700', '1', T0 + 300, { status: 'POSTED' });
    await seed('700', '2', T0 + 100, { status: 'IN_DOUBT' });
    await seed('700', '3', T0 + 200, { status: 'POSTED' });
    await seed('700', '4', T0 + 50, { status: 'RECEIPTED' });
    expect((await trail.byStatus(['POSTED', 'IN_DOUBT'])).map((r) => r.key)).toEqual([
      '700#2',
      '700#3',
      '700#1',
    ]);
    expect((await trail.byStatus(['POSTED', 'IN_DOUBT'], 2)).map((r) => r.key)).toEqual(['700#2', '700#3']);
  });

  it('pages through more items than one DynamoDB page holds', async () => {
    const big = 'x'.repeat(20_000);
    for (let i = 1; i <= 60; i++) await seed('800', String(i), T0 + i, { detail: big });
    expect(await trail.list({ status: 'RECEIVED' })).toHaveLength(60);
    expect(await trail.history('800')).toHaveLength(60);
  });

  it('sets the retention TTL on terminal lines and on every entry, and clears it when a line reopens', async () => {
    const r = await seed('900', '1', T0, { status: 'FLAGGED', reason: 'NO_OPEN_PO' });
    const doc = documentClient(aws.dynamo);
    const state = async () =>
      (await doc.send(new GetCommand({ TableName: table, Key: { pk: auditLinePk(r.key), sk: 'STATE' } })))
        .Item;
    expect((await state())?.expiresAt).toBe(Math.floor(T0 / 1000) + 10 * 86_400);
    const entry = await doc.send(
      new GetCommand({ TableName: table, Key: { pk: auditLinePk(r.key), sk: auditEntrySk(1) } }),
    );
    expect(entry.Item?.expiresAt).toBe(Math.floor(T0 / 1000) + 10 * 86_400);
    await trail.update({ ...r, status: 'RECEIVED', updatedAt: T0 + 1 }, 1, entryFor(r, 'RECEIVED', T0 + 1));
    expect((await state())?.expiresAt).toBeUndefined();
  });

  it('keeps history entries out of the status index', async () => {
    const r = await seed('950', '1', T0);
    await trail.update({ ...r, status: 'MATCHED', updatedAt: T0 + 1 }, 1, entryFor(r, 'MATCHED', T0 + 1));
    // A stray item shaped like an entry must not be read as a line either.
    await documentClient(aws.dynamo).send(
      new PutCommand({ TableName: table, Item: { pk: 'LINE#950#1', sk: 'NOTE', purchaseOrderId: '950' } }),
    );
    expect(await trail.list({})).toHaveLength(1);
    expect(await trail.history('950')).toHaveLength(2);
  });
});
