import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForOutput } from '../test-support/run-cli.ts';
import { type SandboxSetup, sandboxSetup } from '../test-support/sandbox-setup.ts';

let s: SandboxSetup;
beforeAll(async () => {
  // Every second, so a cycle comes without waiting long; the test waits for output, never sleeps.
  s = await sandboxSetup({ schedule: { orders: '* * * * * *', inventory: '* * * * * *', timeZone: 'UTC' } });
});
afterAll(async () => {
  await s?.close();
});

describe('run', () => {
  it('starts, runs cycles with a heartbeat line each, and exits 0 on SIGTERM', async () => {
    const { child, finished } = s.start(['run', '--log-file', `${s.dir}/run.log`]);
    await waitForOutput(child, /ml-connector running/);
    await waitForOutput(
      child,
      /orders cycle done in [\d.]+ s: 7 orders \/ 12 lines polled, 3 receipts and 10 adjustments posted/,
    );
    await waitForOutput(child, /inventory cycle done/);
    child.kill('SIGTERM');
    const r = await finished;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SIGTERM: (finishing the .* cycle in hand, then stopping|stopping)/);
    expect(r.stdout).toContain('stopped.');
    // Receipts were posted once, however many cycles ran.
    expect(s.pair.peoplesoft.duplicates()).toEqual([]);
    // The log file holds Powertools-shaped JSON lines, one heartbeat per cycle, each with its correlation id.
    const lines = readFileSync(`${s.dir}/run.log`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const beats = lines.filter((l) => l.message === 'heartbeat');
    expect(beats.length).toBeGreaterThanOrEqual(2);
    for (const b of beats) {
      expect(b).toMatchObject({ level: 'INFO', service: 'ml-connector', runtime: 'embedded' });
      expect(b.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date(b.timestamp).toISOString()).toBe(b.timestamp);
    }
    expect(new Set(beats.map((b) => b.correlation_id)).size).toBe(beats.length);
    expect(readFileSync(`${s.dir}/run.log`, 'utf8')).not.toContain(s.env.PEOPLESOFT_PASSWORD);
  });

  it('--json writes one JSON object per line: started, each cycle, stopping, stopped', async () => {
    const { child, finished } = s.start(['run', '--json']);
    await waitForOutput(child, /"event":"cycle".*"kind":"inventory"/);
    child.kill('SIGTERM');
    const r = await finished;
    expect(r.code, r.stderr).toBe(0);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; kind?: string; stageErrors?: unknown[]; at: string });
    expect(events[0]?.event).toBe('started');
    expect(events.at(-1)?.event).toBe('stopped');
    const cycles = events.filter((e) => e.event === 'cycle');
    expect(cycles.length).toBeGreaterThanOrEqual(1);
    for (const c of cycles) {
      expect(['orders', 'inventory']).toContain(c.kind);
      expect(c.stageErrors).toEqual([]);
      expect(new Date(c.at).toISOString()).toBe(c.at);
    }
  });

  it('missing credentials stop it at start (exit 2)', async () => {
    const { finished } = s.start(['run'], { env: { PEOPLESOFT_USERNAME: '' } });
    const r = await finished;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PEOPLESOFT_USERNAME');
  });
});
