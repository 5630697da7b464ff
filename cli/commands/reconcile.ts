import { toAuditListItem } from '../../shared/domain/index.ts';
import { reconcileInventory } from '../../shared/usecases/index.ts';
import { EXIT } from '../cli-errors.ts';
import { parseSince, stringOption } from '../cli-values.ts';
import type { Command } from '../command.ts';
import { runtimeFor } from '../runtime-context.ts';
import { age, table } from '../terminal.ts';

const NAME = 'reconcile';

/** `reconcile`: SKUs whose Walmart quantity disagrees with PeopleSoft, and order lines not finished. */
export const command: Command = {
  name: NAME,
  summary:
    'list (or, with --push, set) SKUs whose Walmart quantity disagrees with PeopleSoft, and unfinished lines',
  description: [
    'For every SKU of every PeopleSoft balance (matching.items maps SKUs to items), compares Walmart’s quantity',
    '(GET /v3/inventory) with max(0, QTY_AVAILABLE − inventory.safetyStock); SKUs Walmart does not list are',
    'counted, not compared. Also lists every polled order line that is not RECEIPTED, FLAGGED or SKIPPED.',
    'Without --push nothing is changed; exit 1 when anything disagrees. With --push every disagreeing SKU is set',
    'by the inventory cycle’s rules (single PUTs, or one feed above inventory.feedThreshold) and written to the',
    'inventory record (audit inventory); exit 1 when a SKU could not be set or a line is unfinished.',
  ].join('\n'),
  options: {
    push: { type: 'boolean', description: 'set every disagreeing SKU on Walmart now' },
    'settle-time': {
      type: 'string',
      placeholder: 'AGE',
      description: 'ignore order lines updated less than AGE ago, e.g. 2h (default: none ignored)',
    },
  },
  positionals: [],
  examples: ['ml-connector reconcile', 'ml-connector reconcile --push --json'],
  async run(ctx, { values }) {
    const now = ctx.io.clock.now();
    const settle = stringOption(values, 'settle-time');
    const openBefore = settle ? parseSince(settle, now, NAME, '--settle-time') : Number.POSITIVE_INFINITY;
    const push = values.push === true;
    const runtime = runtimeFor(ctx, { progress: !ctx.globals.json });
    try {
      await runtime.credentials.walmart();
      await runtime.credentials.peoplesoft();
      const { config } = runtime;
      const drift = await reconcileInventory(runtime.deps, {
        push,
        onProgress: (done, total) => ctx.progress.update(`… compared ${done} of ${total} SKUs with Walmart`),
      });
      const { disagreeing, notOnWalmart } = drift;
      const failedToSet = (drift.pushed ?? []).filter((x) => x.outcome !== 'SET');
      const open = (await runtime.store.audit.byStatus(['RECEIVED', 'MATCHED', 'POSTED', 'IN_DOUBT'])).filter(
        (r) => r.updatedAt < openBefore,
      );
      ctx.progress.done();
      const byStatus: Record<string, number> = {};
      for (const r of open) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      const totals = {
        skusChecked: drift.compared,
        skusDisagreeing: disagreeing.length,
        skusNotOnWalmart: notOnWalmart.length,
        ...(push ? { skusSet: disagreeing.length - failedToSet.length, skusNotSet: failedToSet.length } : {}),
        openLines: open.length,
        openLinesByStatus: byStatus,
        unreadableBalanceRows: drift.unreadableBalanceRows,
      };
      const inventoryOk = push ? failedToSet.length === 0 : disagreeing.length === 0;
      const agree = inventoryOk && open.length === 0;
      if (ctx.globals.json) {
        ctx.json({
          ok: agree,
          inventory: {
            disagreeing,
            notOnWalmart,
            ...(push ? { pushed: drift.pushed ?? [], via: drift.via, feedId: drift.feedId ?? null } : {}),
          },
          lines: { open: open.map(toAuditListItem) },
          totals,
        });
        return agree ? EXIT.OK : EXIT.ATTENTION;
      }
      const p = ctx.paint;
      if (disagreeing.length) {
        ctx.print(
          p(
            'bold',
            `Walmart quantities that disagree with PeopleSoft (safety stock ${config.inventory.safetyStock}):`,
          ),
        );
        ctx.print(
          table(
            ['SKU', 'ITEM', 'WALMART', 'EXPECTED', 'QTY_AVAILABLE', 'DIFF'],
            disagreeing.map((d) => [
              d.sku,
              d.itemId,
              String(d.walmart),
              String(d.expected),
              String(d.qtyAvailable),
              p('red', d.difference > 0 ? `+${d.difference}` : String(d.difference)),
            ]),
            p,
          ),
        );
        ctx.print('');
      }
      if (open.length) {
        ctx.print(p('bold', 'Order lines not finished:'));
        ctx.print(
          table(
            ['ORDER LINE', 'SKU', 'STATUS', 'AGE', 'DETAIL'],
            open.map((r) => [r.key, r.sku, r.status, age(r.updatedAt, now), r.detail ?? '-']),
            p,
          ),
        );
        ctx.print('');
      }
      ctx.print(
        `${totals.skusChecked} SKUs compared, ${p(disagreeing.length ? 'red' : 'green', `${disagreeing.length} disagree`)}` +
          `${notOnWalmart.length ? `, ${notOnWalmart.length} not listed on Walmart (left alone)` : ''}; ` +
          `${p(open.length ? 'yellow' : 'green', `${open.length} order lines not finished`)}` +
          `${
            open.length
              ? ` (${Object.entries(byStatus)
                  .map(([s, n]) => `${n} ${s}`)
                  .join(', ')})`
              : ''
          }.`,
      );
      if (drift.unreadableBalanceRows)
        ctx.print(`${drift.unreadableBalanceRows} PeopleSoft balance rows could not be read (see the log).`);
      if (push && disagreeing.length) {
        const set = disagreeing.length - failedToSet.length;
        ctx.print(
          `Set ${set} of ${disagreeing.length} SKUs on Walmart ${drift.via === 'feed' ? `by feed ${drift.feedId ?? ''}`.trim() : 'by PUT'}; ` +
            'each is on the record (`ml-connector audit inventory`).',
        );
        for (const f of failedToSet)
          ctx.print(p('red', `  ${f.sku}: ${f.outcome}${f.detail ? ` — ${f.detail}` : ''}`));
      } else if (disagreeing.length)
        ctx.print(
          'Nothing was changed. The inventory cycle only pushes balances that change in PeopleSoft, so these stay as ' +
            'they are until then: run `ml-connector reconcile --push` to set them now (or schedule.reconcile to do it regularly).',
        );
      if (open.length)
        ctx.print(
          'POSTED lines wait for PeopleSoft’s Receive Load; IN_DOUBT lines settle by themselves (docs/operations.md).',
        );
      return agree ? EXIT.OK : EXIT.ATTENTION;
    } finally {
      runtime.close();
    }
  },
};
