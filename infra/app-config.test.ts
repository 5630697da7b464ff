import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../shared/config/index.ts';
import { DEFAULT_CONFIG_FILE, resolveAppConfig } from './app-config.ts';
import { PROJECT_ROOT } from './connector-functions.ts';
import { addConnectorStack } from './ml-connector-stack.ts';
import { NO_BUNDLING, TEST_CONFIG } from './synth-fixtures.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'mlc-config-'));
const { businessUnit: _omitted, ...noBusinessUnit } = TEST_CONFIG.peoplesoft;

describe('resolveAppConfig', () => {
  it('takes -c config as a JSON string', () => {
    const r = resolveAppConfig({ config: JSON.stringify(TEST_CONFIG) }, tempDir());
    expect(r.config.peoplesoft.businessUnit).toBe('US001');
    expect(r.isExample).toBe(false);
  });

  it('takes -c configFile relative to the working directory', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'prod.json'), JSON.stringify(TEST_CONFIG));
    expect(resolveAppConfig({ configFile: 'prod.json' }, dir).source).toBe(join(dir, 'prod.json'));
  });

  it('falls back to ml-connector.config.json, then to the built-in example', () => {
    const dir = tempDir();
    expect(resolveAppConfig({}, dir).isExample).toBe(true);
    writeFileSync(join(dir, DEFAULT_CONFIG_FILE), JSON.stringify(TEST_CONFIG));
    expect(resolveAppConfig({}, dir)).toMatchObject({
      isExample: false,
      source: join(dir, DEFAULT_CONFIG_FILE),
    });
  });

  it('names the missing key of a bad config', () => {
    const run = () => resolveAppConfig({ config: { peoplesoft: noBusinessUnit } }, tempDir());
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/peoplesoft\.businessUnit: is required but missing/);
  });

  it('names the file and the key of a bad config file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...TEST_CONFIG, matching: { policy: 'loose' } }));
    expect(() => resolveAppConfig({ configFile: 'bad.json' }, dir)).toThrow(
      /bad\.json is invalid:[\s\S]*matching\.policy/,
    );
  });

  it('says when -c config is not JSON or the file is missing', () => {
    expect(() => resolveAppConfig({ config: '{peoplesoft:' }, tempDir())).toThrow(
      /context "config" is not valid JSON/,
    );
    expect(() => resolveAppConfig({ configFile: 'nope.json' }, tempDir())).toThrow(
      /cannot read the config file/,
    );
  });
});

describe('addConnectorStack', () => {
  it('fails on a bad config before creating anything, naming the key', () => {
    const app = new App({
      context: { ...NO_BUNDLING, config: JSON.stringify({ peoplesoft: noBusinessUnit }) },
    });
    expect(() => addConnectorStack(app, tempDir())).toThrow(/peoplesoft\.businessUnit/);
  });

  it('names a bad context value', () => {
    const base = { ...NO_BUNDLING, config: JSON.stringify(TEST_CONFIG) };
    expect(() => addConnectorStack(new App({ context: { ...base, logRetentionDays: '10' } }))).toThrow(
      /context "logRetentionDays" is 10/,
    );
    expect(() => addConnectorStack(new App({ context: { ...base, matcherMaxConcurrency: 'many' } }))).toThrow(
      /context "matcherMaxConcurrency" must be a whole number/,
    );
  });
});

describe('the CDK app entry point (infra/app.ts)', () => {
  it('exits non-zero with one line naming the bad key, no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        CDK_OUTDIR: tempDir(),
        CDK_CONTEXT_JSON: JSON.stringify({ config: JSON.stringify({ peoplesoft: noBusinessUnit }) }),
      },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ml-connector: context "config" is invalid:');
    expect(result.stderr).toContain('peoplesoft.businessUnit: is required but missing');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
