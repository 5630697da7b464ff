import { toAuditListItem } from '../../shared/domain/audit-record.ts';
import type { InventoryBalance } from '../../shared/domain/erp-records.ts';
import { skusOfItem } from '../../shared/domain/item-mapping.ts';
import { EXIT } from '../cli-errors.ts';
import { parseSince, stringOption } from '../cli-values.ts';
import type { Command } from '../command.ts';
import { runtimeFor } from '../runtime-context.ts';
import { age, table } from '../terminal.ts';

const NAME = 'reconcile';
/** Walmart inventory reads in flight at once (the HTTP policy still paces them). */
const PARALLEL_READS = 4;

interface SkuDisagreement {
  sku: string;
  itemId: string;
  walmart: number;
  qtyAvailable: number;
  expected: number;
  difference: number;
}

/** `reconcile`: SKUs whose Walmart quantity disagrees with PeopleSoft, and order lines not finished. */
export const command: Command = {
  name: NAME,
  summary: 'list SKUs whose Walmart quantity disagrees with PeopleSoft, and unfinished order lines',
  description: [
    'For every SKU of every PeopleSoft balance (matching.items maps SKUs to items), compares Walmart’s quantity',
    '(GET /v3/inventory) with max(0, QTY_AVAILABLE − inventory.safetyStock); SKUs Walmart does not list are',
    'counted, not compared. Also lists every polled order line that is not RECEIPTED, FLAGGED or SKIPPED.',
    'Exit 1 when anything disagrees. Nothing is changed.',
  ].join('\n'),
  options: {
    'settle-time': {
      type: 'string',
      placeholder: 'AGE',
      description: 'ignore order lines updated less than AGE ago, e.g. 2h (default: none ignored)',
    },
  },
  positionals: [],
  async run(ctx, { values }) {
    const now = ctx.io.clock.now();
    const settle = stringOption(values, 'settle-time');
    const openBefore = settle ? parseSince(settle, now, NAME) : Number.POSITIVE_INFINITY;
    const runtime = runtimeFor(ctx, { progress: !ctx.globals.json });
    try {
      await runtime.credentials.walmart();
      await runtime.credentials.peoplesoft();
      const { config, marketplace, erp } = runtime;
      const read = await erp.inventoryBalances(undefined);
      const latest = new Map<string, InventoryBalance>();
      for (const b of read.rows) {
        const seen = latest.get(b.itemId);
        if (!seen || b.changedAt >= seen.changedAt) latest.set(b.itemId, b);
      }
      const skusOf = skusOfItem(config.matching.items);
      const wanted = [...latest.values()].flatMap((b) =>
        skusOf(b.itemId).map((sku) => ({
          sku,
          balance: b,
          expected: Math.max(0, b.qtyAvailable - config.inventory.safetyStock),
        })),
      );
      const disagreeing: SkuDisagreement[] = [];
      const notOnWalmart: string[] = [];
      let done = 0;
      for (let i = 0; i < wanted.length; i += PARALLEL_READS) {
        const slice = wanted.slice(i, i + PARALLEL_READS);
        const quantities = await Promise.all(slice.map((w) => marketplace.getInventory(w.sku)));
        slice.forEach((w, j) => {
          const q = quantities[j];
          if (q === undefined) notOnWalmart.push(w.sku);
          else if (q !== w.expected) {
            disagreeing.push({
              sku: w.sku,
              itemId: w.balance.itemId,
              walmart: q,
              qtyAvailable: w.balance.qtyAvailable,
              expected: w.expected,
              difference: q - w.expected,
            });
          }
        });
        done += slice.length;
        ctx.progress.update(`… compared ${done} of ${wanted.length} SKUs with Walmart`);
      }
      const open = (await runtime.store.audit.byStatus(['RECEIVED', 'MATCHED', 'POSTED', 'IN_DOUBT'])).filter(
        (r) => r.updatedAt < openBefore,
      );
      ctx.progress.done();
      const byStatus: Record<string, number> = {};
      for (const r of open) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      const totals = {
        skusChecked: wanted.length - notOnWalmart.length,
        skusDisagreeing: disagreeing.length,
        skusNotOnWalmart: notOnWalmart.length,
        openLines: open.length,
        openLinesByStatus: byStatus,
        unreadableBalanceRows: read.invalid.length,
      };
      const agree = disagreeing.length === 0 && open.length === 0;
      if (ctx.globals.json) {
        ctx.json({
          ok: agree,
          inventory: { disagreeing, notOnWalmart },
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
      if (read.invalid.length)
        ctx.print(`${read.invalid.length} PeopleSoft balance rows could not be read (see the log).`);
      if (disagreeing.length)
        ctx.print(
          'Quantities are set again by the next inventory cycle; one that keeps disagreeing needs a look (docs/operations.md).',
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
