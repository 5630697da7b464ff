import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './test-support/run-cli.ts';

describe('ml-connector', () => {
  it('--version prints the package version, exit 0', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`ml-connector ${pkg.version}`);
  });

  it('a command group with --help lists its commands, exit 0; without a command it is a usage error', async () => {
    const help = await runCli(['audit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/audit list\s+list order lines/);
    expect(help.stdout).toContain('audit inventory');
    const bare = await runCli(['audit']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('say which: audit list, audit show, audit inventory');
  });
});
