import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxSetup, sandboxSetup } from '../test-support/sandbox-setup.ts';

let s: SandboxSetup;
beforeAll(async () => {
  s = await sandboxSetup();
});
afterAll(async () => {
  await s?.close();
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('ping', () => {
  it('good credentials: every check passes, one line per check, exit 0', async () => {
    const r = await s.run(['ping']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ok\s+walmart\s+credentials \(token grant\)/);
    expect(r.stdout).toMatch(
      /ok\s+peoplesoft\s+query MLC_OPEN_PO_LINES: ran and returns the expected fields/,
    );
    expect(r.stdout).toMatch(/ok\s+peoplesoft\s+service PURCHASE_ORDER_RECEIPT.VERSION_1/);
    expect(r.stdout).toMatch(/ok\s+peoplesoft\s+service INVENTORY_ADJUSTMENT.VERSION_1/);
    expect(r.stdout).toContain('All checks passed');
    // The service operations were pinged, never posted to.
    expect(s.pair.peoplesoft.staged()).toEqual([]);
  });

  it('--json lists every check', async () => {
    const r = await s.run(['ping', '--json']);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    expect(out.checks.map((c: { check: string }) => c.check)).toContain('query MLC_INV_BALANCES');
  });

  it('bad credentials: says which were refused and what to fix, exit 3, no secret shown', async () => {
    const r = await s.run(['ping'], {
      env: {
        WALMART_CLIENT_SECRET: 'wrong-walmart-secret',
        PEOPLESOFT_PASSWORD: 'wrong-peoplesoft-password',
      },
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/FAIL\s+walmart\s+credentials \(token grant\).*401/);
    expect(r.stdout).toContain('WALMART_CLIENT_ID / WALMART_CLIENT_SECRET');
    expect(r.stdout).toMatch(/FAIL\s+peoplesoft\s+query MLC_OPEN_PO_LINES/);
    expect(r.stdout).toContain('PEOPLESOFT_USERNAME / PEOPLESOFT_PASSWORD');
    expect(r.stdout).toMatch(
      /skip\s+peoplesoft\s+query MLC_ITEM_VENDORS: not checked: PeopleSoft refused the credentials/,
    );
    const all = r.stdout + r.stderr;
    expect(all).not.toContain('wrong-walmart-secret');
    expect(all).not.toContain('wrong-peoplesoft-password');
  });

  it('missing credentials: a failed check naming the variables', async () => {
    const r = await s.run(['ping', '--system', 'peoplesoft'], { env: { PEOPLESOFT_PASSWORD: '' } });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/FAIL\s+peoplesoft\s+credentials available.*PEOPLESOFT_PASSWORD/);
  });

  it('an unreachable host: the TCP step fails with the key to check, exit 3', async () => {
    const port = await closedPort();
    s.writeConfig({
      peoplesoft: {
        ...s.pair.configInput(s.storePath).peoplesoft,
        restBaseUrl: `http://127.0.0.1:${port}/PSIGW/RESTListeningConnector/PSFT_EP`,
      },
    });
    try {
      const r = await s.run(['ping', '--system', 'peoplesoft']);
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(
        new RegExp(`FAIL\\s+peoplesoft\\s+tcp 127.0.0.1:${port}: cannot connect.*ECONNREFUSED`),
      );
      expect(r.stdout).toContain('check the port in peoplesoft.restBaseUrl');
      expect(r.stdout).toMatch(
        /skip\s+peoplesoft\s+query MLC_OPEN_PO_LINES: not checked: peoplesoft.restBaseUrl not reachable/,
      );
    } finally {
      s.writeConfig({});
    }
  });

  it('a business unit with no data at all fails, naming peoplesoft.businessUnit', async () => {
    s.writeConfig({ peoplesoft: { ...s.pair.configInput(s.storePath).peoplesoft, businessUnit: 'US999' } });
    try {
      const r = await s.run(['ping', '--system', 'peoplesoft']);
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/FAIL\s+peoplesoft\s+business unit: business unit US999 has no open PO lines/);
      expect(r.stdout).toContain('check peoplesoft.businessUnit');
      expect(r.stdout).not.toContain('All checks passed');
    } finally {
      s.writeConfig({});
    }
  });

  it('a wrong node in the REST URL gets the fix for a node, not "create the query"', async () => {
    const ps = s.pair.configInput(s.storePath).peoplesoft;
    s.writeConfig({ peoplesoft: { ...ps, restBaseUrl: ps.restBaseUrl.replace(/PSFT_EP$/, 'PSFT_XX') } });
    try {
      const r = await s.run(['ping', '--system', 'peoplesoft']);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain('default local node');
      expect(r.stdout).toContain('PSFT_XX');
      expect(r.stdout).not.toContain('create the public query');
    } finally {
      s.writeConfig({});
    }
  });

  it('an unknown host name: the DNS step fails', async () => {
    s.writeConfig({ walmart: { baseUrl: 'https://no-such-host.invalid' } });
    try {
      const r = await s.run(['ping', '--system', 'walmart']);
      expect(r.code).toBe(3);
      expect(r.stdout).toMatch(/FAIL\s+walmart\s+dns no-such-host.invalid: cannot resolve/);
      expect(r.stdout).toContain('walmart.baseUrl');
    } finally {
      s.writeConfig({});
    }
  });
});
