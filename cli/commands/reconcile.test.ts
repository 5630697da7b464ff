import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxSetup, sandboxSetup } from '../test-support/sandbox-setup.ts';

let s: SandboxSetup;
beforeAll(async () => {
  s = await sandboxSetup();
});
afterAll(async () => {
  await s?.close();
});

describe('reconcile', () => {
  it('before any sync: lists the SKUs whose Walmart quantity disagrees, exit 1', async () => {
    const r = await s.run(['reconcile', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    const glv = out.inventory.disagreeing.find((d: { sku: string }) => d.sku === 'GLV-100');
    expect(glv).toEqual({
      sku: 'GLV-100',
      itemId: 'GLV-100',
      walmart: 100,
      qtyAvailable: 120,
      expected: 120,
      difference: -20,
    });
    expect(out.totals.openLines).toBe(0);
  });

  it('after a sync: unfinished lines are listed; after the batch load and another sync everything agrees', async () => {
    expect((await s.run(['sync', '--json'])).code).toBe(0);
    const pending = await s.run(['reconcile']);
    expect(pending.code).toBe(1);
    expect(pending.stdout).toContain('Order lines not finished');
    expect(pending.stdout).toMatch(/3 order lines not finished \(3 POSTED\)/);
    s.pair.peoplesoft.runBatchLoad();
    expect((await s.run(['sync', '--json'])).code).toBe(0);
    const r = await s.run(['reconcile', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.inventory.disagreeing).toEqual([]);
    expect(out.lines.open).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('reconcile --push', () => {
  it('sets the SKUs a drifted Walmart disagrees on, writes their inventory entries, and then agrees', async () => {
    // After the syncs above every SKU agrees; drift three of them by hand, as a restore or a person would.
    const walmart = s.pair.walmart;
    const drifted = ['GLV-100', 'TAPE-200', 'BOX-300'].filter((sku) => walmart.inventory.has(sku));
    expect(drifted.length).toBeGreaterThan(1);
    for (const sku of drifted) walmart.inventory.set(sku, 999);

    const look = await s.run(['reconcile']);
    expect(look.code).toBe(1);
    expect(look.stdout).toContain('Nothing was changed');
    expect(look.stdout).toContain('reconcile --push');
    expect(drifted.every((sku) => walmart.inventory.get(sku) === 999)).toBe(true);

    const r = await s.run(['reconcile', '--push', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.inventory.disagreeing.map((d: { sku: string }) => d.sku).sort()).toEqual([...drifted].sort());
    expect(out.inventory.pushed.map((x: { outcome: string }) => x.outcome)).toEqual(drifted.map(() => 'SET'));
    expect(out.totals).toMatchObject({ skusSet: drifted.length, skusNotSet: 0 });
    const balances = new Map(s.pair.peoplesoft.balances().map((b) => [b.itemId, b.qtyAvailable]));
    for (const sku of drifted) {
      expect(walmart.inventory.get(sku), sku).toBe(Math.max(0, balances.get(sku)!));
      // Exactly one more quantity set per drifted SKU: the heal.
      expect(walmart.inventory.setsOf(sku).at(-1)?.quantity).toBe(balances.get(sku));
    }

    const after = await s.run(['reconcile', '--json']);
    expect(JSON.parse(after.stdout).inventory.disagreeing).toEqual([]);
    expect(after.code).toBe(0);
    const entries = JSON.parse((await s.run(['audit', 'inventory', '--json'])).stdout);
    for (const sku of drifted) {
      const newest = entries.find((e: { sku: string }) => e.sku === sku);
      expect(newest).toMatchObject({ sku, outcome: 'SET', via: 'put', quantity: balances.get(sku) });
    }
  });

  it('audit inventory accounts for every SKU Walmart was told about, newest first, by SKU', async () => {
    const all = JSON.parse((await s.run(['audit', 'inventory', '--json'])).stdout) as {
      sku: string;
      at: string;
    }[];
    const told = [...s.pair.walmart.inventory.history.keys()];
    for (const sku of told)
      expect(
        all.some((e) => e.sku === sku),
        sku,
      ).toBe(true);
    expect(all.every((e, i) => i === 0 || all[i - 1]!.at >= e.at)).toBe(true);
    const one = JSON.parse((await s.run(['audit', 'inventory', '--sku', 'GLV-100', '--json'])).stdout);
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((e: { sku: string }) => e.sku === 'GLV-100')).toBe(true);
    expect(Object.keys(one[0])).toEqual([
      'sku',
      'itemId',
      'quantity',
      'balance',
      'balanceAt',
      'via',
      'feedId',
      'outcome',
      'detail',
      'at',
    ]);
    const table = await s.run(['audit', 'inventory', '--sku', 'GLV-100']);
    expect(table.stdout).toMatch(/SKU\s+ITEM\s+SENT\s+QTY_AVAILABLE/);
  });
});

describe('replay --inventory', () => {
  it('pushes one SKU again from its current balance, on the record; an unknown SKU pushes nothing', async () => {
    const walmart = s.pair.walmart;
    walmart.inventory.set('GLV-100', 3);
    const r = await s.run(['replay', '--inventory', 'GLV-100']);
    expect(r.code, r.stderr).toBe(0);
    const balance = s.pair.peoplesoft.balances().find((b) => b.itemId === 'GLV-100')!.qtyAvailable;
    expect(r.stdout).toContain(`Set SKU GLV-100 to ${balance} on Walmart`);
    expect(walmart.inventory.get('GLV-100')).toBe(balance);
    const [newest] = JSON.parse((await s.run(['audit', 'inventory', '--sku', 'GLV-100', '--json'])).stdout);
    expect(newest).toMatchObject({ outcome: 'SET', quantity: balance, via: 'put' });

    const unknown = await s.run(['replay', '--inventory', 'NO-SUCH-SKU']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('PeopleSoft reports no balance for item NO-SUCH-SKU');
    expect(walmart.inventory.has('NO-SUCH-SKU')).toBe(false);
    const both = await s.run(['replay', '--failed', '--inventory', 'GLV-100']);
    expect(both.code).toBe(2);
  });
});

describe('audit show and the inventory record', () => {
  it('shows the first push of the SKU after the line’s adjustment', async () => {
    const r = await s.run(['audit', 'show', '1796277083022#1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [line] = JSON.parse(r.stdout).lines;
    expect(line.adjustment.state).toBe('LOADED');
    expect(line.inventoryAfterAdjustment).toMatchObject({ sku: 'GLV-100', outcome: 'SET' });
    // DT_TIMESTAMP has whole seconds: the balance is of the adjustment's second or later.
    expect(Date.parse(line.inventoryAfterAdjustment.balanceAt)).toBeGreaterThanOrEqual(
      Math.floor(line.adjustment.intentAt / 1000) * 1000,
    );
    const text = await s.run(['audit', 'show', '1796277083022#1']);
    expect(text.stdout).toMatch(/Walmart: set SKU GLV-100 to \d+ .*the first push after this adjustment/);
  });
});

describe('reconcile options', () => {
  it('a bad --settle-time names --settle-time, exit 2', async () => {
    const r = await s.run(['reconcile', '--settle-time', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--settle-time "soon" is not a date');
    expect(r.stderr).not.toContain('--since');
  });
});
