import { CycleBusyError, runSyncCycle } from '../../shared/usecases/index.ts';
import { EXIT, StageFailedError } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { flaggedLines, intendedLines, stageErrorLines, summaryLines } from '../cycle-report.ts';
import { runtimeFor } from '../runtime-context.ts';

/** `sync [--json] [--dry-run]`: one full cycle — orders, match, receipts and adjustments, confirm, inventory. */
export const command: Command = {
  name: 'sync',
  summary: 'run one full cycle: orders → match → receipts and adjustments → confirm → inventory',
  description: [
    'Exit 0 when the cycle ran (flagged lines are not failures), 3 when a stage failed (what was done before',
    'is kept). --json prints one object: {"orders":{"polled","lines"},"receipts":{"posted","confirmed"},',
    '"adjustments":{"posted"},"flagged","skipped","inventory":{"pushed","failed"},"apiCalls":{"walmart","peoplesoft"},',
    '"stageErrors":[{"stage","error","message"}]} (stageErrors empty when every stage ran).',
    '--dry-run reads both systems and decides, but writes nothing to PeopleSoft, Walmart or the store, and',
    'prints what it would have done (with --json, the object above only; the intended writes go to the log).',
  ].join('\n'),
  options: {
    'dry-run': {
      type: 'boolean',
      description: 'decide everything, write nothing; print what would be written',
    },
  },
  positionals: [],
  examples: ['ml-connector sync', 'ml-connector sync --dry-run', 'ml-connector sync --json'],
  async run(ctx, { values }) {
    const dryRun = values['dry-run'] === true;
    const json = ctx.globals.json;
    const runtime = runtimeFor(ctx, { dryRun, progress: !json });
    try {
      // Credential mistakes are configuration errors (exit 2), not a failed stage.
      await runtime.credentials.walmart();
      await runtime.credentials.peoplesoft();
      const started = ctx.io.clock.now();
      ctx.log.info('sync started', { correlation_id: runtime.correlationId, dryRun });
      let result: Awaited<ReturnType<typeof runSyncCycle>>;
      try {
        result = await runSyncCycle(runtime.deps);
      } catch (e) {
        if (e instanceof CycleBusyError) throw new StageFailedError('sync', e.message);
        throw e;
      }
      const { summary, stageErrors } = result;
      ctx.progress.done();
      if (dryRun) ctx.log.info('dry run: writes not sent', { ...runtime.intended });
      ctx.log.info('sync finished', {
        correlation_id: runtime.correlationId,
        summary,
        stageErrors,
        durationMs: ctx.io.clock.now() - started,
      });
      const flagged = await runtime.store.audit.list({ status: 'FLAGGED', updatedSince: started });
      if (json) {
        // The documented object, plus the stages that failed; the intended writes of a dry run go to the log.
        ctx.json({
          ...summary,
          stageErrors: stageErrors.map((e) => ({ stage: e.stage, error: e.error, message: e.message })),
        });
      } else {
        const secs = ((ctx.io.clock.now() - started) / 1000).toFixed(1);
        ctx.print(
          ctx.paint(
            'bold',
            `${dryRun ? 'Dry run' : 'Sync'} ${stageErrors.length ? 'finished with errors' : 'finished'} in ${secs} s`,
          ),
        );
        for (const l of summaryLines(summary, ctx.paint, dryRun)) ctx.print(l);
        if (flagged.length) {
          ctx.print(
            dryRun
              ? '\nWould be flagged (no receipt would be posted for these):'
              : '\nFlagged in this cycle (no receipt posted; review with `ml-connector audit list --status FLAGGED`):',
          );
          for (const l of flaggedLines(flagged, ctx.paint)) ctx.print(l);
        }
        const hidden = dryRun ? { count: 0 } : await runtime.store.queue.hidden();
        if (hidden.count > 0 && hidden.until !== undefined) {
          ctx.print(
            `\n${hidden.count} order line${hidden.count === 1 ? '' : 's'} wait in the queue (being worked elsewhere, or retried after a failure) until ${new Date(hidden.until).toISOString()} at the latest; the next sync after that works them.`,
          );
        }
        if (dryRun) {
          ctx.print(
            '\nDry run: nothing was written to PeopleSoft, Walmart or the store. It would have sent:',
          );
          for (const l of intendedLines(runtime.intended)) ctx.print(l);
        }
      }
      if (stageErrors.length) {
        ctx.fail(`\nStages that failed:`);
        for (const l of stageErrorLines(stageErrors, ctx.paint)) ctx.fail(l);
        return EXIT.FAILED;
      }
      return EXIT.OK;
    } finally {
      runtime.close();
    }
  },
};
