import { type LineRecord, toAuditListItem } from '../../shared/domain/index.ts';
import type { AuditFilter } from '../../shared/ports.ts';
import { EXIT } from '../cli-errors.ts';
import { parseReason, parseSince, parseStatus, parseWholeNumber, stringOption } from '../cli-values.ts';
import type { Command } from '../command.ts';
import { withEmbeddedStore } from '../embedded-store.ts';
import { type Colour, age, table } from '../terminal.ts';

const NAME = 'audit list';
/** Lines the table shows unless --limit says otherwise; --json lists every line. */
const TABLE_LIMIT = 500;

async function* projected(records: AsyncIterable<LineRecord>) {
  for await (const r of records) yield toAuditListItem(r);
}

/** Colour of each status in the table. */
export const STATUS_COLOUR: Record<string, Colour> = {
  RECEIPTED: 'green',
  FLAGGED: 'red',
  IN_DOUBT: 'yellow',
  POSTED: 'cyan',
  MATCHED: 'cyan',
  RECEIVED: 'cyan',
  SKIPPED: 'dim',
};

/** `audit list`: the current state of order lines, filtered; a table on a terminal, the documented array with --json. */
export const command: Command = {
  name: NAME,
  summary: 'list order lines with their status, reason, PO and age',
  description:
    'Most recently updated first. With --json: an array of {purchaseOrderId, lineNumber, sku, status, reason, detail, poRef, updatedAt} holding every matching line (streamed) unless --limit is given; the table shows the first 500 and says so.',
  options: {
    status: {
      type: 'string',
      placeholder: 'S',
      description: 'only this status (FLAGGED, IN_DOUBT, POSTED, RECEIPTED, …)',
    },
    reason: {
      type: 'string',
      placeholder: 'R',
      description: 'only this reason code (AMBIGUOUS_PO, NO_SUPPLIER, …)',
    },
    order: { type: 'string', placeholder: 'ID', description: 'only lines of this Walmart purchase order' },
    sku: { type: 'string', placeholder: 'SKU', description: 'only lines of this SKU' },
    since: {
      type: 'string',
      placeholder: 'DATE',
      description: 'updated at or after DATE (YYYY-MM-DD, ISO, or 12h / 7d ago)',
    },
    limit: {
      type: 'string',
      placeholder: 'N',
      description: 'at most N lines (default: every line with --json, 500 in the table)',
    },
    'fail-if-any': { type: 'boolean', description: 'exit 1 when any line matches (for monitoring scripts)' },
  },
  positionals: [],
  examples: [
    'ml-connector audit list --status FLAGGED',
    'ml-connector audit list --reason AMBIGUOUS_PO --since 7d',
    'ml-connector audit list --status FLAGGED --json --fail-if-any',
  ],
  async run(ctx, { values }) {
    const now = ctx.io.clock.now();
    const filter: AuditFilter = {};
    const status = stringOption(values, 'status');
    const reason = stringOption(values, 'reason');
    const since = stringOption(values, 'since');
    const limit = stringOption(values, 'limit');
    if (status) filter.status = parseStatus(status, NAME);
    if (reason) filter.reason = parseReason(reason, NAME);
    if (since) filter.updatedSince = parseSince(since, now, NAME);
    if (limit) filter.limit = parseWholeNumber(limit, '--limit', 1, NAME);
    const order = stringOption(values, 'order');
    const sku = stringOption(values, 'sku');
    if (order) filter.purchaseOrderId = order;
    if (sku) filter.sku = sku;

    const failIfAny = values['fail-if-any'] === true;
    if (ctx.globals.json) {
      const listed = await withEmbeddedStore(ctx, ({ audit }) =>
        ctx.jsonArray(projected(audit.listEach(filter))),
      );
      return listed > 0 && failIfAny ? EXIT.ATTENTION : EXIT.OK;
    }
    filter.limit ??= TABLE_LIMIT;
    const records = await withEmbeddedStore(ctx, ({ audit }) => audit.list(filter));
    const found = records.length > 0 && failIfAny ? EXIT.ATTENTION : EXIT.OK;
    if (records.length === 0) {
      ctx.print('No order lines match.');
      return found;
    }
    const p = ctx.paint;
    ctx.print(
      table(
        ['ORDER LINE', 'SKU', 'STATUS', 'AGE', 'PO', 'REASON'],
        records.map((r) => [
          r.key,
          r.sku,
          p(STATUS_COLOUR[r.status] ?? 'bold', r.status),
          age(r.updatedAt, now),
          r.poRef ?? '-',
          [r.reason, r.detail].filter(Boolean).join(': ') || '-',
        ]),
        p,
      ),
    );
    const counts = new Map<string, number>();
    for (const r of records) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    const summary = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
    ctx.print(`\n${records.length} line${records.length === 1 ? '' : 's'} (${summary}).`);
    if (records.length === filter.limit)
      ctx.print(
        `Showing the first ${filter.limit} (most recently updated); use --limit N, a filter, or --json for every line.`,
      );
    if (counts.get('FLAGGED')) {
      ctx.print(
        'Flagged lines need a decision: `ml-connector audit show ORDER_ID`, then `resolve` or `replay` (docs/operations.md).',
      );
    }
    return found;
  },
};
