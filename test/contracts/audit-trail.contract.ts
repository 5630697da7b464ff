/**
 * The AuditTrail port contract (shared/ports.ts), reusable by every adapter.
 *
 * Usage, in the adapter's own `*.test.ts`:
 *
 *   describeAuditTrailContract('SqliteAuditTrail', async (clock) => {
 *     const store = openStore(join(dir, 'audit.sqlite'), { clock });
 *     return { audit: new SqliteAuditTrail(store), cleanup: async () => store.close() };
 *   });
 *
 * `make` is called before every test with a fresh ManualClock and must return an EMPTY audit trail plus a
 * `cleanup` run after the test. The clock may be ignored: the audit trail takes its times from the records.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  InventoryEntry,
  LineRecord,
  LineStatus,
  WriteRecord,
  WriteState,
} from '../../shared/domain/index.ts';
import type { AuditTrail } from '../../shared/ports.ts';
import { ManualClock } from '../../shared/memory/index.ts';

export interface AuditTrailFixture {
  audit: AuditTrail;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);

/** A valid line record for tests; `overrides` replace any field. */
export function sampleLineRecord(
  purchaseOrderId: string,
  lineNumber: string,
  overrides: Partial<LineRecord> = {},
): LineRecord {
  return {
    key: `${purchaseOrderId}#${lineNumber}`,
    purchaseOrderId,
    lineNumber,
    sku: `SKU-${lineNumber}`,
    quantity: 2,
    unit: 'EACH',
    orderDate: T0,
    walmartStatus: 'Created',
    status: 'RECEIVED',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

/** The entry that records `record` reaching its current status. */
export function sampleEntry(record: LineRecord, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    key: record.key,
    purchaseOrderId: record.purchaseOrderId,
    lineNumber: record.lineNumber,
    at: record.updatedAt,
    actor: 'poll',
    to: record.status,
    detail: `line is ${record.status}`,
    ...overrides,
  };
}

/** Registers the AuditTrail contract tests for one adapter. */
export function describeAuditTrailContract(
  name: string,
  make: (clock: ManualClock) => Promise<AuditTrailFixture>,
): void {
  describe(`AuditTrail contract: ${name}`, () => {
    let fixture: AuditTrailFixture;
    let audit: AuditTrail;

    beforeEach(async () => {
      fixture = await make(new ManualClock(T0));
      audit = fixture.audit;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    /** Creates a record and moves it through `statuses`, one update each, one ms apart. */
    async function seed(record: LineRecord, ...statuses: LineStatus[]): Promise<LineRecord> {
      expect(await audit.create(record, sampleEntry(record))).toBe(true);
      let current = (await audit.get(record.key))!;
      for (const status of statuses) {
        const next = { ...current, status, updatedAt: current.updatedAt + 1 };
        const from = current.status;
        current = (await audit.update(next, current.version, sampleEntry(next, { from, actor: 'match' })))!;
        expect(current).toBeDefined();
      }
      return current;
    }

    it('get returns undefined for an unknown key', async () => {
      expect(await audit.get('nope#1')).toBeUndefined();
    });

    it('create stores the record at version 1 and appends its entry', async () => {
      const record = sampleLineRecord('PO1', '1', { version: 7 });
      expect(await audit.create(record, sampleEntry(record))).toBe(true);
      expect(await audit.get(record.key)).toEqual({ ...record, version: 1 });
      expect(await audit.history('PO1')).toEqual([sampleEntry(record)]);
    });

    it('create round-trips every optional field', async () => {
      const record = sampleLineRecord('PO1', '2', {
        itemId: 'ITEM-2',
        reason: 'NO_OPEN_PO',
        status: 'FLAGGED',
        detail: 'No open purchase order for this item.',
        poRef: 'US001/0000079262/1/1',
        vendorId: '0000012345',
        unitOfMeasure: 'EA',
        receipt: {
          reference: 'WM-PO1-2',
          state: 'REJECTED',
          intentAt: T0,
          transactionId: 'T-1',
          receiverId: 'R-1',
          error: { messageSet: '158', messageId: '10', message: 'Invalid PO' },
          attempts: 2,
        },
        adjustment: { reference: 'WM-PO1-2-ADJ', state: 'STAGED', intentAt: T0, attempts: 1 },
        resolution: { poRef: 'US001/1/1/1', note: 'checked', by: 'clerk', at: T0 + 5 },
        acknowledged: true,
      });
      const entry = sampleEntry(record, {
        from: 'RECEIVED',
        reason: 'NO_OPEN_PO',
        data: { nested: { a: [1, 'b'] } },
      });
      await audit.create(record, entry);
      expect(await audit.get(record.key)).toEqual(record);
      expect(await audit.history('PO1')).toEqual([entry]);
    });

    it('create is a no-op on an existing key: returns false, keeps the record and writes no entry', async () => {
      const first = await seed(sampleLineRecord('PO1', '1'), 'MATCHED');
      const again = sampleLineRecord('PO1', '1', { sku: 'OTHER', updatedAt: T0 + 100 });
      expect(await audit.create(again, sampleEntry(again))).toBe(false);
      expect(await audit.get(first.key)).toEqual(first);
      expect(await audit.history('PO1')).toHaveLength(2);
    });

    it('update with the current version stores version + 1 and appends the entry', async () => {
      const created = await seed(sampleLineRecord('PO1', '1'));
      const next = { ...created, status: 'MATCHED' as const, poRef: 'US001/P/1/1', updatedAt: T0 + 10 };
      const entry = sampleEntry(next, { from: 'RECEIVED', actor: 'match' });
      const stored = await audit.update(next, 1, entry);
      expect(stored).toEqual({ ...next, version: 2 });
      expect(await audit.get(next.key)).toEqual({ ...next, version: 2 });
      expect(await audit.history('PO1')).toEqual([sampleEntry(created), entry]);
    });

    it('update with a stale version returns undefined and writes nothing, not even an entry', async () => {
      const current = await seed(sampleLineRecord('PO1', '1'), 'MATCHED');
      const stale = { ...current, status: 'FLAGGED' as const, updatedAt: T0 + 50 };
      expect(await audit.update(stale, 1, sampleEntry(stale))).toBeUndefined();
      expect(await audit.update(stale, 3, sampleEntry(stale))).toBeUndefined();
      expect(await audit.get(current.key)).toEqual(current);
      expect((await audit.history('PO1')).map((e) => e.to)).toEqual(['RECEIVED', 'MATCHED']);
    });

    it('update of an unknown key returns undefined and creates nothing', async () => {
      const ghost = sampleLineRecord('PO9', '1');
      expect(await audit.update(ghost, 1, sampleEntry(ghost))).toBeUndefined();
      expect(await audit.get(ghost.key)).toBeUndefined();
      expect(await audit.history('PO9')).toEqual([]);
    });

    it('of concurrent updates from the same version exactly one wins', async () => {
      const current = await seed(sampleLineRecord('PO1', '1'));
      const attempts = (['MATCHED', 'FLAGGED', 'SKIPPED', 'POSTED'] as const).map((status) => {
        const next = { ...current, status, updatedAt: T0 + 1 };
        return audit.update(next, current.version, sampleEntry(next));
      });
      const results = await Promise.all(attempts);
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(await audit.get(current.key)).toEqual(winners[0]);
      expect(await audit.history('PO1')).toHaveLength(2);
    });

    it('returned records are copies: changing one does not change the store', async () => {
      const created = await seed(sampleLineRecord('PO1', '1'));
      created.status = 'FLAGGED';
      const listed = await audit.list({});
      listed[0]!.sku = 'CHANGED';
      const read = await audit.get('PO1#1');
      expect(read?.status).toBe('RECEIVED');
      expect(read?.sku).toBe('SKU-1');
    });

    it("history returns every entry of the order's lines, oldest first, and nothing of other orders", async () => {
      await seed(sampleLineRecord('PO1', '1'), 'MATCHED', 'POSTED');
      await seed(sampleLineRecord('PO2', '1', { updatedAt: T0 + 1 }), 'FLAGGED');
      await seed(sampleLineRecord('PO1', '2', { updatedAt: T0 + 20 }), 'SKIPPED');
      const history = await audit.history('PO1');
      expect(history.map((e) => [e.key, e.to])).toEqual([
        ['PO1#1', 'RECEIVED'],
        ['PO1#1', 'MATCHED'],
        ['PO1#1', 'POSTED'],
        ['PO1#2', 'RECEIVED'],
        ['PO1#2', 'SKIPPED'],
      ]);
      expect(history[1]).toMatchObject({ from: 'RECEIVED', actor: 'match' });
      expect(await audit.history('PO3')).toEqual([]);
    });

    describe('inventory entries', () => {
      const entry = (sku: string, at: number, over: Partial<InventoryEntry> = {}): InventoryEntry => ({
        sku,
        itemId: `ITEM-${sku}`,
        quantity: 5,
        balance: 7,
        balanceAt: at - 60_000,
        via: 'put',
        outcome: 'SET',
        trigger: 'cycle',
        at,
        ...over,
      });
      const read = async (f: Parameters<AuditTrail['inventoryEntries']>[0]) => {
        const out: InventoryEntry[] = [];
        for await (const e of audit.inventoryEntries(f)) out.push(e);
        return out;
      };

      it('round-trips every field, newest first, filtered by SKU and time, capped by limit', async () => {
        const feed = entry('B', T0 + 2, {
          via: 'feed',
          feedId: 'F-1',
          outcome: 'DATA_ERROR',
          detail: 'DATA_ERROR: quantity exceeds the maximum',
          trigger: 'reconcile',
        });
        await audit.recordInventory([entry('A', T0 + 1), feed]);
        await audit.recordInventory([entry('A', T0 + 3, { quantity: 0, balance: 1 })]);
        expect(await read({})).toEqual([
          entry('A', T0 + 3, { quantity: 0, balance: 1 }),
          feed,
          entry('A', T0 + 1),
        ]);
        expect((await read({ sku: 'A' })).map((e) => e.at)).toEqual([T0 + 3, T0 + 1]);
        expect((await read({ since: T0 + 2 })).map((e) => e.sku)).toEqual(['A', 'B']);
        expect((await read({ limit: 1 })).map((e) => e.at)).toEqual([T0 + 3]);
        expect(await read({ sku: 'NOPE' })).toEqual([]);
        await audit.recordInventory([]);
        expect(await read({})).toHaveLength(3);
      });

      it('keeps two entries of one SKU at the same time, and reads more than a page', async () => {
        const many = Array.from({ length: 1_234 }, (_, i) => entry(`S${i % 400}`, T0 + Math.floor(i / 3)));
        await audit.recordInventory(many);
        await audit.recordInventory([entry('S1', T0)]);
        const all = await read({});
        expect(all).toHaveLength(1_235);
        expect(all.every((e, i) => i === 0 || all[i - 1]!.at >= e.at)).toBe(true);
        expect((await read({ sku: 'S1' })).filter((e) => e.at === T0)).toHaveLength(2);
      });
    });

    describe('list and byStatus', () => {
      beforeEach(async () => {
        await seed(sampleLineRecord('PO1', '1', { sku: 'A', updatedAt: T0 + 100 }), 'FLAGGED');
        await seed(sampleLineRecord('PO1', '2', { sku: 'B', updatedAt: T0 + 200 }), 'MATCHED');
        await seed(sampleLineRecord('PO2', '1', { sku: 'A', updatedAt: T0 + 300 }));
        const flagged = sampleLineRecord('PO3', '1', {
          sku: 'C',
          updatedAt: T0 + 400,
          status: 'FLAGGED',
          reason: 'NO_SUPPLIER',
        });
        await audit.create(flagged, sampleEntry(flagged));
        const other = sampleLineRecord('PO3', '2', {
          sku: 'C',
          updatedAt: T0 + 500,
          status: 'FLAGGED',
          reason: 'AMBIGUOUS_PO',
        });
        await audit.create(other, sampleEntry(other));
      });
      const keys = (records: LineRecord[]) => records.map((r) => r.key);

      it('list without a filter returns every record, most recently updated first', async () => {
        expect(keys(await audit.list({}))).toEqual(['PO3#2', 'PO3#1', 'PO2#1', 'PO1#2', 'PO1#1']);
      });

      it('list filters by status, reason, order, sku and updatedSince (inclusive), combined with AND', async () => {
        expect(keys(await audit.list({ status: 'FLAGGED' }))).toEqual(['PO3#2', 'PO3#1', 'PO1#1']);
        expect(keys(await audit.list({ reason: 'NO_SUPPLIER' }))).toEqual(['PO3#1']);
        expect(keys(await audit.list({ purchaseOrderId: 'PO1' }))).toEqual(['PO1#2', 'PO1#1']);
        expect(keys(await audit.list({ sku: 'A' }))).toEqual(['PO2#1', 'PO1#1']);
        expect(keys(await audit.list({ updatedSince: T0 + 300 }))).toEqual(['PO3#2', 'PO3#1', 'PO2#1']);
        expect(keys(await audit.list({ status: 'FLAGGED', sku: 'C', updatedSince: T0 + 401 }))).toEqual([
          'PO3#2',
        ]);
        expect(await audit.list({ status: 'RECEIPTED' })).toEqual([]);
      });

      it('listEach yields what list returns, in the same order, with the same filters and limit', async () => {
        const each = async (f: Parameters<AuditTrail['list']>[0]) => {
          const out: LineRecord[] = [];
          for await (const r of audit.listEach(f)) out.push(r);
          return out;
        };
        for (const f of [
          {},
          { status: 'FLAGGED' as const },
          { purchaseOrderId: 'PO1' },
          { sku: 'A', updatedSince: T0 + 150 },
          { limit: 2 },
          { status: 'FLAGGED' as const, limit: 1 },
        ]) {
          expect(keys(await each(f)), JSON.stringify(f)).toEqual(keys(await audit.list(f)));
        }
      });

      it('listEach lists more lines than a page holds, each once, newest first', async () => {
        const many = Array.from({ length: 1_205 }, (_, i) =>
          sampleLineRecord(`PX${String(i).padStart(5, '0')}`, '1', {
            status: i % 3 === 0 ? 'FLAGGED' : 'RECEIVED',
            // Runs of equal update times straddle the page ends.
            updatedAt: T0 + 1_000 + Math.floor(i / 7),
          }),
        );
        for (const r of many) await audit.create(r, sampleEntry(r));
        const seen: LineRecord[] = [];
        for await (const r of audit.listEach({ updatedSince: T0 + 1_000 })) seen.push(r);
        expect(seen).toHaveLength(1_205);
        expect(new Set(keys(seen)).size).toBe(1_205);
        expect(seen.every((r, i) => i === 0 || seen[i - 1]!.updatedAt >= r.updatedAt)).toBe(true);
      });

      it('list honours limit after ordering', async () => {
        expect(keys(await audit.list({ limit: 2 }))).toEqual(['PO3#2', 'PO3#1']);
        expect(keys(await audit.list({ status: 'FLAGGED', limit: 1 }))).toEqual(['PO3#2']);
      });

      it('list sees updates: the status and time filters use the current record', async () => {
        const line = (await audit.get('PO2#1'))!;
        const next = {
          ...line,
          status: 'FLAGGED' as const,
          reason: 'NO_OPEN_PO' as const,
          updatedAt: T0 + 600,
        };
        await audit.update(next, line.version, sampleEntry(next));
        expect(keys(await audit.list({ status: 'FLAGGED' }))).toEqual(['PO2#1', 'PO3#2', 'PO3#1', 'PO1#1']);
        expect(keys(await audit.list({ status: 'RECEIVED' }))).toEqual([]);
        expect(keys(await audit.list({ reason: 'NO_OPEN_PO' }))).toEqual(['PO2#1']);
      });

      it('byStatus returns records in any of the statuses, oldest first, up to the limit', async () => {
        expect(keys(await audit.byStatus(['FLAGGED', 'RECEIVED']))).toEqual([
          'PO1#1',
          'PO2#1',
          'PO3#1',
          'PO3#2',
        ]);
        expect(keys(await audit.byStatus(['MATCHED']))).toEqual(['PO1#2']);
        expect(keys(await audit.byStatus(['FLAGGED'], 2))).toEqual(['PO1#1', 'PO3#1']);
        expect(await audit.byStatus(['IN_DOUBT'])).toEqual([]);
        expect(await audit.byStatus([])).toEqual([]);
      });
    });

    describe('reservingLines', () => {
      const PO_REF = 'US001/0000079262/1/1';
      const receipt = (state: WriteState, key: string): WriteRecord => ({
        reference: `WM-${key.replace('#', '-')}`,
        state,
        intentAt: T0,
        attempts: 1,
      });
      const keys = (records: LineRecord[]) => records.map((r) => r.key).sort();

      /** Moves a line to `status` with its receipt in `state` (or no receipt), one conditional update. */
      async function move(
        key: string,
        status: LineStatus,
        state: WriteState | undefined,
      ): Promise<LineRecord> {
        const current = (await audit.get(key))!;
        const next: LineRecord = {
          ...current,
          status,
          poRef: PO_REF,
          receipt: state ? receipt(state, key) : undefined,
          updatedAt: current.updatedAt + 1,
        };
        const stored = await audit.update(next, current.version, sampleEntry(next, { from: current.status }));
        expect(stored).toBeDefined();
        return stored!;
      }

      it('is empty for an empty trail', async () => {
        expect(await audit.reservingLines()).toEqual([]);
      });

      it('lists every line whose receipt is INTENT, STAGED or IN_DOUBT, whatever its status, oldest first', async () => {
        const lines: [string, LineStatus, WriteState | undefined][] = [
          ['1', 'MATCHED', 'INTENT'],
          ['2', 'POSTED', 'STAGED'],
          ['3', 'IN_DOUBT', 'IN_DOUBT'],
          ['4', 'FLAGGED', 'STAGED'],
          ['5', 'FLAGGED', 'IN_DOUBT'],
          ['6', 'RECEIPTED', 'LOADED'],
          ['7', 'FLAGGED', 'REJECTED'],
          ['8', 'RECEIVED', undefined],
        ];
        for (const [n, status, state] of lines) {
          await seed(sampleLineRecord('PO1', n, { updatedAt: T0 + 100 - Number(n) }));
          await move(`PO1#${n}`, status, state);
        }
        const reserving = await audit.reservingLines();
        expect(reserving.map((r) => r.key)).toEqual(['PO1#5', 'PO1#4', 'PO1#3', 'PO1#2', 'PO1#1']);
        for (const r of reserving) expect(r).toEqual(await audit.get(r.key));
      });

      it('with items, lists only the reserving lines of those items (by itemId, or SKU when none)', async () => {
        const lines: [string, Partial<LineRecord>][] = [
          ['1', { itemId: 'ITEM-A', sku: 'SKU-A' }],
          ['2', { itemId: 'ITEM-B', sku: 'SKU-B' }],
          ['3', { itemId: undefined, sku: 'ITEM-A' }],
          ['4', { itemId: 'ITEM-C', sku: 'ITEM-A' }],
        ];
        for (const [n, over] of lines) {
          await seed(sampleLineRecord('PO1', n, { ...over, updatedAt: T0 + Number(n) }));
          await move(`PO1#${n}`, 'MATCHED', 'INTENT');
        }
        expect(keys(await audit.reservingLines(['ITEM-A']))).toEqual(['PO1#1', 'PO1#3']);
        expect(keys(await audit.reservingLines(['ITEM-B', 'ITEM-C']))).toEqual(['PO1#2', 'PO1#4']);
        expect(await audit.reservingLines(['NOTHING'])).toEqual([]);
        expect(keys(await audit.reservingLines())).toHaveLength(4);
      });

      it('shows a line created with a reserving receipt', async () => {
        const record = sampleLineRecord('PO1', '1', { status: 'POSTED', poRef: PO_REF });
        record.receipt = receipt('STAGED', record.key);
        await audit.create(record, sampleEntry(record));
        expect(await audit.reservingLines()).toEqual([{ ...record, version: 1 }]);
      });

      it('shows a line moved into a reservation as soon as the update returns, at its new version', async () => {
        await seed(sampleLineRecord('PO1', '1'));
        expect(await audit.reservingLines()).toEqual([]);
        const stored = await move('PO1#1', 'MATCHED', 'INTENT');
        expect(await audit.reservingLines()).toEqual([stored]);
        const staged = await move('PO1#1', 'POSTED', 'STAGED');
        expect(await audit.reservingLines()).toEqual([staged]);
      });

      it('drops a line moved out of its reservation as soon as the update returns', async () => {
        for (const n of ['1', '2', '3']) {
          await seed(sampleLineRecord('PO1', n));
          await move(`PO1#${n}`, 'POSTED', 'STAGED');
        }
        expect(keys(await audit.reservingLines())).toEqual(['PO1#1', 'PO1#2', 'PO1#3']);
        await move('PO1#1', 'RECEIPTED', 'LOADED');
        expect(keys(await audit.reservingLines())).toEqual(['PO1#2', 'PO1#3']);
        await move('PO1#2', 'RECEIVED', undefined);
        expect(keys(await audit.reservingLines())).toEqual(['PO1#3']);
        await move('PO1#3', 'FLAGGED', 'REJECTED');
        expect(await audit.reservingLines()).toEqual([]);
        // Moving back in after moving out is seen again.
        await move('PO1#2', 'MATCHED', 'INTENT');
        expect(keys(await audit.reservingLines())).toEqual(['PO1#2']);
      });

      it('ignores an update that lost its race: the stored record decides', async () => {
        const current = await seed(sampleLineRecord('PO1', '1'));
        const moved = await move('PO1#1', 'FLAGGED', undefined);
        const stale: LineRecord = {
          ...current,
          status: 'MATCHED',
          poRef: PO_REF,
          receipt: receipt('INTENT', current.key),
        };
        expect(await audit.update(stale, current.version, sampleEntry(stale))).toBeUndefined();
        expect(await audit.reservingLines()).toEqual([]);
        expect(await audit.get('PO1#1')).toEqual(moved);
      });

      it('of concurrent updates into and out of a reservation, shows exactly the winner', async () => {
        for (const n of ['1', '2', '3', '4']) {
          const current = await seed(sampleLineRecord('PO1', n));
          const reserving: LineRecord = {
            ...current,
            status: 'MATCHED',
            poRef: PO_REF,
            receipt: receipt('INTENT', current.key),
            updatedAt: T0 + 1,
          };
          const flagged: LineRecord = {
            ...current,
            status: 'FLAGGED',
            reason: 'NO_OPEN_PO',
            updatedAt: T0 + 1,
          };
          const [a, b] = n === '1' || n === '3' ? [reserving, flagged] : [flagged, reserving];
          await Promise.all([
            audit.update(a, current.version, sampleEntry(a)),
            audit.update(b, current.version, sampleEntry(b)),
          ]);
        }
        const winners = await Promise.all(['1', '2', '3', '4'].map((n) => audit.get(`PO1#${n}`)));
        const expected = winners.filter((r) => r?.status === 'MATCHED').map((r) => r!.key);
        expect(keys(await audit.reservingLines())).toEqual(expected.sort());
      });
    });
  });
}
