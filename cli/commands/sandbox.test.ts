import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, waitForOutput } from '../test-support/run-cli.ts';

describe('sandbox', () => {
  it('serves both systems, writes a ready config, prints the dummy credentials, stops on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-sandbox-'));
    const configPath = join(dir, 'sandbox.config.json');
    const { child, finished } = startCli(['sandbox', '--write-config', configPath]);
    const out = await waitForOutput(child, /ml-connector ping && ml-connector sync/);
    expect(out).toMatch(/Walmart Marketplace\s+http:\/\/127\.0\.0\.1:\d+/);
    const env: Record<string, string> = {};
    for (const m of out.matchAll(/export (\w+)=(\S+)/g)) env[m[1]!] = m[2]!;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([
        'ML_CONNECTOR_CONFIG',
        'WALMART_CLIENT_ID',
        'WALMART_CLIENT_SECRET',
        'PEOPLESOFT_USERNAME',
        'PEOPLESOFT_PASSWORD',
      ]),
    );
    expect(JSON.parse(readFileSync(configPath, 'utf8')).peoplesoft.businessUnit).toBe('US001');
    const ping = await runCli(['ping'], { env });
    expect(ping.code, ping.stdout).toBe(0);
    child.kill('SIGINT');
    const r = await finished;
    expect(r.code).toBe(0);
  });
});
