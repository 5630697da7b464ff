import { parseLineKey, toInventoryListItem } from '../../shared/domain/index.ts';
import { replayFailed, replayInventory, replayLine, type ReplayResult } from '../../shared/usecases/index.ts';
import type { CliContext } from '../cli-context.ts';
import { EXIT, UsageError } from '../cli-errors.ts';
import { stringOption } from '../cli-values.ts';
import type { Command } from '../command.ts';
import { runtimeFor } from '../runtime-context.ts';
import { table } from '../terminal.ts';

const NAME = 'replay';

/** `replay KEY` / `replay --failed`: re-runs a line, or every line whose downstream call failed. */
export const command: Command = {
  name: NAME,
  summary: 're-run one line, or every line whose downstream call failed (--failed); always safe',
  description: [
    'A flagged line whose cause may have been fixed (no supplier, no open PO, a unit, a rejected receipt) is',
    'matched again; a staged or in-doubt post is settled against PeopleSoft now (never posted blindly again);',
    '--failed also moves the dead letters of the work queue back. Lines put back in the queue are processed',
    'by the next `sync` (or scheduled cycle). Replaying a finished line changes nothing.',
  ].join('\n'),
  options: {
    failed: { type: 'boolean', description: 'every line whose downstream call failed' },
    inventory: {
      type: 'string',
      placeholder: 'SKU',
      description: 'push this SKU’s quantity to Walmart again, from its current PeopleSoft balance',
    },
  },
  positionals: [{ name: 'KEY', required: false, description: 'order line key, e.g. "1796277083024#1"' }],
  examples: [
    'ml-connector replay "1796277083024#1"',
    'ml-connector replay --failed',
    'ml-connector replay --inventory GLV-100',
  ],
  async run(ctx, { values, positionals }) {
    const key = positionals[0];
    const failed = values.failed === true;
    const sku = stringOption(values, 'inventory');
    if ([Boolean(key), failed, Boolean(sku)].filter(Boolean).length !== 1)
      throw new UsageError('give one of KEY, --failed or --inventory SKU', NAME);
    if (sku) return replaySku(ctx, sku);
    if (key) {
      try {
        parseLineKey(key);
      } catch (e) {
        throw new UsageError((e as Error).message, NAME);
      }
    }
    const runtime = runtimeFor(ctx);
    try {
      let results: ReplayResult[];
      let redriven = 0;
      if (key) results = [await replayLine(runtime.deps, key)];
      else ({ replayed: results, redriven } = await replayFailed(runtime.deps));
      if (ctx.globals.json) {
        ctx.json({ replayed: results, redriven });
        return EXIT.OK;
      }
      if (results.length === 0 && redriven === 0) {
        ctx.print('Nothing to replay: no line is waiting on a failed call.');
        return EXIT.OK;
      }
      if (results.length) {
        ctx.print(
          table(
            ['ORDER LINE', 'ACTION', 'STATUS', 'WHAT HAPPENED'],
            results.map((r) => [r.key, r.action, r.status ?? '-', r.message]),
            ctx.paint,
          ),
        );
      }
      if (redriven)
        ctx.print(`${redriven} dead-lettered work item${redriven > 1 ? 's' : ''} moved back to the queue.`);
      if (results.some((r) => r.action === 'requeued') || redriven) {
        ctx.print(
          '\nRequeued lines are processed by the next `ml-connector sync` (or the next scheduled orders cycle).',
        );
      }
      return EXIT.OK;
    } finally {
      runtime.close();
    }
  },
};

/** Pushes one SKU again and says what Walmart was told. */
async function replaySku(ctx: CliContext, sku: string): Promise<number> {
  const runtime = runtimeFor(ctx);
  try {
    const entry = await replayInventory(runtime.deps, sku);
    if (ctx.globals.json) {
      ctx.json({ inventory: toInventoryListItem(entry) });
      return entry.outcome === 'SET' ? EXIT.OK : EXIT.ATTENTION;
    }
    const from = `QTY_AVAILABLE ${entry.balance} of ${new Date(entry.balanceAt).toISOString()}`;
    if (entry.outcome === 'SET') ctx.print(`Set SKU ${sku} to ${entry.quantity} on Walmart (from ${from}).`);
    else
      ctx.print(
        `Walmart did not take SKU ${sku} = ${entry.quantity} (${entry.outcome}: ${entry.detail ?? ''}).`,
      );
    return entry.outcome === 'SET' ? EXIT.OK : EXIT.ATTENTION;
  } finally {
    runtime.close();
  }
}
