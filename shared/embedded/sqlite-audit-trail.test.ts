import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  describeAuditTrailContract,
  sampleEntry,
  sampleLineRecord,
} from '../../test/contracts/audit-trail.contract.ts';
import { ManualClock } from '../memory/index.ts';
import type { LineRecord } from '../domain/index.ts';
import { SqliteAuditTrail } from './sqlite-audit-trail.ts';
import { MIGRATIONS } from './sqlite-migrations.ts';
import { openStore, type SqliteStore } from './sqlite-store.ts';
import { InvalidLineRecordError } from './store-errors.ts';
import { makeTempDir, type TempDir } from './testing/temp-dir.ts';

describeAuditTrailContract('SqliteAuditTrail', async (clock) => {
  const tmp = makeTempDir('audit');
  const store = openStore(tmp.file('store.sqlite'), { clock });
  return {
    audit: new SqliteAuditTrail(store),
    cleanup: async () => {
      store.close();
      tmp.cleanup();
    },
  };
});

describe('SqliteAuditTrail', () => {
  const DAY = 86_400_000;
  let tmp: TempDir;
  let clock: ManualClock;
  let store: SqliteStore;
  let audit: SqliteAuditTrail;

  beforeEach(() => {
    tmp = makeTempDir('audit');
    clock = new ManualClock();
    store = openStore(tmp.file('store.sqlite'), { clock });
    audit = new SqliteAuditTrail(store);
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  async function line(po: string, status: LineRecord['status'], updatedAt: number): Promise<void> {
    const r = sampleLineRecord(po, '1', { status, updatedAt, createdAt: updatedAt });
    await audit.create(r, sampleEntry(r));
  }

  it('shares state with another connection on the same file', async () => {
    const second = openStore(store.path, { clock });
    try {
      const other = new SqliteAuditTrail(second);
      const r = sampleLineRecord('PO1', '1');
      expect(await audit.create(r, sampleEntry(r))).toBe(true);
      expect(await other.create(r, sampleEntry(r))).toBe(false);
      const next = { ...r, status: 'MATCHED' as const };
      expect(await other.update(next, 1, sampleEntry(next))).toMatchObject({ version: 2 });
      expect(await audit.update(next, 1, sampleEntry(next))).toBeUndefined();
      expect(await audit.history('PO1')).toHaveLength(2);
    } finally {
      second.close();
    }
  });

  it('writes the record and its entry atomically: a failing entry leaves no record behind', async () => {
    const r = sampleLineRecord('PO1', '1');
    const unserialisable = sampleEntry(r, { data: { big: 10n } });
    await expect(audit.create(r, unserialisable)).rejects.toThrow();
    expect(await audit.get(r.key)).toBeUndefined();
    expect(await audit.history('PO1')).toEqual([]);
  });

  it('rejects a record with a bad field, naming the record and the field, and writes nothing', async () => {
    const bad = sampleLineRecord('PO1', '1', { status: 'DONE' as LineRecord['status'] });
    await expect(audit.create(bad, sampleEntry(bad))).rejects.toThrow(InvalidLineRecordError);
    await expect(audit.create(bad, sampleEntry(bad))).rejects.toThrow('order line PO1#1: field "status"');
    const noTime = sampleLineRecord('PO1', '2', { updatedAt: Number.NaN });
    await expect(audit.create(noTime, sampleEntry(noTime, { at: 1 }))).rejects.toThrow('field "updatedAt"');
    const good = sampleLineRecord('PO1', '3');
    await expect(audit.create(good, sampleEntry(good, { key: 'PO1#4' }))).rejects.toThrow(
      'field "entry.key"',
    );
    expect(await audit.list({})).toEqual([]);
  });

  it('purgeOlderThan removes old history of terminal lines and never touches a line in progress', async () => {
    const t0 = clock.now();
    await line('OLD-DONE', 'RECEIPTED', t0);
    await line('OLD-FLAG', 'FLAGGED', t0);
    await line('OLD-BUSY', 'POSTED', t0);
    await line('OLD-DOUBT', 'IN_DOUBT', t0);
    await line('NEW-DONE', 'SKIPPED', t0 + 300 * DAY);
    const inventory = (sku: string, at: number) => ({
      sku,
      itemId: sku,
      quantity: 1,
      balance: 1,
      balanceAt: at,
      via: 'put' as const,
      outcome: 'SET' as const,
      trigger: 'cycle' as const,
      at,
    });
    await audit.recordInventory([inventory('OLD', t0), inventory('NEW', t0 + 300 * DAY)]);
    clock.advance(401 * DAY);
    expect(await audit.purgeOlderThan(400 * DAY)).toEqual({ entries: 2, lines: 2, inventory: 1 });
    const kept: string[] = [];
    for await (const e of audit.inventoryEntries({})) kept.push(e.sku);
    expect(kept).toEqual(['NEW']);
    expect((await audit.list({})).map((r) => r.purchaseOrderId).sort()).toEqual([
      'NEW-DONE',
      'OLD-BUSY',
      'OLD-DOUBT',
    ]);
    expect(await audit.history('OLD-BUSY')).toHaveLength(1);
    expect(await audit.history('NEW-DONE')).toHaveLength(1);
    expect(await audit.history('OLD-DONE')).toEqual([]);
  });

  it('purgeOlderThan keeps recent entries of a terminal line updated lately', async () => {
    const t0 = clock.now();
    const r = sampleLineRecord('PO1', '1', { updatedAt: t0 });
    await audit.create(r, sampleEntry(r));
    const done = { ...r, status: 'RECEIPTED' as const, updatedAt: t0 + 100 * DAY };
    await audit.update(done, 1, sampleEntry(done, { from: 'RECEIVED' }));
    clock.advance(450 * DAY);
    expect(await audit.purgeOlderThan(400 * DAY)).toEqual({ entries: 1, lines: 0, inventory: 0 });
    expect((await audit.history('PO1')).map((e) => e.to)).toEqual(['RECEIPTED']);
    expect(await audit.get('PO1#1')).toMatchObject({ status: 'RECEIPTED', version: 2 });
  });

  it('reservingLines reads lines stored before the receipt-state index existed, through that index', async () => {
    const path = tmp.file('old.sqlite');
    // A file as the first release left it: only migration 1, one reserving line already in it.
    const raw = new Database(path);
    raw.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;
      ${MIGRATIONS[0]!.sql}`);
    raw.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run(MIGRATIONS[0]!.name);
    const data = {
      quantity: 2,
      poRef: 'US001/P/1/1',
      receipt: { reference: 'WM-OLD-1', state: 'STAGED', intentAt: 1, attempts: 1 },
    };
    raw
      .prepare(
        `INSERT INTO line_records (key, purchase_order_id, line_number, sku, status, reason, updated_at, version, data)
         VALUES ('OLD#1', 'OLD', '1', 'S', 'POSTED', NULL, 5, 3, ?)`,
      )
      .run(JSON.stringify(data));
    raw.close();

    const upgraded = openStore(path, { clock });
    try {
      const trail = new SqliteAuditTrail(upgraded);
      expect((await trail.reservingLines()).map((r) => [r.key, r.receipt?.state])).toEqual([
        ['OLD#1', 'STAGED'],
      ]);
      const plan = upgraded.db
        .prepare('EXPLAIN QUERY PLAN SELECT * FROM line_records WHERE receipt_state IN (?, ?, ?)')
        .all('INTENT', 'STAGED', 'IN_DOUBT') as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('line_records_receipt_state');
    } finally {
      upgraded.close();
    }
  });
});
