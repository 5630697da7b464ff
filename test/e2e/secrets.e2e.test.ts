/**
 * I6 end to end: with distinctive (obviously fake) secrets that both sandboxes accept, run the CLI through
 * a full cycle and its neighbours — sync, audit list/show, ping, secrets set/list, runs with a wrong
 * password and a wrong client secret, PeopleSoft over OAuth2 — then search every byte it printed or wrote
 * (stdout, stderr, --log-file files, the SQLite store and its WAL) for the secrets and the access tokens.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioWorld } from '../../sandbox/scenario-world.ts';
import { type CliResult, describeRun, runConnector, startConnector } from './support/connector-cli.ts';
import { type E2eSystems, startE2eSystems } from './support/e2e-systems.ts';
import { startTokenTap, type TokenTap } from './support/token-tap.ts';

const WALMART_SECRET = 'wm-secret-Zq81vT4nP0sLr7Gh';
const PEOPLESOFT_PASSWORD = 'ps-pass-Xk27mW9cJ3dQe5Bn';
const PEOPLESOFT_CLIENT_SECRET = 'ps-client-secret-Rm44hY8uLw2Ns';
const WRONG_PASSWORD = 'ps-pass-WRONG-Yt63fK0aVbQq';
const WRONG_WALMART_SECRET = 'wm-secret-WRONG-Pd90sE1xCv';
const PEOPLESOFT_CLIENT_ID = 'mlc-e2e-oauth-client';

describe('I6: no secret in any output, log, audit entry or store file', () => {
  let systems: E2eSystems;
  let walmartTap: TokenTap;
  let peoplesoftTap: TokenTap;
  const outputs: { label: string; result: CliResult }[] = [];

  async function run(
    label: string,
    args: string[],
    env: Record<string, string | undefined> = {},
    input?: string,
  ) {
    const logFile = join(systems.dir, 'logs', `${outputs.length}-${label.replace(/\W+/g, '-')}.log`);
    const result = await runConnector(systems, [...args, '--verbose', '--log-file', logFile], {
      env,
      ...(input === undefined ? {} : { input }),
    });
    outputs.push({ label, result });
    return result;
  }

  beforeAll(async () => {
    systems = await startE2eSystems({
      world: scenarioWorld(),
      prefix: 'secrets',
      credentials: {
        walmartClientId: 'wm-client-e2e-Hq52',
        walmartClientSecret: WALMART_SECRET,
        peoplesoftUsername: 'MLC_I6',
        peoplesoftPassword: PEOPLESOFT_PASSWORD,
      },
      peoplesoft: {
        oauthClients: [{ clientId: PEOPLESOFT_CLIENT_ID, clientSecret: PEOPLESOFT_CLIENT_SECRET }],
      },
    });
    walmartTap = await startTokenTap(systems.walmart.url);
    peoplesoftTap = await startTokenTap(systems.peoplesoft.url);
    systems.rewriteConfig({ walmart: { baseUrl: walmartTap.url } });

    // A full cycle with every credential from the environment, logs on stderr and in a file.
    await run('sync', ['sync', '--json']);
    systems.peoplesoft.runBatchLoad();
    await run('sync-again', ['sync']);
    await run('audit-list-json', ['audit', 'list', '--json']);
    await run('audit-list', ['audit', 'list']);
    await run('audit-show', ['audit', 'show', '1796277083022']);
    await run('ping', ['ping']);
    // The encrypted local store: values from stdin, then a cycle reading them from the store only.
    await run(
      'secrets-set-wm',
      ['secrets', 'set', 'WALMART_CLIENT_SECRET'],
      { WALMART_CLIENT_SECRET: undefined },
      WALMART_SECRET,
    );
    await run(
      'secrets-set-ps',
      ['secrets', 'set', 'PEOPLESOFT_PASSWORD'],
      { PEOPLESOFT_PASSWORD: undefined },
      PEOPLESOFT_PASSWORD,
    );
    await run('secrets-list', ['secrets', 'list']);
    await run('sync-from-store', ['sync', '--json'], {
      WALMART_CLIENT_SECRET: undefined,
      PEOPLESOFT_PASSWORD: undefined,
    });
    // Failing runs: a wrong PeopleSoft password, a wrong Walmart client secret.
    await run('sync-wrong-password', ['sync', '--json'], { PEOPLESOFT_PASSWORD: WRONG_PASSWORD });
    await run('ping-wrong-password', ['ping'], { PEOPLESOFT_PASSWORD: WRONG_PASSWORD });
    await run('ping-wrong-walmart-secret', ['ping'], { WALMART_CLIENT_SECRET: WRONG_WALMART_SECRET });
    // PeopleSoft over OAuth2, its tokens through the tap.
    systems.rewriteConfig({
      walmart: { baseUrl: walmartTap.url },
      peoplesoft: { auth: { type: 'oauth2', tokenUrl: `${peoplesoftTap.url}/oauth2/token` } },
    });
    const oauth = { PEOPLESOFT_CLIENT_ID, PEOPLESOFT_CLIENT_SECRET };
    await run('sync-oauth2', ['sync', '--json'], oauth);
    await run('ping-oauth2', ['ping'], oauth);
    // A cycle killed mid-way leaves the WAL behind: it is searched too.
    const killed = startConnector(systems, ['sync'], { env: oauth });
    setTimeout(() => killed.child.kill('SIGKILL'), 2_500);
    outputs.push({ label: 'sync-killed', result: await killed.finished });
  }, 300_000);

  afterAll(async () => {
    await Promise.allSettled([walmartTap?.close(), peoplesoftTap?.close()]);
    await systems?.close();
  });

  it('authenticates to both sandboxes with the secrets', () => {
    const byLabel = new Map(outputs.map((o) => [o.label, o.result]));
    for (const label of ['sync', 'sync-again', 'sync-from-store', 'sync-oauth2', 'ping', 'ping-oauth2']) {
      const r = byLabel.get(label)!;
      expect(r.code, `${label}: ${describeRun(r)}`).toBe(0);
    }
    for (const label of ['sync-wrong-password', 'ping-wrong-password', 'ping-wrong-walmart-secret']) {
      expect(byLabel.get(label)!.code, label).not.toBe(0);
    }
    expect(walmartTap.tokens().length).toBeGreaterThan(0);
    expect(peoplesoftTap.tokens().length).toBeGreaterThan(0);
    const principals = new Set(
      systems.peoplesoft
        .requests()
        .map((r) => r.principal)
        .filter(Boolean),
    );
    expect(principals).toEqual(new Set(['MLC_I6', PEOPLESOFT_CLIENT_ID]));
  });

  it('finds no secret, access token or Basic credential in any output or file', () => {
    const needles = secretsToFind();
    const leaks: string[] = [];
    for (const { label, result } of outputs) {
      for (const [stream, text] of [
        ['stdout', result.stdout],
        ['stderr', result.stderr],
      ] as const) {
        for (const [name, value] of needles)
          if (text.includes(value)) leaks.push(`${label} ${stream}: ${name}`);
      }
    }
    const files = filesUnder(systems.dir);
    const logs = files.filter((f) => f.endsWith('.log'));
    // Verbose logs of every run were written: there was something to search.
    expect(logs.length).toBe(outputs.length - 1);
    expect(logs.reduce((n, f) => n + statSync(f).size, 0)).toBeGreaterThan(10_000);
    expect(files.some((f) => f.endsWith('store.sqlite'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const [name, value] of needles) {
        // UTF-8 and UTF-16 (SQLite may store text either way).
        if (bytes.includes(Buffer.from(value, 'utf8')) || bytes.includes(Buffer.from(value, 'utf16le'))) {
          leaks.push(`${file.slice(systems.dir.length + 1)}: ${name}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('searched the WAL of the killed cycle when one was left', () => {
    const wal = `${systems.storePath}-wal`;
    if (existsSync(wal)) expect(filesUnder(systems.dir)).toContain(wal);
  });

  function secretsToFind(): [string, string][] {
    const c = systems.credentials;
    const basic = (user: string, secret: string) => Buffer.from(`${user}:${secret}`).toString('base64');
    return [
      ['Walmart client secret', WALMART_SECRET],
      ['PeopleSoft password', PEOPLESOFT_PASSWORD],
      ['PeopleSoft OAuth2 client secret', PEOPLESOFT_CLIENT_SECRET],
      ['wrong PeopleSoft password', WRONG_PASSWORD],
      ['wrong Walmart client secret', WRONG_WALMART_SECRET],
      ['Walmart Basic credentials', basic(c.walmartClientId, WALMART_SECRET)],
      ['PeopleSoft Basic credentials', basic(c.peoplesoftUsername, PEOPLESOFT_PASSWORD)],
      ['PeopleSoft OAuth2 Basic credentials', basic(PEOPLESOFT_CLIENT_ID, PEOPLESOFT_CLIENT_SECRET)],
      ...walmartTap.tokens().map((t, i): [string, string] => [`Walmart access token ${i + 1}`, t]),
      ...peoplesoftTap.tokens().map((t, i): [string, string] => [`PeopleSoft access token ${i + 1}`, t]),
    ];
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
