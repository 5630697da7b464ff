import { type InventoryEntry, type InventoryFilter, toInventoryListItem } from '../../shared/domain/index.ts';
import { EXIT } from '../cli-errors.ts';
import { parseSince, parseWholeNumber, stringOption } from '../cli-values.ts';
import type { Command } from '../command.ts';
import { withEmbeddedStore } from '../embedded-store.ts';
import { type Colour, age, table } from '../terminal.ts';

const NAME = 'audit inventory';
/** Entries the table shows unless --limit says otherwise; --json lists every entry. */
const TABLE_LIMIT = 500;

const OUTCOME_COLOUR: Record<string, Colour> = {
  SET: 'green',
  DATA_ERROR: 'red',
  FAILED: 'red',
  RETRYING: 'yellow',
};

async function* projected(entries: AsyncIterable<InventoryEntry>) {
  for await (const e of entries) yield toInventoryListItem(e);
}

/** `audit inventory`: every Walmart quantity set or tried, with the PeopleSoft balance it came from. */
export const command: Command = {
  name: NAME,
  summary: 'the inventory changes: each Walmart quantity set, from which balance, how, and the outcome',
  description: [
    'Newest first. One entry per SKU each time a quantity was sent to Walmart (inventory cycle, reconcile --push,',
    'replay --inventory): the PeopleSoft QTY_AVAILABLE and DT_TIMESTAMP it came from, the quantity sent, PUT or',
    'feed (with the feed id), and the outcome (SET, DATA_ERROR with Walmart’s detail, RETRYING, FAILED).',
    'With --json: an array of {sku, itemId, quantity, balance, balanceAt, via, feedId, outcome, detail, at}',
    'holding every matching entry (streamed) unless --limit is given; the table shows the first 500.',
  ].join('\n'),
  options: {
    sku: { type: 'string', placeholder: 'SKU', description: 'only this Walmart SKU' },
    since: {
      type: 'string',
      placeholder: 'DATE',
      description: 'at or after DATE (YYYY-MM-DD, ISO, or 12h / 7d ago)',
    },
    limit: {
      type: 'string',
      placeholder: 'N',
      description: 'at most N entries (default: every entry with --json, 500 in the table)',
    },
  },
  positionals: [],
  examples: ['ml-connector audit inventory --sku GLV-100', 'ml-connector audit inventory --since 1d --json'],
  async run(ctx, { values }) {
    const now = ctx.io.clock.now();
    const filter: InventoryFilter = {};
    const sku = stringOption(values, 'sku');
    const since = stringOption(values, 'since');
    const limit = stringOption(values, 'limit');
    if (sku) filter.sku = sku;
    if (since) filter.since = parseSince(since, now, NAME);
    if (limit) filter.limit = parseWholeNumber(limit, '--limit', 1, NAME);
    if (ctx.globals.json) {
      await withEmbeddedStore(ctx, ({ audit }) => ctx.jsonArray(projected(audit.inventoryEntries(filter))));
      return EXIT.OK;
    }
    filter.limit ??= TABLE_LIMIT;
    const entries = await withEmbeddedStore(ctx, async ({ audit }) => {
      const out: InventoryEntry[] = [];
      for await (const e of audit.inventoryEntries(filter)) out.push(e);
      return out;
    });
    if (entries.length === 0) {
      ctx.print(
        sku ? `No inventory changes of SKU ${sku} are on the record.` : 'No inventory changes match.',
      );
      return EXIT.OK;
    }
    const p = ctx.paint;
    ctx.print(
      table(
        ['SKU', 'ITEM', 'SENT', 'QTY_AVAILABLE', 'BALANCE AT', 'VIA', 'OUTCOME', 'AGE', 'DETAIL'],
        entries.map((e) => [
          e.sku,
          e.itemId,
          String(e.quantity),
          String(e.balance),
          new Date(e.balanceAt).toISOString().replace('T', ' ').slice(0, 19),
          e.feedId ? `feed ${e.feedId}` : e.via,
          p(OUTCOME_COLOUR[e.outcome] ?? 'bold', e.outcome),
          age(e.at, now),
          e.detail ?? '-',
        ]),
        p,
      ),
    );
    ctx.print(`\n${entries.length} inventory change${entries.length === 1 ? '' : 's'}.`);
    if (entries.length === filter.limit)
      ctx.print(
        `Showing the newest ${filter.limit}; use --limit N, --sku, --since, or --json for every entry.`,
      );
    return EXIT.OK;
  },
};
