import { EXIT } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { guardedCredentials } from '../embedded-runtime.ts';
import { withEmbeddedStore } from '../embedded-store.ts';
import { checkPeopleSoft } from '../ping/peoplesoft-checks.ts';
import { type CheckResult, CheckList } from '../ping/ping-check.ts';
import { checkWalmart } from '../ping/walmart-checks.ts';
import type { Paint } from '../terminal.ts';

/** `ping`: checks reachability and credentials of both systems, one line per check with what to fix. */
export const command: Command = {
  name: 'ping',
  summary: 'check reachability, credentials, queries and service operations of both systems',
  description: [
    'For each system: DNS, TCP and (https) TLS of every configured URL; the credentials (Walmart token grant;',
    'PeopleSoft OAuth2 token grant and the first query); each configured PeopleSoft query run with maxrows=1',
    'and its fields; the HTTP listening connector answering OperationType Ping for PURCHASE_ORDER_RECEIPT and',
    'INVENTORY_ADJUSTMENT (nothing is ever posted). Exit 3 when a check fails.',
  ].join('\n'),
  options: {
    system: { type: 'string', placeholder: 'NAME', description: 'only `walmart` or `peoplesoft`' },
  },
  positionals: [],
  async run(ctx, { values }) {
    const config = ctx.config();
    const only = typeof values.system === 'string' ? values.system.toLowerCase() : undefined;
    const symbols = ctx.interactive && !ctx.globals.json;
    const list = new CheckList((r) => {
      if (!ctx.globals.json) ctx.print(formatCheck(r, ctx.paint, symbols));
    });
    await withEmbeddedStore(ctx, async (embedded) => {
      const credentials = guardedCredentials(config, ctx.io.env, embedded, ctx.redactor);
      const deps = { clock: ctx.io.clock, log: ctx.log, redactor: ctx.redactor };
      if (!only || only === 'walmart') await checkWalmart(list, config, credentials, deps);
      if (!only || only === 'peoplesoft') await checkPeopleSoft(list, config, credentials, deps);
    });
    const failed = list.results.filter((r) => r.status === 'fail').length;
    if (ctx.globals.json) ctx.json({ ok: failed === 0, checks: list.results });
    else {
      const warned = list.results.filter((r) => r.status === 'warn').length;
      ctx.print(
        failed
          ? ctx.paint(
              'red',
              `\n${failed} check${failed > 1 ? 's' : ''} failed; fix the first failure first, then ping again.`,
            )
          : ctx.paint(
              'green',
              `\nAll checks passed${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}.`,
            ),
      );
    }
    return failed ? EXIT.FAILED : EXIT.OK;
  },
};

const MARK: Record<CheckResult['status'], [string, string, 'green' | 'yellow' | 'red' | 'dim']> = {
  ok: ['✔', 'ok  ', 'green'],
  warn: ['!', 'warn', 'yellow'],
  fail: ['✘', 'FAIL', 'red'],
  skip: ['-', 'skip', 'dim'],
};

/** One check as a line (plus its fix, indented). */
export function formatCheck(r: CheckResult, paint: Paint, symbols: boolean): string {
  const [symbol, word, colour] = MARK[r.status];
  const head = `${paint(colour, symbols ? symbol : word)} ${r.system.padEnd(10)} ${r.check}: ${r.detail}`;
  return r.fix && r.status !== 'ok' ? `${head}\n${' '.repeat(symbols ? 13 : 16)}fix: ${r.fix}` : head;
}
