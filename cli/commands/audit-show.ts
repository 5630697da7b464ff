import { type InventoryEntry, type LineRecord, toInventoryListItem } from '../../shared/domain/index.ts';
import type { AuditTrail } from '../../shared/ports.ts';
import { EXIT } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { withEmbeddedStore } from '../embedded-store.ts';
import { reasonGuide } from '../reason-guide.ts';
import { age } from '../terminal.ts';
import { STATUS_COLOUR } from './audit-list.ts';

/** `audit show ORDER_ID`: every line of one Walmart order with its full history. */
export const command: Command = {
  name: 'audit show',
  summary: 'one order’s lines and full history (every state change, with references)',
  description:
    'ORDER_ID is a Walmart purchase order id; an order line key (ORDER_ID#LINE) shows that line only.\nWith --json: {purchaseOrderId, lines: [...current records], history: [...entries, oldest first]}.',
  options: {},
  positionals: [
    { name: 'ORDER_ID', required: true, description: 'Walmart purchaseOrderId, or ORDER_ID#LINE' },
  ],
  examples: ['ml-connector audit show 1796277083022', 'ml-connector audit show "1796277083022#1" --json'],
  async run(ctx, { positionals }) {
    const arg = positionals[0]!.trim();
    const hash = arg.lastIndexOf('#');
    const orderId = hash > 0 ? arg.slice(0, hash) : arg;
    const onlyKey = hash > 0 ? arg : undefined;
    const { lines, history, pushes } = await withEmbeddedStore(ctx, async ({ audit }) => {
      const lines = (await audit.list({ purchaseOrderId: orderId })).filter(
        (l) => !onlyKey || l.key === onlyKey,
      );
      return {
        lines,
        history: (await audit.history(orderId)).filter((h) => !onlyKey || h.key === onlyKey),
        pushes: new Map(
          await Promise.all(lines.map(async (l) => [l.key, await nextPush(audit, l)] as const)),
        ),
      };
    });
    lines.sort(
      (a, b) => Number(a.lineNumber) - Number(b.lineNumber) || a.lineNumber.localeCompare(b.lineNumber),
    );
    if (ctx.globals.json) {
      ctx.json({
        purchaseOrderId: orderId,
        lines: lines.map((l) => {
          const push = pushes.get(l.key);
          return {
            ...l,
            createdAt: iso(l.createdAt),
            updatedAt: iso(l.updatedAt),
            inventoryAfterAdjustment: push ? toInventoryListItem(push) : null,
          };
        }),
        history: history.map((h) => ({ ...h, at: iso(h.at) })),
      });
      return lines.length === 0 ? EXIT.ATTENTION : EXIT.OK;
    }
    if (lines.length === 0) {
      ctx.print(`No order lines of ${onlyKey ?? `order ${orderId}`} are in the audit trail.`);
      ctx.print('It may not have been polled yet (`ml-connector sync`), or the id is mistyped.');
      return EXIT.ATTENTION;
    }
    const now = ctx.io.clock.now();
    const p = ctx.paint;
    ctx.print(p('bold', `Walmart order ${orderId}`));
    for (const l of lines) {
      ctx.print('');
      ctx.print(
        `${p('bold', `Line ${l.lineNumber}`)}  ${l.key}  SKU ${l.sku} × ${l.quantity} ${l.unit}  ` +
          `${p(STATUS_COLOUR[l.status] ?? 'bold', l.status)} (${age(l.updatedAt, now)} ago)`,
      );
      if (l.reason) ctx.print(`  Reason:  ${l.reason}${l.detail ? ` — ${l.detail}` : ''}`);
      const guide = reasonGuide(l.reason);
      if (guide && l.status === 'FLAGGED')
        ctx.print(`  To do:   ${guide.action.replace(/KEY/g, `"${l.key}"`)}`);
      if (l.poRef) ctx.print(`  PO:      ${l.poRef}${l.vendorId ? ` (vendor ${l.vendorId})` : ''}`);
      if (l.receipt) ctx.print(`  Receipt: ${writeLine(l.receipt)}`);
      if (l.adjustment) ctx.print(`  Adjust.: ${writeLine(l.adjustment)}`);
      const push = pushes.get(l.key);
      if (push)
        ctx.print(
          `  Walmart: ${push.outcome === 'SET' ? 'set' : `tried (${push.outcome})`} SKU ${push.sku} to ${push.quantity} ` +
            `at ${iso(push.at)} from QTY_AVAILABLE ${push.balance} of ${iso(push.balanceAt)}, the first push after this adjustment`,
        );
      else if (l.adjustment?.state === 'LOADED' || l.adjustment?.state === 'STAGED')
        ctx.print(
          `  Walmart: SKU ${l.sku} not pushed since this adjustment; the next inventory cycle pushes it`,
        );
      if (l.resolution) {
        const r = l.resolution;
        ctx.print(
          `  Decided: ${r.skip ? 'skip' : `PO ${r.poRef}`} by ${r.by} ${iso(r.at)}${r.note ? ` — "${r.note}"` : ''}`,
        );
      }
      ctx.print('  History:');
      for (const h of history.filter((x) => x.key === l.key)) {
        const move = h.from && h.from !== h.to ? `${h.from} → ${h.to}` : h.to;
        ctx.print(
          `    ${iso(h.at).replace('T', ' ').slice(0, 19)}  ${h.actor.padEnd(9)} ${move}${h.reason ? ` ${h.reason}` : ''}`,
        );
        if (h.detail) ctx.print(`      ${h.detail}`);
        if (h.data && Object.keys(h.data).length > 0) ctx.print(p('dim', `      ${JSON.stringify(h.data)}`));
      }
    }
    return EXIT.OK;
  },
};

/**
 * The first push of the line's SKU whose PeopleSoft balance was read after the adjustment's intent: the push
 * in which the adjustment's effect on stock reached Walmart (once PeopleSoft loaded it).
 */
async function nextPush(audit: AuditTrail, l: LineRecord): Promise<InventoryEntry | undefined> {
  const adjustedAt = l.adjustment?.intentAt;
  if (adjustedAt === undefined) return undefined;
  // DT_TIMESTAMP has whole seconds: a balance of the adjustment's own second may already include it.
  const fromSecond = Math.floor(adjustedAt / 1000) * 1000;
  let first: InventoryEntry | undefined;
  for await (const e of audit.inventoryEntries({ sku: l.sku, since: adjustedAt })) {
    if (e.balanceAt >= fromSecond) first = e;
  }
  return first;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function writeLine(w: NonNullable<LineRecord['receipt']>): string {
  const parts = [w.reference, w.state];
  if (w.transactionId) parts.push(`transaction ${w.transactionId}`);
  if (w.receiverId) parts.push(`receiver ${w.receiverId}`);
  if (w.attempts > 1) parts.push(`${w.attempts} attempts`);
  if (w.error) parts.push(`error: ${w.error.message}`);
  return parts.join(', ');
}
