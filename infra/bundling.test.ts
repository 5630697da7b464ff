import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bundleSizes, formatBundleSizes } from './bundle-sizes.ts';
import { PROJECT_ROOT } from './connector-functions.ts';
import { TEST_CONFIG } from './synth-fixtures.ts';

/** Each function's code (index.mjs, without its source map) stays well inside Lambda's limits. */
const MAX_BUNDLE_BYTES = 2 * 1024 * 1024;

describe('npx cdk synth (real esbuild bundling, cdk-nag on, no AWS credentials)', () => {
  it('synthesizes, bundles every handler as ESM under 2 MB and passes cdk-nag', { timeout: 240_000 }, () => {
    const outdir = mkdtempSync(join(tmpdir(), 'mlc-synth-'));
    onTestFinished(() => rmSync(outdir, { recursive: true, force: true }));
    const env: NodeJS.ProcessEnv = { ...process.env, CDK_DEFAULT_REGION: 'us-east-1' };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      delete env[name];
    }
    const cli = join(PROJECT_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
    const result = spawnSync(
      process.execPath,
      [cli, 'synth', '--quiet', '--no-notices', '-o', outdir, '-c', `config=${JSON.stringify(TEST_CONFIG)}`],
      { cwd: PROJECT_ROOT, encoding: 'utf8', env },
    );
    expect(result.status, result.stderr).toBe(0);

    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.map((p: { conclusion: string }) => p.conclusion)).toEqual(['success']);

    const sizes = bundleSizes(outdir);
    console.log(`Lambda bundles:\n${formatBundleSizes(sizes)}`);
    expect(sizes.map((s) => s.name).sort()).toEqual([
      'ConfirmReceipts',
      'FeedFollowUp',
      'MatchOrders',
      'PollOrders',
      'SyncInventory',
    ]);
    for (const s of sizes) {
      expect(s.codeBytes, s.name).toBeLessThan(MAX_BUNDLE_BYTES);
      expect(readFileSync(join(s.assetDir, 'index.mjs'), 'utf8'), s.name).toMatch(/createRequire/);
      // The bundle loads as an ES module outside the repository and exports the handler.
      const load = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(pathToFileURL(join(s.assetDir, 'index.mjs')).href)}); console.log(typeof m.handler);`,
        ],
        { cwd: outdir, encoding: 'utf8' },
      );
      expect(load.stdout.trim(), `${s.name}: ${load.stderr}`).toBe('function');
    }
  });
});
