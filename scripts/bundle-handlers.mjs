// Bundles each Lambda handler of the compiled package into dist/lambda/<handler>/index.mjs, with the same
// esbuild settings the construct uses from the source tree (infra/connector-functions.ts, BUNDLING), so an
// installed package deploys without bundling anything itself.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
const { FUNCTIONS } = await import(new URL('infra/function-catalog.js', dist).href);
rmSync(new URL('lambda/', dist), { recursive: true, force: true });
for (const { file } of Object.values(FUNCTIONS)) {
  const name = file.replace(/\.ts$/, '');
  await build({
    entryPoints: [new URL(`../functions/${file}`, import.meta.url).pathname],
    outfile: new URL(`lambda/${name}/index.mjs`, dist).pathname,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);" },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  });
}
process.stderr.write(`bundled ${Object.keys(FUNCTIONS).length} Lambda handlers into dist/lambda/\n`);
