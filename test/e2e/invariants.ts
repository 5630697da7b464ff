/**
 * The invariants every end-to-end fault test ends with (contract §2), checked against what PeopleSoft holds
 * (the sandbox's staging table) and what the connector recorded (its store file):
 * - I1: no reference staged twice (staged or loaded), and every staged reference known to its line;
 * - I2: receipts per PO schedule never above the schedule's open quantity at the start;
 * - I3: every polled line terminal, or in progress with a visible audit entry, queue item or dead letter.
 */
import { expect } from 'vitest';
import type { PeopleSoftSandbox } from '../../sandbox/peoplesoft/index.ts';
import type { World } from '../../sandbox/world.ts';
import {
  adjustmentReference,
  lineKey,
  type LineRecord,
  receiptReference,
  TERMINAL_STATUSES,
} from '../../shared/domain/index.ts';
import { readStore, type StoreView } from './support/store-view.ts';

export interface InvariantContext {
  /** The world both sandboxes were seeded from (open quantities at the start, the lines Walmart serves). */
  world: World;
  peoplesoft: PeopleSoftSandbox;
  storePath: string;
  /** Keys the connector has polled (default: every line of the world's orders). */
  polledKeys?: Iterable<string>;
}

export interface InvariantReport {
  violations: string[];
  view: StoreView;
}

const CLOSED = new Set(['C', 'X']);

/** `BU/PO_ID/LINE/SCHED` → open quantity at the start (closed schedules: 0). */
export function openAtStart(world: World): Map<string, number> {
  const open = new Map<string, number>();
  for (const s of world.schedules) {
    const ref = `${s.businessUnit}/${s.poId}/${s.lineNumber}/${s.schedNumber}`;
    open.set(ref, CLOSED.has(s.poStatus) ? 0 : Math.max(0, s.qtyPo - s.qtyReceived));
  }
  return open;
}

/** Every order line key of the world. */
export function worldKeys(world: World): string[] {
  return world.orders.flatMap((o) =>
    o.lines.map((l) => lineKey({ purchaseOrderId: o.purchaseOrderId, lineNumber: l.lineNumber })),
  );
}

/** Lists every invariant violation (empty when all hold). */
export async function findViolations(ctx: InvariantContext): Promise<InvariantReport> {
  const view = await readStore(ctx.storePath);
  const violations: string[] = [];
  const staged = ctx.peoplesoft.staged();

  // I1: one staging row per reference, whatever its status.
  for (const [reference, count] of Object.entries(ctx.peoplesoft.postCounts())) {
    if (count > 1) violations.push(`I1: ${reference} reached PeopleSoft ${count} times`);
  }
  // I1 (tracking): a reference in PeopleSoft that its line does not record could be posted again.
  for (const row of staged) {
    const key = keyOfReference(row.reference);
    const record = key ? view.records.get(key) : undefined;
    const write = writeOfReference(record, row.reference);
    if (!record)
      violations.push(`I1: ${row.reference} is in PeopleSoft but no order line ${key ?? '?'} is recorded`);
    else if (write?.reference !== row.reference) {
      violations.push(`I1: ${row.reference} is in PeopleSoft but line ${key} records no such ${row.kind}`);
    }
  }

  // I2: receipts against each schedule never exceed its open quantity at the start.
  violations.push(...scheduleViolations(ctx.world, ctx.peoplesoft));

  // I3: every polled line is accounted for.
  for (const key of ctx.polledKeys ?? worldKeys(ctx.world)) {
    const problem = unaccounted(key, view);
    if (problem) violations.push(`I3: ${problem}`);
  }
  return { violations, view };
}

/** I2 on the sandbox: receipts staged per schedule never exceed its open quantity at the start. */
export function scheduleViolations(world: World, peoplesoft: PeopleSoftSandbox): string[] {
  const violations: string[] = [];
  const open = openAtStart(world);
  const received = new Map<string, number>();
  for (const row of peoplesoft.staged()) {
    if (row.kind !== 'receipt') continue;
    const ref = `${row.poBusinessUnit}/${row.poId}/${row.lineNumber}/${row.schedNumber}`;
    received.set(ref, (received.get(ref) ?? 0) + row.quantity);
  }
  for (const [ref, qty] of received) {
    const limit = open.get(ref) ?? 0;
    if (qty > limit)
      violations.push(`I2: schedule ${ref} got receipts for ${qty}, open quantity was ${limit}`);
  }
  for (const s of peoplesoft.schedules()) {
    if (s.qtyReceived > s.qtyPo)
      violations.push(`I2: schedule ${s.poId}/${s.lineNumber}/${s.schedNumber} over-received`);
  }
  return violations;
}

function unaccounted(key: string, view: StoreView): string | undefined {
  const r = view.records.get(key);
  if (!r) return `order line ${key} was polled but is not in the audit trail`;
  if ((view.history.get(key) ?? []).length === 0) return `order line ${key} has no audit entry`;
  if (TERMINAL_STATUSES.has(r.status)) return undefined;
  if (view.queued.has(key) || view.deadLetters.has(key)) return undefined;
  // Past RECEIVED the line is picked up by the confirmation and replay sweeps through its write records.
  if (r.status !== 'RECEIVED' && (r.receipt || r.adjustment || r.reversal)) return undefined;
  return `order line ${key} is ${r.status} with no queue item, dead letter or pending write`;
}

/** The order line key a PeopleSoft reference belongs to (`WM-{po}-{line}`, `…-ADJ` or `…-ADJR`). */
export function keyOfReference(reference: string): string | undefined {
  const m = /^WM-(.+)-([^-]+)$/.exec(reference.replace(/-ADJR?$/, ''));
  return m ? `${m[1]}#${m[2]}` : undefined;
}

/** The write of a line that a PeopleSoft reference stands for: its receipt, adjustment or reversal. */
export function writeOfReference(
  record: Pick<LineRecord, 'receipt' | 'adjustment' | 'reversal'> | undefined,
  reference: string,
): LineRecord['receipt'] {
  if (reference.endsWith('-ADJR')) return record?.reversal;
  return reference.endsWith('-ADJ') ? record?.adjustment : record?.receipt;
}

/** Asserts every invariant; returns the store view for further checks. */
export async function expectInvariants(ctx: InvariantContext): Promise<StoreView> {
  const { violations, view } = await findViolations(ctx);
  expect(violations, violations.join('\n')).toEqual([]);
  return view;
}

/** Lines whose receipt is, per the sandbox, loaded exactly once with the right reference. */
export function loadedReceiptKeys(peoplesoft: PeopleSoftSandbox): Set<string> {
  const keys = new Set<string>();
  for (const row of peoplesoft.loaded()) {
    if (row.kind !== 'receipt') continue;
    const key = keyOfReference(row.reference);
    if (key) keys.add(key);
  }
  return keys;
}

/** The references a line writes into PeopleSoft. */
export function referencesOf(r: Pick<LineRecord, 'purchaseOrderId' | 'lineNumber'>): {
  receipt: string;
  adjustment: string;
} {
  return { receipt: receiptReference(r), adjustment: adjustmentReference(r) };
}
