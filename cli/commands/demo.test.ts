import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plain, runCli } from '../test-support/run-cli.ts';

describe('demo', () => {
  it('runs on a clean checkout: no config file, no credentials', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mlc-demo-'));
    const r = await runCli(['demo'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1. Polled Walmart: 7 orders with 12 order lines.');
    expect(r.stdout).toContain('3. PeopleSoft loaded the receipts');
    expect(r.stdout).toContain('4. Second pass: 3 receipts confirmed as loaded → RECEIPTED.');
    expect(r.stdout).toContain('Receipted (3)');
    expect(r.stdout).toContain('Flagged for review (8)');
    // The clerk's sentences and what to do about them.
    expect(r.stdout).toContain('AMBIGUOUS_PO');
    expect(r.stdout).toContain('2 open PO schedules');
    expect(r.stdout).toContain('To do:');
    expect(r.stdout).toContain('Walmart quantities set from PeopleSoft');
    expect(r.stdout).toContain('What to try next');
  });

  it('on a terminal it shows progress and colour', async () => {
    const r = await runCli(['demo'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('order lines read');
    expect(r.stdout).toContain('\u001b[1m');
    expect(plain(r.stdout)).toContain('What to try next');
  });
});
