import { afterEach, describe, expect, it } from 'vitest';
import { type Kit, largeWorld, rejectionOf, startKit } from '../../sandbox/peoplesoft/index.ts';
import type { World } from '../../sandbox/world.ts';
import { systemClock } from '../ports.ts';
import { QueryWindowError } from './peoplesoft-errors.ts';

let kit: Kit;
afterEach(() => kit?.close());

const keys = (rows: { poId: string; lineNumber: number; schedNumber: number }[]) =>
  rows.map((r) => `${r.poId}/${r.lineNumber}/${r.schedNumber}`);

/** Every open schedule of the world in the date range, as the query should return them. */
const expectedOpen = (world: World, from: string, to: string) =>
  world.schedules
    .filter(
      (s) =>
        s.poDate >= from && s.poDate <= to && s.qtyPo > s.qtyReceived && !['C', 'X'].includes(s.poStatus),
    )
    .map((s) => `${s.poId}/${s.lineNumber}/${s.schedNumber}`)
    .sort();

describe('date windows (MLC_OPEN_PO_LINES)', () => {
  const world = largeWorld({ schedules: 500, items: 50, days: 60 });

  it('bisects a window whose rows exceed maxrows many times over, losing and doubling nothing', async () => {
    kit = await startKit({ world, config: { maxRows: 40 } });
    const { rows, invalid } = await kit.erp.openSchedules('2025-10-01', '2025-11-29');
    expect(invalid).toEqual([]);
    expect(rows.length).toBe(500);
    expect(keys(rows).sort()).toEqual(expectedOpen(world, '2025-10-01', '2025-11-29'));
    expect(new Set(keys(rows)).size).toBe(rows.length);
    const queries = kit.sandbox.requests('query');
    expect(queries.some((q) => q.rows === 40)).toBe(true);
    // Every window that was kept held fewer rows than maxrows.
    const kept = queries.filter((q) => (q.rows ?? 0) < 40);
    expect(kept.reduce((n, q) => n + (q.rows ?? 0), 0)).toBe(500);
  });

  it.each([
    'html-504',
    'ibresponse-500',
  ] as const)('bisects windows that time out at the gateway (%s) until each answers', async (timeoutAnswer) => {
    kit = await startKit({
      world,
      config: { maxRows: 1000 },
      sandbox: { rowCostMs: 10, gatewayTimeoutMs: 300, timeoutAnswer },
    });
    const { rows } = await kit.erp.openSchedules('2025-10-01', '2025-11-29');
    expect(keys(rows).sort()).toEqual(expectedOpen(world, '2025-10-01', '2025-11-29'));
    const statuses = kit.sandbox.requests('query').map((q) => q.status);
    expect(statuses).toContain(timeoutAnswer === 'html-504' ? 504 : 500);
    // A window that failed is split, never repeated as it was.
    const windows = kit.sandbox.requests('query').map((q) => q.prompts);
    expect(new Set(windows).size).toBe(windows.length);
  });

  it('splits on gateway 5xx errors too', async () => {
    kit = await startKit({ world, config: { maxRows: 1000 } });
    kit.sandbox.faults.failNext(3, { status: 502, scope: 'query' });
    const { rows } = await kit.erp.openSchedules('2025-10-01', '2025-11-29');
    expect(rows).toHaveLength(500);
    expect(
      kit.sandbox
        .requests('query')
        .slice(0, 3)
        .map((q) => q.status),
    ).toEqual([502, 502, 502]);
  });

  it('bisects windows that exceed the client timeout (real time)', async () => {
    // 80 schedules over 2 days: one day costs ~200 ms, both days ~400 ms, beyond the 300 ms timeout.
    const small = largeWorld({ schedules: 80, items: 10, days: 2 });
    kit = await startKit({
      world: small,
      config: { maxRows: 1000, timeoutMs: 300 },
      sandbox: { rowCostMs: 5, clock: systemClock },
    });
    const { rows } = await kit.erp.openSchedules('2025-10-01', '2025-10-02');
    expect(keys(rows).sort()).toEqual(expectedOpen(small, '2025-10-01', '2025-10-02'));
    const [first, ...rest] = kit.sandbox.requests('query').map((q) => q.prompts);
    expect(first).toBe('US001,2025-10-01,2025-10-02');
    // Only single days follow (a slow machine may retry one of them).
    expect(new Set(rest)).toEqual(new Set(['US001,2025-10-01,2025-10-01', 'US001,2025-10-02,2025-10-02']));
  });

  it('stops with QueryWindowError when a single day still holds maxrows rows', async () => {
    kit = await startKit({
      world: largeWorld({ schedules: 60, items: 5, days: 1 }),
      config: { maxRows: 25 },
    });
    const e = await rejectionOf(kit.erp.openSchedules('2025-10-01', '2025-10-31'));
    expect(e).toBeInstanceOf(QueryWindowError);
    expect(e.message).toContain('single day 2025-10-01');
    expect(e.message).toContain('peoplesoft.maxRows');
  });

  it('stops with QueryWindowError when a single day keeps failing', async () => {
    kit = await startKit({ world, config: { maxRows: 1000, maxRetries: 1 } });
    kit.sandbox.faults.failNext(100, { status: 503, scope: 'query' });
    const e = await rejectionOf(kit.erp.openSchedules('2025-10-01', '2025-10-02'));
    expect(e).toBeInstanceOf(QueryWindowError);
    expect((e as QueryWindowError).window).toMatch(/^2025-10-0[12]\.\.2025-10-0[12]$/);
  });
});

describe('keyset pages (MLC_ITEM_VENDORS)', () => {
  it('follows pages that end in the middle of an item without losing its other vendors', async () => {
    const world = largeWorld({ schedules: 0, items: 40, vendorsPerItem: 3 });
    kit = await startKit({ world, config: { maxRows: 10 } });
    const { rows } = await kit.erp.itemVendors();
    const got = rows.map((r) => `${r.itemId}/${r.vendorId}/${r.priority}`).sort();
    const want = world.itemVendors.map((r) => `${r.itemId}/${r.vendorId}/${r.priority}`).sort();
    expect(got).toEqual(want);
    expect(rows.length).toBe(120);
    const afters = kit.sandbox.requests('query').map((q) => q.prompts?.split(',')[1]);
    expect(afters[0]).toBe(' ');
    // Each page restarts after the last item it holds whole.
    expect(afters.slice(1).every((a, i) => (a ?? '') > (afters[i] ?? ''))).toBe(true);
  });

  it('shortens the page when a page times out at the gateway', async () => {
    const world = largeWorld({ schedules: 0, items: 40, vendorsPerItem: 3 });
    kit = await startKit({
      world,
      config: { maxRows: 40 },
      sandbox: { rowCostMs: 10, gatewayTimeoutMs: 250 },
    });
    const { rows } = await kit.erp.itemVendors();
    expect(rows).toHaveLength(120);
    expect(
      kit.sandbox
        .requests('query')
        .map((q) => [q.maxRows, q.status])
        .slice(0, 2),
    ).toEqual([
      [40, 504],
      [20, 200],
    ]);
  });

  it('refuses an item with more vendors than a page holds', async () => {
    kit = await startKit({
      world: largeWorld({ schedules: 0, items: 3, vendorsPerItem: 12 }),
      config: { maxRows: 10 },
    });
    const e = await rejectionOf(kit.erp.itemVendors());
    expect(e).toBeInstanceOf(QueryWindowError);
    expect(e.message).toContain('INV_ITEM_ID I00000 has at least 10 rows');
  });
});

describe('keyset pages from a date-time (MLC_INV_BALANCES, MLC_RECEIPT_STATUS)', () => {
  const receipt = (i: number) => ({
    reference: `WM-${1000 + i}-1`,
    businessUnit: 'US001',
    vendorId: '0000012345',
    poId: '0000079262',
    lineNumber: 1,
    schedNumber: 1,
    quantity: 1,
    unitOfMeasure: 'EA',
  });
  const promptsOf = (k: Kit) => k.sandbox.requests('query').map((q) => (q.prompts ?? '').split(','));

  it('pages balances by item with rows several times maxrows, from a lower bound', async () => {
    const world = largeWorld({ schedules: 0, items: 300, balanceStepMs: 20_000 });
    kit = await startKit({ world, config: { maxRows: 50 } });
    const { rows } = await kit.erp.inventoryBalances(undefined);
    expect(rows.map((r) => r.itemId).sort()).toEqual(world.balances.map((b) => b.itemId).sort());
    expect(kit.sandbox.requestCount('query')).toBeGreaterThanOrEqual(6);
    const since = Date.UTC(2026, 0, 1) + 100 * 20_000;
    const changed = await kit.erp.inventoryBalances(since);
    expect(changed.rows).toHaveLength(200);
    expect(Math.min(...changed.rows.map((r) => r.changedAt))).toBe(since);
  });

  it('reads every balance of one second page by page under a row cap of 25', async () => {
    const world = largeWorld({ schedules: 0, items: 120, balanceStepMs: 0 });
    kit = await startKit({ world, config: { maxRows: 25 }, sandbox: { maxRowsToFetch: 25 } });
    const { rows } = await kit.erp.inventoryBalances(undefined);
    expect(rows.map((r) => r.itemId).sort()).toEqual(world.balances.map((b) => b.itemId).sort());
    expect(new Set(rows.map((r) => r.itemId)).size).toBe(120);
    const pages = kit.sandbox.requests('query');
    expect(pages.filter((q) => q.rows === 25).length).toBeGreaterThanOrEqual(3);
    const prompts = promptsOf(kit);
    expect(new Set(prompts.map((p) => p[1])).size).toBe(1);
    expect(prompts[0]?.[2]).toBe(' ');
    const afters = prompts.map((p) => p[2] ?? '');
    expect(afters.slice(1).every((a, i) => a > (afters[i] ?? ''))).toBe(true);
  });

  it('reads receipt status page by page, keeping both rows of a reference cut by a page end', async () => {
    kit = await startKit({
      config: { maxRows: 25, transactionsPerMessage: 100 },
      sandbox: { maxRowsToFetch: 25 },
    });
    const receipts = Array.from({ length: 80 }, (_, i) => receipt(i));
    await kit.erp.postReceipts(receipts);
    // A replacement of WM-1024-1 (say after a staging error): its two rows are the 25th and 26th.
    await kit.erp.postReceipts([receipt(24)]);
    const { rows } = await kit.erp.stagedTransactions(kit.clock.now() - 1000);
    expect(rows.map((r) => r.reference).sort()).toEqual(
      [...receipts.map((r) => r.reference), 'WM-1024-1'].sort(),
    );
    expect(rows.filter((r) => r.reference === 'WM-1024-1').map((r) => r.controlId)).toHaveLength(2);
    const pages = kit.sandbox.requests('query');
    expect(pages.filter((q) => q.rows === 25).length).toBeGreaterThanOrEqual(3);
    expect(promptsOf(kit).map((p) => p[2])).toContain('WM-1023-1');
  });

  it('sends the contract prompts in order, a blank AFTER_REF first', async () => {
    kit = await startKit();
    await kit.erp.stagedTransactions(kit.clock.now() - 1000);
    const [first] = kit.sandbox.requests('query');
    expect(first?.promptNames).toBe('BUSINESS_UNIT,FROM_DTTM,AFTER_REF');
    expect(first?.prompts?.split(',')[2]).toBe(' ');
  });

  it('halves the page when a page times out at the gateway', async () => {
    const world = largeWorld({ schedules: 0, items: 200, balanceStepMs: 5_000 });
    kit = await startKit({
      world,
      config: { maxRows: 100 },
      sandbox: { rowCostMs: 10, gatewayTimeoutMs: 300 },
    });
    const { rows } = await kit.erp.inventoryBalances(undefined);
    expect(rows).toHaveLength(200);
    expect(
      kit.sandbox
        .requests('query')
        .map((q) => q.maxRows)
        .slice(0, 3),
    ).toEqual([100, 50, 25]);
  });
});
