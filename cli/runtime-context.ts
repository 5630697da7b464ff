/** Builds the embedded runtime for a command from its context (config, environment, log, masking). */
import type { CliContext } from './cli-context.ts';
import { buildEmbeddedRuntime, type EmbeddedRuntime, type RuntimeOptions } from './embedded-runtime.ts';
import { progressLine } from './progress-ports.ts';

/** The runtime of this command; with `progress`, a status line follows the work on a terminal. */
export function runtimeFor(
  ctx: CliContext,
  options: Partial<Pick<RuntimeOptions, 'dryRun' | 'credentials'>> & { progress?: boolean } = {},
): EmbeddedRuntime {
  return buildEmbeddedRuntime({
    config: ctx.config(),
    env: ctx.io.env,
    clock: ctx.io.clock,
    log: ctx.log,
    redactor: ctx.redactor,
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.progress ? { onProgress: (c) => ctx.progress.update(progressLine(c)) } : {}),
  });
}
