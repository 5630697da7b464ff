/**
 * Sizes of the Lambda bundles in a synthesized cloud assembly.
 * Usage after `npx cdk synth`: `npx tsx infra/bundle-sizes.ts [cdk.out] [MlConnector]`.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BundleSize {
  /** Logical id of the function, without the construct path prefix and hash. */
  readonly name: string;
  readonly assetDir: string;
  readonly codeBytes: number;
  readonly mapBytes: number;
}

type Resources = Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }>;

/** Reads each function's asset (`index.mjs` and its source map) from the assembly in `outdir`. */
export function bundleSizes(outdir: string, stackName = 'MlConnector'): BundleSize[] {
  const template = JSON.parse(readFileSync(join(outdir, `${stackName}.template.json`), 'utf8'));
  return Object.entries(template.Resources as Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Code?.S3Key)
    .map(([id, r]) => {
      const assetDir = join(outdir, `asset.${r.Properties.Code?.S3Key?.replace(/\.zip$/, '')}`);
      return {
        name: id.replace(/^.*Functions|[0-9A-F]{8}$/g, ''),
        assetDir,
        codeBytes: statSync(join(assetDir, 'index.mjs')).size,
        mapBytes: statSync(join(assetDir, 'index.mjs.map')).size,
      };
    });
}

/** One line per function: name, code size, source-map size. */
export function formatBundleSizes(sizes: BundleSize[]): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
  return sizes
    .map((s) => `${s.name.padEnd(16)} index.mjs ${kb(s.codeBytes)}   map ${kb(s.mapBytes)}`)
    .join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [outdir = 'cdk.out', stack = 'MlConnector'] = process.argv.slice(2);
  console.log(formatBundleSizes(bundleSizes(outdir, stack)));
}
