import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_LIST_KEYS, auditListProblems } from '../../test/e2e/support/contract-shapes.ts';
import { plain } from '../test-support/run-cli.ts';
import { type SandboxSetup, syncedSandboxSetup } from '../test-support/sandbox-setup.ts';

let s: SandboxSetup;
beforeAll(async () => {
  s = await syncedSandboxSetup();
});
afterAll(async () => {
  await s?.close();
});

describe('audit list', () => {
  it('--json prints the contract array', async () => {
    const r = await s.run(['audit', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const items = JSON.parse(r.stdout);
    expect(items).toHaveLength(12);
    expect(auditListProblems(items)).toEqual([]);
    for (const item of items) {
      expect(Object.keys(item)).toEqual(AUDIT_LIST_KEYS);
      expect(new Date(item.updatedAt).toISOString()).toBe(item.updatedAt);
    }
    const ambiguous = items.find((i: { purchaseOrderId: string }) => i.purchaseOrderId === '1796277083023');
    expect(ambiguous).toMatchObject({
      lineNumber: '1',
      sku: 'TAPE-200',
      status: 'FLAGGED',
      reason: 'AMBIGUOUS_PO',
      poRef: null,
    });
    expect(ambiguous.detail).toContain('US001/0000079263/1/1');
  });

  it('filters by status, reason, order and SKU; --fail-if-any exits 1 on a match', async () => {
    const flagged = JSON.parse((await s.run(['audit', 'list', '--status', 'flagged', '--json'])).stdout);
    expect(flagged).toHaveLength(8);
    const byReason = await s.run(['audit', 'list', '--reason', 'NO_SUPPLIER', '--json', '--fail-if-any']);
    expect(byReason.code).toBe(1);
    expect(JSON.parse(byReason.stdout).map((i: { sku: string }) => i.sku)).toEqual(['PEN-700']);
    const byOrder = JSON.parse((await s.run(['audit', 'list', '--order', '1796277083022', '--json'])).stdout);
    expect(byOrder.map((i: { lineNumber: string }) => i.lineNumber).sort()).toEqual(['1', '2']);
    const none = await s.run(['audit', 'list', '--sku', 'NOPE', '--json', '--fail-if-any']);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toEqual([]);
  });

  it('on a terminal: a coloured table with status, age, PO and the reason sentence', async () => {
    const r = await s.run(['audit', 'list', '--status', 'FLAGGED'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\u001b[31mFLAGGED');
    const text = plain(r.stdout);
    expect(text).toMatch(/ORDER LINE\s+SKU\s+STATUS\s+AGE\s+PO\s+REASON/);
    expect(text).toContain('AMBIGUOUS_PO: 2 open PO schedules');
    expect(text).toContain('8 lines (8 FLAGGED)');
    const noColour = await s.run(['audit', 'list', '--status', 'FLAGGED', '--no-color'], { tty: true });
    expect(noColour.stdout).not.toContain('\u001b[31m');
  });

  it('piped: the same table without colour', async () => {
    const r = await s.run(['audit', 'list']);
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stdout).toContain('12 lines');
  });

  it('a bad --status or --since is a usage error', async () => {
    const a = await s.run(['audit', 'list', '--status', 'DONE']);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('FLAGGED');
    const b = await s.run(['audit', 'list', '--since', 'yesterday']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('YYYY-MM-DD');
  });
});

describe('audit show', () => {
  it('prints one order’s lines and full history', async () => {
    const r = await s.run(['audit', 'show', '1796277083022']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Walmart order 1796277083022');
    expect(r.stdout).toContain('RECEIVED → MATCHED');
    expect(r.stdout).toContain('WM-1796277083022-1');
  });

  it('--json: the lines and the history', async () => {
    const r = await s.run(['audit', 'show', '1796277083023', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.purchaseOrderId).toBe('1796277083023');
    expect(out.lines[0]).toMatchObject({ key: '1796277083023#1', status: 'FLAGGED', reason: 'AMBIGUOUS_PO' });
    expect(out.history.length).toBeGreaterThan(0);
    expect(out.history[0]).toMatchObject({ key: '1796277083023#1', actor: 'poll' });
  });

  it('an unknown order: exit 1 with a hint', async () => {
    const r = await s.run(['audit', 'show', '999']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('not have been polled');
  });
});
