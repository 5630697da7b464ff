/**
 * The scenario world end to end through the embedded runtime: `ml-connector sync --json` as a child process
 * against both sandboxes, PeopleSoft's batch load, `sync` again; then every outcome the contract promises.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_EXPECTATIONS, scenarioWorld } from '../../sandbox/scenario-world.ts';
import { parseLineKey } from '../../shared/domain/index.ts';
import { expectInvariants, keyOfReference, referencesOf } from './invariants.ts';
import {
  type CliResult,
  describeRun,
  runConnector,
  type SyncSummary,
  syncJson,
} from './support/connector-cli.ts';
import { auditListProblems, syncShapeProblems } from './support/contract-shapes.ts';
import { type E2eSystems, startE2eSystems } from './support/e2e-systems.ts';

const SAFETY_STOCK = 2;

describe('embedded sync of the scenario world (CLI child process, both sandboxes)', () => {
  let systems: E2eSystems;
  let first: { summary: SyncSummary | undefined; result: CliResult };
  let second: { summary: SyncSummary | undefined; result: CliResult };
  let auditList: CliResult;
  const world = scenarioWorld();

  beforeAll(async () => {
    systems = await startE2eSystems({ world, config: { inventory: { safetyStock: SAFETY_STOCK } } });
    first = await syncJson(systems);
    systems.peoplesoft.runBatchLoad();
    second = await syncJson(systems);
    systems.walmart.settleFeeds();
    auditList = await runConnector(systems, ['audit', 'list', '--json']);
  }, 240_000);

  afterAll(async () => {
    await systems?.close();
  });

  it('prints exactly the contract object from sync --json, with counts that add up', () => {
    expect(syncShapeProblems(first.summary), describeRun(first.result)).toEqual([]);
    expect(syncShapeProblems(second.summary), describeRun(second.result)).toEqual([]);
    const s1 = first.summary!;
    expect(s1.orders).toEqual({ polled: 7, lines: 12 });
    expect(s1.receipts.posted).toBe(3);
    expect(s1.adjustments.posted).toBe(countAdjustable());
    expect(s1.flagged).toBe(
      Object.values(SCENARIO_EXPECTATIONS).filter((e) => e.status === 'FLAGGED').length,
    );
    expect(s1.skipped).toBe(1);
    expect(s1.apiCalls.walmart).toBeGreaterThan(0);
    expect(s1.apiCalls.peoplesoft).toBeGreaterThan(0);
    expect(s1.inventory.failed).toBe(0);
    expect(s1.inventory.pushed).toBeGreaterThan(0);
    const s2 = second.summary!;
    expect(s2.receipts.confirmed).toBe(3);
    expect(s2.receipts.posted).toBe(0);
    expect(s2.adjustments.posted).toBe(0);
    expect(s2.inventory.failed).toBe(0);
  });

  it('ends every scenario line in its expected state with its expected reason', () => {
    expect(auditList.code, describeRun(auditList)).toBe(0);
    const entries = JSON.parse(auditList.stdout) as {
      purchaseOrderId: string;
      lineNumber: string;
      status: string;
      reason: string | null;
    }[];
    const actual = Object.fromEntries(
      entries.map((e) => [
        `${e.purchaseOrderId}#${e.lineNumber}`,
        { status: e.status, reason: e.reason ?? undefined },
      ]),
    );
    const expected = Object.fromEntries(
      Object.entries(SCENARIO_EXPECTATIONS).map(([k, e]) => [k, { status: e.status, reason: e.reason }]),
    );
    expect(actual).toEqual(expected);
  });

  it('prints the contract entry shape from audit list --json', () => {
    expect(auditListProblems(JSON.parse(auditList.stdout))).toEqual([]);
  });

  it('stages and loads one receipt per RECEIPTED line and none for any other line', () => {
    const counts = systems.peoplesoft.postCounts();
    const loaded = new Set(systems.peoplesoft.loaded().map((r) => r.reference));
    const receipted = keysWith('RECEIPTED');
    for (const key of receipted) {
      const { receipt } = referencesOf(parseLineKey(key));
      expect(counts[receipt], `${receipt} staged`).toBe(1);
      expect(loaded.has(receipt), `${receipt} loaded`).toBe(true);
    }
    const receiptKeys = systems.peoplesoft
      .staged()
      .filter((r) => r.kind === 'receipt')
      .map((r) => keyOfReference(r.reference));
    expect(receiptKeys.sort()).toEqual([...receipted].sort());
    // Each receipt references its line in BILL_OF_LADING as well.
    for (const r of systems.peoplesoft.staged().filter((x) => x.kind === 'receipt')) {
      expect(r.billOfLading).toBe(r.reference);
    }
  });

  it('stages one inventory adjustment of minus the ordered quantity per actionable line, loaded', () => {
    const counts = systems.peoplesoft.postCounts();
    const staged = systems.peoplesoft.staged().filter((r) => r.kind === 'adjustment');
    const byRef = new Map(staged.map((r) => [r.reference, r]));
    const itemUnit = new Map(world.items.map((i) => [i.itemId, i.unitOfMeasure]));
    for (const order of world.orders) {
      for (const line of order.lines) {
        const key = `${order.purchaseOrderId}#${line.lineNumber}`;
        const ref = referencesOf({
          purchaseOrderId: order.purchaseOrderId,
          lineNumber: line.lineNumber,
        }).adjustment;
        if (!adjustable(key)) {
          expect(
            counts[ref],
            `${ref} must not be posted (${SCENARIO_EXPECTATIONS[key]?.reason})`,
          ).toBeUndefined();
          continue;
        }
        expect(counts[ref], `${ref} staged`).toBe(1);
        const row = byRef.get(ref)!;
        expect(row.quantity).toBe(-line.quantity);
        expect(row.itemId).toBe(line.sku);
        // PeopleSoft refuses an adjustment in a unit other than the item's standard one (BAG-800 is stocked in BX).
        expect(row.status, `${ref}: ${row.errorText ?? ''}`).toBe(
          itemUnit.get(line.sku) === row.unitOfMeasure ? 'LOADED' : 'ERROR',
        );
      }
    }
  });

  it('never receives more against a schedule than it had open, and keeps every invariant', async () => {
    await expectInvariants({ world, peoplesoft: systems.peoplesoft, storePath: systems.storePath });
  });

  it('sets Walmart quantities to PeopleSoft availability minus safety stock, and leaves unknown SKUs alone', () => {
    const balances = systems.peoplesoft.balances();
    expect(balances.length).toBeGreaterThan(0);
    const walmart = Object.fromEntries(
      balances.map((b) => [b.itemId, systems.walmart.inventory.get(b.itemId)]),
    );
    const wanted = Object.fromEntries(
      balances.map((b) => [b.itemId, Math.max(0, b.qtyAvailable - SAFETY_STOCK)]),
    );
    expect(walmart).toEqual(wanted);
    expect(systems.walmart.inventory.get('ZZZ-NOT-IN-PEOPLESOFT')).toBe(
      world.walmartInventory['ZZZ-NOT-IN-PEOPLESOFT'],
    );
  });

  it('shows an order’s history with audit show', async () => {
    const shown = await runConnector(systems, ['audit', 'show', '1796277083022']);
    expect(shown.code, describeRun(shown)).toBe(0);
    const text = shown.stdout;
    for (const status of ['RECEIVED', 'MATCHED', 'POSTED', 'RECEIPTED']) expect(text).toContain(status);
    expect(text.indexOf('MATCHED')).toBeLessThan(text.lastIndexOf('RECEIPTED'));
    expect(text).toContain('WM-1796277083022-1');
    const asJson = await runConnector(systems, ['audit', 'show', '1796277083022', '--json']);
    expect(asJson.code, describeRun(asJson)).toBe(0);
    const doc = JSON.parse(asJson.stdout) as { history: { key: string; to: string }[] };
    const line1 = doc.history.filter((h) => h.key === '1796277083022#1').map((h) => h.to);
    expect(line1[0]).toBe('RECEIVED');
    expect(line1.at(-1)).toBe('RECEIPTED');
    expect(line1).toContain('POSTED');
  });
});

function keysWith(status: string): string[] {
  return Object.entries(SCENARIO_EXPECTATIONS)
    .filter(([, e]) => e.status === status)
    .map(([k]) => k);
}

/** Lines that take stock: everything but the cancelled line and the one whose quantity is unreadable. */
function adjustable(key: string): boolean {
  const e = SCENARIO_EXPECTATIONS[key];
  return e !== undefined && e.status !== 'SKIPPED' && e.reason !== 'INVALID_ORDER_DATA';
}

function countAdjustable(): number {
  return Object.keys(SCENARIO_EXPECTATIONS).filter(adjustable).length;
}
