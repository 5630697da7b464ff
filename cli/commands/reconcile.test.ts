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
