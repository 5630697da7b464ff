/**
 * One sync cycle in this process, on the same store and config as the CLI, with the clock moved ahead:
 * the embedded runtime the CLI builds, driven by the engine's cycle, as if the cycle ran later.
 */
import { buildEmbeddedRuntime } from '../../../cli/embedded-runtime.ts';
import { configSchema } from '../../../shared/config/index.ts';
import { JsonLog, memorySink, Redactor } from '../../../shared/logging/index.ts';
import type { Clock } from '../../../shared/ports.ts';
import { runSyncCycle } from '../../../shared/usecases/index.ts';
import type { E2eSystems } from './e2e-systems.ts';

/** A clock `aheadMs` ahead of real time. */
export function clockAhead(aheadMs: number): Clock {
  return {
    now: () => Date.now() + aheadMs,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** Runs one full cycle with the clock `aheadMs` ahead; returns the engine's result. */
export async function runCycleLater(systems: E2eSystems, aheadMs: number): Promise<unknown> {
  const clock = clockAhead(aheadMs);
  const redactor = new Redactor();
  const log = new JsonLog({ sink: memorySink(), level: 'WARN', redactor, clock });
  const runtime = buildEmbeddedRuntime({
    config: configSchema.parse(systems.config),
    env: { ...process.env, ...systems.env },
    clock,
    log,
    redactor,
  });
  try {
    return await runSyncCycle(runtime.deps);
  } finally {
    runtime.close();
  }
}
