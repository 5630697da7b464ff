import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plain, runCli, startCli, waitForOutput } from '../test-support/run-cli.ts';
import { tempConfig } from '../test-support/temp-config.ts';

const base = {
  peoplesoft: {
    restBaseUrl: 'https://erp.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
    httpListenerUrl: 'https://erp.example.com/PSIGW/HttpListeningConnector',
    businessUnit: 'US001',
  },
};

const SECRET = 'not-a-real-secret-9f8e7d';

describe('secrets', () => {
  it('set reads the value from stdin; list shows names and dates but never the value', async () => {
    const { configPath, storePath } = tempConfig(base);
    const set = await runCli(['secrets', 'set', 'WALMART_CLIENT_SECRET', '--config', configPath], {
      input: `${SECRET}\n`,
    });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Stored WALMART_CLIENT_SECRET encrypted');
    expect(set.stdout + set.stderr).not.toContain(SECRET);
    // Encrypted at rest, key file private.
    expect(readFileSync(storePath).includes(Buffer.from(SECRET))).toBe(false);
    expect(statSync(`${storePath}.key`).mode & 0o077).toBe(0);

    const list = await runCli(['secrets', 'list', '--config', configPath]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/WALMART_CLIENT_SECRET\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+-\s+store/);
    expect(list.stdout).toMatch(/WALMART_CLIENT_ID\s+-\s+-\s+MISSING/);
    expect(list.stdout).not.toContain(SECRET);
    const json = await runCli(['secrets', 'list', '--config', configPath, '--json']);
    expect(json.stdout).not.toContain(SECRET);
    expect(
      JSON.parse(json.stdout).find((r: { name: string }) => r.name === 'WALMART_CLIENT_SECRET'),
    ).toMatchObject({
      stored: true,
      source: 'store',
    });

    const del = await runCli(['secrets', 'delete', 'WALMART_CLIENT_SECRET', '--config', configPath]);
    expect(del.code).toBe(0);
    const after = await runCli(['secrets', 'list', '--config', configPath, '--json']);
    expect(
      JSON.parse(after.stdout).find((r: { name: string }) => r.name === 'WALMART_CLIENT_SECRET').stored,
    ).toBe(false);
  });

  it('a wrong master key is reported as such (exit 2), never as a wrong password', async () => {
    const { configPath } = tempConfig(base);
    const keyA = randomBytes(32).toString('base64');
    const keyB = randomBytes(32).toString('base64');
    const set = await runCli(['secrets', 'set', 'PEOPLESOFT_PASSWORD', '--config', configPath], {
      input: SECRET,
      env: { ML_CONNECTOR_MASTER_KEY: keyA },
    });
    expect(set.code, set.stderr).toBe(0);
    const other = await runCli(['secrets', 'set', 'PEOPLESOFT_USERNAME', '--config', configPath], {
      input: 'MLC_USER',
      env: { ML_CONNECTOR_MASTER_KEY: keyB },
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('does not match the key');
    expect(other.stderr).not.toContain(keyB);
    // Reading the credential with the wrong key (any command that needs it) stops the same way.
    const sync = await runCli(['sync', '--config', configPath], {
      env: {
        ML_CONNECTOR_MASTER_KEY: keyB,
        WALMART_CLIENT_ID: 'id',
        WALMART_CLIENT_SECRET: 'secret-value',
        PEOPLESOFT_USERNAME: 'u',
      },
    });
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain('master key');
  });

  it('an unknown name or an empty value is a usage error', async () => {
    const { configPath } = tempConfig(base);
    const unknown = await runCli(['secrets', 'set', 'AWS_SECRET', '--config', configPath], { input: 'x' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('WALMART_CLIENT_SECRET');
    const empty = await runCli(['secrets', 'set', 'WALMART_CLIENT_ID', '--config', configPath], {
      input: '',
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('no value');
  });

  it('on a terminal: prompts with echo off', async () => {
    const { configPath } = tempConfig(base);
    const { child, finished } = startCli(
      ['secrets', 'set', 'WALMART_CLIENT_SECRET', '--config', configPath],
      { tty: true },
    );
    await waitForOutput(child, /input hidden/);
    child.stdin?.write(`${SECRET}\r`);
    child.stdin?.end();
    const r = await finished;
    expect(r.code).toBe(0);
    const text = plain(r.stdout);
    expect(text).toContain('Stored WALMART_CLIENT_SECRET encrypted');
    expect(text).not.toContain(SECRET);
  });
});
