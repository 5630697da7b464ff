import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.ts';
import { tempConfig } from '../test-support/temp-config.ts';

const base = {
  peoplesoft: {
    restBaseUrl: 'https://erp.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
    httpListenerUrl: 'https://erp.example.com/PSIGW/HttpListeningConnector',
    businessUnit: 'US001',
  },
};

describe('config errors (exit 2, naming the key and the fix)', () => {
  it('a missing required URL', async () => {
    const { configPath } = tempConfig({ peoplesoft: { ...base.peoplesoft, restBaseUrl: undefined } });
    const r = await runCli(['sync', '--config', configPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('peoplesoft.restBaseUrl');
    expect(r.stderr).toContain('required');
  });

  it('plain http:// to a remote host', async () => {
    const { configPath } = tempConfig({
      peoplesoft: {
        ...base.peoplesoft,
        httpListenerUrl: 'http://erp.example.com/PSIGW/HttpListeningConnector',
      },
    });
    const r = await runCli(['audit', 'list', '--config', configPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('peoplesoft.httpListenerUrl');
    expect(r.stderr).toContain('https://');
  });

  it('an unknown matching policy', async () => {
    const { configPath } = tempConfig({ ...base, matching: { policy: 'closest' } });
    const r = await runCli(['config', 'check', '--config', configPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('matching.policy');
    expect(r.stderr).toMatch(/strict/);
  });

  it('no config file at all: says where it looked and how to start one', async () => {
    const { dir } = tempConfig(base);
    const r = await runCli(['audit', 'list'], {
      cwd: dir,
      env: { ML_CONNECTOR_CONFIG: join(dir, 'nope.json') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.json');
    expect(r.stderr).toContain('config init');
  });

  it('invalid JSON', async () => {
    const { configPath } = tempConfig(base);
    writeFileSync(configPath, '{ "peoplesoft": ');
    const r = await runCli(['config', 'check', '--config', configPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
  });
});

describe('usage errors (exit 2)', () => {
  it('an unknown flag', async () => {
    const r = await runCli(['sync', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --bogus');
    expect(r.stderr).toContain('ml-connector sync --help');
  });

  it('an unknown command', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command');
  });

  it('--help on a command exits 0 and lists its options', async () => {
    const r = await runCli(['audit', 'list', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--status S');
    expect(r.stdout).toContain('--config FILE');
  });
});

describe('config init / check', () => {
  it('writes an example that config check accepts, and refuses to overwrite without --force', async () => {
    const { dir } = tempConfig(base);
    const path = join(dir, 'new.config.json');
    const init = await runCli(['config', 'init', path]);
    expect(init.code).toBe(0);
    expect(existsSync(path)).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).peoplesoft.businessUnit).toBe('US001');
    const check = await runCli(['config', 'check', '--config', path, '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).matching.policy).toBe('strict');
    const again = await runCli(['config', 'init', path]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });
});

describe('files a newcomer makes', () => {
  it('the sandbox config and a secret store key file are ignored by git', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    for (const f of [
      'ml-connector.sandbox.config.json',
      'ml-connector.sandbox.sqlite.key',
      'ml-connector.sqlite.key',
    ]) {
      const r = spawnSync('git', ['check-ignore', '-q', f], { cwd: root });
      expect(r.status, `${f} is not ignored`).toBe(0);
    }
  });

  it('config init writes no example SKU mapping that could be left in by mistake', async () => {
    const r = await runCli(['config', 'init', '--print']);
    const written = JSON.parse(r.stdout);
    expect(written.matching.suppliers).toEqual({});
    expect(written.matching.items).toEqual({});
  });
});
