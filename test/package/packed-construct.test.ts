/**
 * The package as a customer gets it: `npm pack`, install the tarball into a scratch CDK app of its own, and
 * synth the MlConnector construct from `ml-connector/cdk`. Also checks what the tarball ships.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });

describe('the packed package', () => {
  let scratch: string;
  let files: string[];
  let tarball: string;

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'mlc-pack-'));
    // The tarball holds what `npm run build` makes of this tree.
    npm(['run', 'build', '--silent'], ROOT);
    const out = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], ROOT),
    ) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarball = join(scratch, out[0]!.filename);
    files = out[0]!.files.map((f) => f.path);
  }, 300_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('ships the compiled code, the prebuilt handlers and the docs, and no test or TypeScript source', () => {
    expect(files).toContain('dist/cli/main.js');
    expect(files).toContain('dist/infra/index.d.ts');
    expect(files.filter((f) => /^dist\/lambda\/[a-z-]+\/index\.mjs$/.test(f))).toHaveLength(5);
    expect(files.filter((f) => /\.test\.|test-support|\/testing\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it("synths the construct in a customer's own CDK app installed from the tarball", () => {
    const app = join(scratch, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'customer-cdk-app',
        private: true,
        type: 'module',
        dependencies: {
          'ml-connector': `file:${tarball}`,
          'aws-cdk-lib': pkg.devDependencies['aws-cdk-lib'],
          constructs: pkg.devDependencies.constructs,
        },
      }),
    );
    // Scripts off: the CLI's native SQLite module is not needed to synth.
    npm(['install', '--ignore-scripts', '--prefer-offline', '--no-package-lock'], app);
    writeFileSync(
      join(app, 'app.mjs'),
      `import { App, Stack } from 'aws-cdk-lib';
import { MlConnector } from 'ml-connector/cdk';
const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'Customer', { env: { account: '123456789012', region: 'us-east-1' } });
new MlConnector(stack, 'Connector', {
  config: {
    peoplesoft: {
      restBaseUrl: 'https://ps.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
      httpListenerUrl: 'https://ps.example.com/PSIGW/HttpListeningConnector',
      businessUnit: 'US001',
    },
  },
});
app.synth();
`,
    );
    execFileSync(process.execPath, ['app.mjs'], { cwd: app, encoding: 'utf8' });
    const template = JSON.parse(readFileSync(join(app, 'cdk.out', 'Customer.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: { Handler?: string; Runtime?: string } }>;
    };
    const fns = Object.values(template.Resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.handler',
    );
    expect(fns).toHaveLength(5);
    for (const f of fns) expect(f.Properties.Runtime).toBe('nodejs22.x');
    // Each function's code is an asset folder holding its prebuilt bundle.
    const assets = readdirSync(join(app, 'cdk.out')).filter((d) => d.startsWith('asset.'));
    const bundles = assets.filter((d) => readdirSync(join(app, 'cdk.out', d)).includes('index.mjs'));
    expect(bundles.length).toBeGreaterThanOrEqual(5);
  }, 600_000);
});
