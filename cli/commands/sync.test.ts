import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.ts';
import { type SandboxSetup, sandboxSetup } from '../test-support/sandbox-setup.ts';

let s: SandboxSetup;
beforeAll(async () => {
  s = await sandboxSetup();
});
afterAll(async () => {
  await s?.close();
});

/** The documented fields, in order, then the one added field listing the stages that failed. */
const SYNC_KEYS = [
  'orders',
  'receipts',
  'adjustments',
  'flagged',
  'skipped',
  'inventory',
  'apiCalls',
  'stageErrors',
];

describe('sync', () => {
  it('--dry-run decides everything, writes nothing, and says what it would write', async () => {
    const log = `${s.dir}/dry-run.log`;
    const r = await s.run(['sync', '--dry-run', '--json', '--log-file', log]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(SYNC_KEYS);
    expect(out.receipts.posted).toBe(3);
    const intended = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.message === 'dry run: writes not sent');
    expect(intended.receipts.map((x: { reference: string }) => x.reference)).toContain('WM-1796277083022-1');
    expect(intended.inventory.length).toBeGreaterThan(0);
    // Nothing reached PeopleSoft or Walmart, and the store holds no line.
    expect(s.pair.peoplesoft.staged()).toEqual([]);
    expect(s.pair.walmart.requests.filter((q) => q.method !== 'GET' && q.endpoint !== 'token')).toEqual([]);
    const audit = await s.run(['audit', 'list', '--json']);
    expect(JSON.parse(audit.stdout)).toEqual([]);
  });

  it('--dry-run on a terminal prints the intended writes', async () => {
    const r = await s.run(['sync', '--dry-run', '--no-color']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('nothing was written');
    expect(r.stdout).toContain('WM-1796277083022-1: 2 EA against US001/0000079262/1/1');
    expect(r.stdout).toContain('AMBIGUOUS_PO');
    // A dry run says what it would do, never that it did it.
    expect(r.stdout).toMatch(/Receipts\s+3 would be posted/);
    expect(r.stdout).toMatch(/Adjustments\s+\d+ would be posted/);
    expect(r.stdout).not.toMatch(/\d+ posted/);
  });

  it('--json prints exactly one object in the contract shape, exit 0 with flagged lines', async () => {
    const r = await s.run(['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(SYNC_KEYS);
    expect(Object.keys(out.orders)).toEqual(['polled', 'lines']);
    expect(Object.keys(out.receipts)).toEqual(['posted', 'confirmed']);
    expect(Object.keys(out.adjustments)).toEqual(['posted']);
    expect(Object.keys(out.inventory)).toEqual(['pushed', 'failed']);
    expect(Object.keys(out.apiCalls)).toEqual(['walmart', 'peoplesoft']);
    expect(out.orders).toEqual({ polled: 7, lines: 12 });
    expect(out.receipts.posted).toBe(3);
    expect(out.flagged).toBe(8);
    expect(out.skipped).toBe(1);
    expect(out.apiCalls.walmart).toBeGreaterThan(0);
    expect(out.apiCalls.peoplesoft).toBeGreaterThan(0);
    expect(out.stageErrors).toEqual([]);
    expect(s.pair.peoplesoft.staged().length).toBe(13);
  });

  it('a second sync after the batch load confirms the receipts and posts nothing twice', async () => {
    s.pair.peoplesoft.runBatchLoad();
    const r = await s.run(['sync', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.receipts).toEqual({ posted: 0, confirmed: 3 });
    expect(s.pair.peoplesoft.duplicates()).toEqual([]);
  });

  it('missing credentials: exit 2 naming the variables and the fix', async () => {
    const r = await s.run(['sync'], { env: { WALMART_CLIENT_SECRET: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('WALMART_CLIENT_SECRET');
    expect(r.stderr).toContain('secrets set');
  });

  it('an unreachable host: exit 3 naming the key to check', async () => {
    const bad = await sandboxSetup({ walmart: { baseUrl: 'http://127.0.0.1:9', maxRetries: 0 } });
    try {
      const r = await bad.run(['sync']);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('no answer');
      expect(r.stderr).toContain('walmart.baseUrl');
      expect(r.stderr).toContain('ml-connector ping');
      const json = await bad.run(['sync', '--json']);
      expect(json.code).toBe(3);
      const out = JSON.parse(json.stdout);
      expect(out.stageErrors.map((e: { stage: string }) => e.stage)).toContain('poll');
      expect(out.stageErrors[0].message).toContain('no answer');
    } finally {
      await bad.close();
    }
  });

  it('-q prints nothing but errors; --json output is still written', async () => {
    const quiet = await s.run(['sync', '-q']);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toBe('');
    const json = await s.run(['sync', '-q', '--json']);
    expect(JSON.parse(json.stdout)).toHaveProperty('orders');
  });

  it('never prints a credential', async () => {
    const r = await s.run(['sync', '--verbose']);
    const all = r.stdout + r.stderr;
    expect(all).not.toContain(s.env.WALMART_CLIENT_SECRET);
    expect(all).not.toContain(s.env.PEOPLESOFT_PASSWORD);
  });
});

describe('no config at all', () => {
  it('exit 2 with the path it looked for', async () => {
    const r = await runCli(['sync'], { cwd: '/' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ml-connector.config.json');
  });
});
