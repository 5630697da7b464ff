/**
 * How a cycle's outcome is told to a person: the summary table of `sync`, the lines it flagged with their
 * sentences, what a dry run would have written, and failed stages with where to look.
 */
import type { LineRecord } from '../shared/domain/index.ts';
import type { ErrorFault } from '../shared/errors.ts';
import type { StageError, SyncSummary } from '../shared/usecases/index.ts';
import type { IntendedWrites } from './dry-run.ts';
import type { Paint } from './terminal.ts';

/** The summary of one cycle, a few aligned lines. */
export function summaryLines(s: SyncSummary, paint: Paint, dryRun = false): string[] {
  const row = (label: string, text: string) => `  ${label.padEnd(12)}${text}`;
  // A dry run posts nothing: its counts are what a real cycle would do.
  const posted = dryRun ? 'would be posted' : 'posted';
  return [
    row('Orders', `${s.orders.polled} polled, ${s.orders.lines} order lines`),
    row(
      'Receipts',
      dryRun
        ? `${s.receipts.posted} would be posted`
        : `${s.receipts.posted} posted, ${s.receipts.confirmed} confirmed as loaded by PeopleSoft`,
    ),
    row('Adjustments', `${s.adjustments.posted} ${posted}`),
    row('Flagged', s.flagged ? paint('red', `${s.flagged} ${dryRun ? 'would need' : 'need'} review`) : '0'),
    row('Skipped', `${s.skipped}`),
    row(
      'Inventory',
      `${s.inventory.pushed} SKUs ${dryRun ? 'would be pushed' : 'pushed'} to Walmart${s.inventory.failed ? paint('red', `, ${s.inventory.failed} failed`) : ''}`,
    ),
    row('API calls', `Walmart ${s.apiCalls.walmart}, PeopleSoft ${s.apiCalls.peoplesoft}`),
  ];
}

/** Flagged lines with their reason and the clerk sentence. */
export function flaggedLines(records: LineRecord[], paint: Paint, max = 20): string[] {
  const out = records
    .slice(0, max)
    .map((r) => `  ${paint('red', r.reason ?? 'FLAGGED')} ${r.key} (SKU ${r.sku}): ${r.detail ?? ''}`);
  if (records.length > max)
    out.push(`  … and ${records.length - max} more: ml-connector audit list --status FLAGGED`);
  return out;
}

/** What a dry run would have sent. */
export function intendedLines(w: IntendedWrites): string[] {
  const out: string[] = [];
  const more = (n: number, max: number) => (n > max ? [`    … and ${n - max} more`] : []);
  out.push(`  ${w.receipts.length} receipt${w.receipts.length === 1 ? '' : 's'} to PeopleSoft`);
  for (const r of w.receipts.slice(0, 20)) {
    out.push(
      `    ${r.reference}: ${r.quantity} ${r.unitOfMeasure} against ${r.businessUnit}/${r.poId}/${r.lineNumber}/${r.schedNumber} (vendor ${r.vendorId})`,
    );
  }
  out.push(...more(w.receipts.length, 20));
  out.push(
    `  ${w.adjustments.length} inventory adjustment${w.adjustments.length === 1 ? '' : 's'} to PeopleSoft`,
  );
  for (const a of w.adjustments.slice(0, 20))
    out.push(`    ${a.reference}: item ${a.itemId} ${a.quantity} ${a.unitOfMeasure}`);
  out.push(...more(w.adjustments.length, 20));
  if (w.acknowledgements.length)
    out.push(
      `  ${w.acknowledgements.length} Walmart order acknowledgement(s): ${w.acknowledgements.join(', ')}`,
    );
  out.push(`  ${w.inventory.length} Walmart inventory update${w.inventory.length === 1 ? '' : 's'}`);
  for (const i of w.inventory.slice(0, 20)) out.push(`    SKU ${i.sku} → ${i.quantity}`);
  out.push(...more(w.inventory.length, 20));
  return out;
}

/** Config key to check for a failure of a system named in the message. */
function keyFor(message: string): string | undefined {
  if (/walmart/i.test(message)) return 'walmart.baseUrl';
  if (/HttpListeningConnector/i.test(message)) return 'peoplesoft.httpListenerUrl';
  if (/token/i.test(message) && /peoplesoft/i.test(message)) return 'peoplesoft.auth.tokenUrl';
  if (/peoplesoft|ExecuteQuery|query/i.test(message)) return 'peoplesoft.restBaseUrl';
  return undefined;
}

/**
 * What to do about a failure, from its typed fault (an error of ours) or, for an error from elsewhere, the
 * words of its message; undefined when there is nothing useful to say.
 */
export function failureHint(e: { fault?: ErrorFault | undefined; message: string }): string | undefined {
  if (e.fault === 'unreachable' || /no answer|ECONNREFUSED|ENOTFOUND|timed out/i.test(e.message)) {
    return `check that ${keyFor(e.message) ?? 'the system'} is right and reachable from this machine (\`ml-connector ping\` checks each step)`;
  }
  if (e.fault === 'credentials') return 'the credentials were refused; check them with `ml-connector ping`';
  return undefined;
}

/** Failed stages, each with where to look. */
export function stageErrorLines(errors: StageError[], paint: Paint): string[] {
  const out: string[] = [];
  for (const e of errors) {
    out.push(`  ${paint('red', `✘ ${e.stage}`)}: ${e.message}`);
    const hint = failureHint(e);
    if (hint) out.push(`    fix: ${hint}`);
  }
  out.push('  What was done before the failure is kept; the next run continues from there.');
  return out;
}
