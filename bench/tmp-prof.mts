import { generateWorld } from '../sandbox/generate-world.ts';
import { startConnector } from '../test/e2e/support/connector-cli.ts';
import { startE2eSystems } from '../test/e2e/support/e2e-systems.ts';
const orders = Number(process.argv[2] ?? 10000);
const world = generateWorld({ orders, skus: 1000, linesPerOrder: [1, 3], seed: 9, poSpanDays: 180 });
const systems = await startE2eSystems({
  world,
  prefix: 'prof',
  walmart: { knobs: { latencyMs: 20, feedProcessingMs: 500 } },
  peoplesoft: { latencyMs: 20 },
});
const t0 = performance.now();
const { finished } = startConnector(systems, ['sync', '--json', '--log-file', '/tmp/prof-sync.log'], {
  timeoutMs: 1_800_000,
  env: { NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/prof' },
});
const r = await finished;
console.log('exit', r.code, ((performance.now() - t0) / 1000).toFixed(1), 's');
await systems.close();
