/**
 * "After enough cycles and batch loads": runs sync cycles, each followed by PeopleSoft's batch load, until
 * every matchable line is RECEIPTED. The first cycles are the real CLI; later ones run the same runtime in
 * process with the clock moved ahead, because a post whose outcome is unknown may only be declared absent
 * (and posted again) once its grace period has passed — minutes of wall time no test should wait.
 */
import type { LineRecord } from '../../../shared/domain/index.ts';
import { syncJson } from './connector-cli.ts';
import type { E2eSystems } from './e2e-systems.ts';
import { runCycleLater } from './later-cycle.ts';
import { readStore, type StoreView } from './store-view.ts';

export interface ConvergeOptions {
  /** Lines that must end RECEIPTED. */
  matchable: readonly string[];
  /** Cycles run by the CLI child before moving the clock (default 2). */
  cliCycles?: number;
  /** Cycles with the clock moved ahead, each a further step (default 3). */
  laterCycles?: number;
  /** How far each later cycle moves the clock, ms (default 20 minutes). */
  stepMs?: number;
}

export interface Converged {
  view: StoreView;
  /** Cycles it took (CLI and later). */
  cycles: number;
  /** Lines that never got there, with their state. */
  missing: string[];
}

/** Runs cycles until every matchable line is RECEIPTED or the cycles run out. */
export async function converge(systems: E2eSystems, o: ConvergeOptions): Promise<Converged> {
  const cliCycles = o.cliCycles ?? 2;
  const laterCycles = o.laterCycles ?? 3;
  const step = o.stepMs ?? 20 * 60_000;
  let view = await readStore(systems.storePath);
  let cycles = 0;
  for (let i = 0; i < cliCycles + laterCycles; i++) {
    if (missingOf(view, o.matchable).length === 0) break;
    if (i < cliCycles) await syncJson(systems, { allowFailure: true });
    else await runCycleLater(systems, (i - cliCycles + 1) * step);
    systems.peoplesoft.runBatchLoad();
    cycles++;
    view = await readStore(systems.storePath);
  }
  // One more confirmation pass so the last batch load is seen.
  if (missingOf(view, o.matchable).length > 0) {
    await runCycleLater(systems, (laterCycles + 1) * step);
    cycles++;
    view = await readStore(systems.storePath);
  }
  return { view, cycles, missing: missingOf(view, o.matchable) };
}

function missingOf(view: StoreView, keys: readonly string[]): string[] {
  return keys
    .map((k) => [k, view.records.get(k)] as const)
    .filter(([, r]) => r?.status !== 'RECEIPTED')
    .map(([k, r]) => `${k} ${describe(r)}`);
}

function describe(r: LineRecord | undefined): string {
  if (!r) return 'not recorded';
  return `${r.status}${r.reason ? ` ${r.reason}` : ''}${r.receipt ? ` (receipt ${r.receipt.state})` : ''}`;
}
