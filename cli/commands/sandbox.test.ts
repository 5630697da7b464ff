import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
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

describe('sandbox on a port in use', () => {
  it('names the port and the fix, exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dir = mkdtempSync(join(tmpdir(), 'mlc-port-'));
      const r = await runCli([
        'sandbox',
        '--port-walmart',
        String(port),
        '--write-config',
        join(dir, 'c.json'),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
      expect(r.stderr).toContain('--port-walmart');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
