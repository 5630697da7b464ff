import { userInfo } from 'node:os';
import { parseLineKey } from '../../shared/domain/index.ts';
import { resolveLine } from '../../shared/usecases/index.ts';
import { EXIT, UsageError } from '../cli-errors.ts';
import { stringOption } from '../cli-values.ts';
import type { Command } from '../command.ts';
import { runtimeFor } from '../runtime-context.ts';

const NAME = 'resolve';

/** Who is deciding: `--by`, else the login name. */
function reviewer(given: string | undefined, env: NodeJS.ProcessEnv): string {
  if (given?.trim()) return given.trim();
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'operator';
  }
}

/** `resolve KEY --po BU/PO_ID/LINE/SCHED | --skip`: a reviewer's decision for a flagged line. */
export const command: Command = {
  name: NAME,
  summary: 'decide a flagged line: receive it against a PO schedule (--po) or skip it (--skip)',
  description: [
    'KEY is the order line key PURCHASE_ORDER_ID#LINE_NUMBER (quote it: # starts a shell comment).',
    '--po checks the schedule now (open, same item and unit, enough open quantity) and puts the line back',
    'into the flow: the next `sync` (or scheduled cycle) posts its receipt. --skip closes the line as SKIPPED.',
  ].join('\n'),
  options: {
    po: {
      type: 'string',
      placeholder: 'BU/PO_ID/LINE/SCHED',
      description: 'the PO schedule to receive against',
    },
    skip: { type: 'boolean', description: 'post no receipt for this line (needs --note)' },
    note: { type: 'string', placeholder: 'TEXT', description: 'why; kept in the audit trail' },
    by: { type: 'string', placeholder: 'NAME', description: 'who decides (default: your login name)' },
  },
  positionals: [{ name: 'KEY', required: true, description: 'order line key, e.g. "1796277083023#1"' }],
  examples: [
    'ml-connector resolve "1796277083023#1" --po US001/0000079262/1/1 --note "buyer confirmed"',
    'ml-connector resolve "1796277083026#2" --skip --note "sample, no PO"',
  ],
  async run(ctx, { values, positionals }) {
    const key = positionals[0]!;
    try {
      parseLineKey(key);
    } catch (e) {
      throw new UsageError((e as Error).message, NAME);
    }
    const po = stringOption(values, 'po');
    const skip = values.skip === true;
    const note = stringOption(values, 'note');
    if (Boolean(po) === skip) throw new UsageError('give either --po BU/PO_ID/LINE/SCHED or --skip', NAME);
    if (skip && !note?.trim())
      throw new UsageError('--skip needs --note saying why no receipt is posted', NAME);
    const by = reviewer(stringOption(values, 'by'), ctx.io.env);
    const runtime = runtimeFor(ctx);
    try {
      const record = await resolveLine(runtime.deps, key, {
        ...(po ? { poRef: po } : { skip: true }),
        ...(note ? { note } : {}),
        by,
      });
      if (ctx.globals.json) {
        ctx.json({
          key,
          status: record.status,
          resolution: record.resolution ?? null,
          detail: record.detail ?? null,
        });
        return EXIT.OK;
      }
      if (record.status === 'SKIPPED') {
        ctx.print(`${key} is SKIPPED (decided by ${by}). No receipt will be posted for it.`);
      } else {
        ctx.print(
          `${key}: ${by} chose PO schedule ${record.resolution?.poRef}. The line is back in the flow (${record.status}).`,
        );
        ctx.print(
          'The next `ml-connector sync` (or the next scheduled orders cycle) posts its receipt against that schedule;',
        );
        ctx.print(`follow it with \`ml-connector audit show "${key}"\`.`);
      }
      return EXIT.OK;
    } finally {
      runtime.close();
    }
  },
};
