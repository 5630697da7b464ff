import { killedCycleAtScale, renderKilledRuns } from './cycle-at-scale-bench.ts';
console.log(renderKilledRuns([await killedCycleAtScale(Number(process.argv[2]), 1_800_000)]));
