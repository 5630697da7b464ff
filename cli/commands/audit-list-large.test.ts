/**
 * `audit list` on a store with more lines than the table shows: --json lists every one (streamed), the
 * table says it shows only the first 500, and `| head` closing the pipe early is no crash.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStorage } from '../../shared/embedded/index.ts';
import { sampleEntry, sampleLineRecord } from '../../test/contracts/audit-trail.contract.ts';
import { spawn } from 'node:child_process';
import { BIN, childEnv, runCli } from '../test-support/run-cli.ts';
import { configFor, type TempSetup, tempConfig } from '../test-support/temp-config.ts';

const LINES = 1_800;
const WIDE_ORDER = '9000000000001';
const WIDE_ORDER_LINES = 700;
let t: TempSetup;

beforeAll(async () => {
  t = tempConfig(
    configFor({
      walmart: 'http://127.0.0.1:9',
      peoplesoftRest: 'http://127.0.0.1:9/PSIGW/RESTListeningConnector/PSFT_EP',
      peoplesoftHttp: 'http://127.0.0.1:9/PSIGW/HttpListeningConnector',
    }),
  );
  const storage = openEmbeddedStorage({ path: t.storePath });
  const t0 = Date.UTC(2026, 10, 1);
  for (let i = 0; i < LINES; i++) {
    const r = sampleLineRecord(String(1_000_000 + i), '1', {
      status: i % 4 === 0 ? 'FLAGGED' : 'RECEIPTED',
      ...(i % 4 === 0 ? { reason: 'NO_OPEN_PO' as const } : {}),
      updatedAt: t0 + Math.floor(i / 3) * 1000,
    });
    await storage.audit.create(r, sampleEntry(r));
  }
  // One order with more lines than any page or table: `audit show --json` returns all of them.
  for (let i = 1; i <= WIDE_ORDER_LINES; i++) {
    const r = sampleLineRecord(WIDE_ORDER, String(i), { status: 'RECEIPTED', updatedAt: t0 });
    await storage.audit.create(r, sampleEntry(r));
  }
  storage.close();
});

describe('audit list with many lines', () => {
  it('--json lists every matching line, unless --limit is given', async () => {
    const all = await runCli(['--config', t.configPath, 'audit', 'list', '--json']);
    expect(all.code, all.stderr).toBe(0);
    const items = JSON.parse(all.stdout) as { purchaseOrderId: string }[];
    expect(items).toHaveLength(LINES + WIDE_ORDER_LINES);
    expect(new Set(items.map((i) => i.purchaseOrderId)).size).toBe(LINES + 1);
    const flagged = JSON.parse(
      (await runCli(['--config', t.configPath, 'audit', 'list', '--status', 'FLAGGED', '--json'])).stdout,
    );
    expect(flagged).toHaveLength(LINES / 4);
    const limited = JSON.parse(
      (await runCli(['--config', t.configPath, 'audit', 'list', '--json', '--limit', '7'])).stdout,
    );
    expect(limited).toHaveLength(7);
  });

  it('audit show --json holds every line of an order and its whole history', async () => {
    const r = await runCli(['--config', t.configPath, 'audit', 'show', WIDE_ORDER, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const shown = JSON.parse(r.stdout) as { lines: unknown[]; history: unknown[] };
    expect(shown.lines).toHaveLength(WIDE_ORDER_LINES);
    expect(shown.history).toHaveLength(WIDE_ORDER_LINES);
  });

  it('the table shows 500 lines and says that there are more', async () => {
    const r = await runCli(['--config', t.configPath, 'audit', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Showing the first 500');
    expect(r.stdout).toContain('--json for every line');
  });

  it('stops quietly when the reader closes the pipe early (| head -1)', async () => {
    const child = spawn(process.execPath, [BIN, '--config', t.configPath, 'audit', 'list', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnv(),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  });
});
