import type { LineRecord } from '../domain/audit-record.ts';
import { resolveItemId } from '../domain/item-mapping.ts';
import type { LineStatus } from '../domain/line-state.ts';
import type { ScheduleIndex } from '../domain/schedule-index.ts';
import { mayExistInErp } from '../domain/write-progress.ts';
import { readBatchSnapshot } from './batch-snapshot.ts';
import { changeLine } from './change-line.ts';
import {
  decideAdjustmentOnly,
  decideReceivedLine,
  decideReversal,
  interruptedPostChange,
  type LineDecision,
} from './decide-line.ts';
import { type EngineDeps, leaseTtlFor, newOwner } from './engine-deps.ts';
import { type PlannedPost, postPlanned } from './post-writes.ts';

export type MatchDeps = Pick<
  EngineDeps,
  'erp' | 'audit' | 'checkpoints' | 'clock' | 'config' | 'log' | 'tuning' | 'owner'
>;

/** Per-key outcome: `ok` keys are done with (delete the message); `failed` keys are retried or dead-lettered. */
export interface KeyResult {
  key: string;
  ok: boolean;
  status?: LineStatus;
  error?: string;
  /** Not worked because another worker holds the line's item: put it back, it did not fail. */
  busy?: true;
}

/** The lines a batch matched, flagged and skipped, and the writes it posted, counted. */
export const MATCH_TALLY_KEYS = [
  'matched',
  'flagged',
  'skipped',
  'receiptsPosted',
  'adjustmentsPosted',
  'inDoubt',
] as const;

export type MatchTally = Record<(typeof MATCH_TALLY_KEYS)[number], number>;

/** A tally with every count at zero. */
export function emptyMatchTally(): MatchTally {
  return { matched: 0, flagged: 0, skipped: 0, receiptsPosted: 0, adjustmentsPosted: 0, inDoubt: 0 };
}

export interface MatchAndPostResult extends MatchTally {
  results: KeyResult[];
  /** A read every decision depended on failed: the stage failed, not single lines. */
  batchError?: string;
}

/** Lease name serializing the work on one PeopleSoft item. */
export const itemLease = (itemId: string): string => `item:${itemId}`;

/**
 * Matches and posts a batch of order lines, exactly once per line (I1) and never over an open quantity (I2):
 * 1. groups keys by item and takes each item's lease (a group held elsewhere is reported busy, to wait);
 * 2. under the leases, turns any write left in INTENT into IN_DOUBT (never re-posted here);
 * 3. reads reservations, receipt status and open schedules once for the batch (readBatchSnapshot);
 * 4. records each decision with its intents BEFORE posting (MATCHED / FLAGGED / SKIPPED);
 * 5. posts receipts and adjustments in batched calls and records every answer; releases the leases.
 */
export async function matchAndPost(deps: MatchDeps, keys: readonly string[]): Promise<MatchAndPostResult> {
  const owner = newOwner(deps, 'match');
  const unique = [...new Set(keys)];
  const out: MatchAndPostResult = { results: [], ...emptyMatchTally() };
  const failed = new Map<string, string>();
  const busy = new Set<string>();
  const statuses = new Map<string, LineStatus>();

  const groups = new Map<string, string[]>();
  for (const key of unique) {
    try {
      const r = await deps.audit.get(key);
      if (!r) {
        failed.set(key, `order line ${key} is not in the audit trail`);
        continue;
      }
      const item = r.itemId ?? resolveItemId(r.sku, deps.config.matching.items);
      groups.set(item, [...(groups.get(item) ?? []), key]);
    } catch (e) {
      failed.set(key, (e as Error).message);
    }
  }

  const perMessage = deps.config.peoplesoft.transactionsPerMessage;
  const ttl = leaseTtlFor(deps, 3 + 2 * Math.ceil(unique.length / perMessage));
  const held = new Map<string, string[]>();
  try {
    for (const [item, ks] of groups) {
      const got = await deps.checkpoints.acquireLease(itemLease(item), owner, ttl).catch((e: Error) => e);
      if (got === true) held.set(item, ks);
      else {
        const why =
          got instanceof Error
            ? `the lease on item ${item} could not be taken: ${got.message}`
            : `item ${item} is being worked by another worker; retried later`;
        for (const k of ks) failed.set(k, why);
        if (got === false) for (const k of ks) busy.add(k);
      }
    }

    const records: LineRecord[] = [];
    for (const ks of held.values()) {
      for (const key of ks) {
        try {
          const { record } = await changeLine(deps, key, interruptedPostChange);
          records.push(record);
          statuses.set(key, record.status);
        } catch (e) {
          failed.set(key, (e as Error).message);
        }
      }
    }

    const plans: PlannedPost[] = [];
    const toDecide = records.filter((r) => r.status === 'RECEIVED');
    let index: ScheduleIndex | undefined;
    if (toDecide.length > 0) {
      try {
        index = (await readBatchSnapshot(deps, { withVendors: true })).index;
      } catch (e) {
        out.batchError = `reading PeopleSoft for matching failed: ${(e as Error).message}`;
        for (const r of toDecide) failed.set(r.key, out.batchError);
      }
    }

    // Renew right before recording intents, so no other worker can read this item's reservations stale.
    for (const [item, ks] of held) {
      if (await deps.checkpoints.acquireLease(itemLease(item), owner, ttl).catch(() => false)) continue;
      held.delete(item);
      for (const k of ks) failed.set(k, `the lease on item ${item} was lost; retried later`);
    }
    const live = (r: LineRecord) =>
      held.has(r.itemId ?? resolveItemId(r.sku, deps.config.matching.items)) && !failed.has(r.key);

    if (index) {
      const ordered = toDecide
        .filter(live)
        .sort((a, b) => a.orderDate - b.orderDate || a.key.localeCompare(b.key));
      for (const r of ordered) {
        const plan = await decideAndRecord(deps, r, index, failed);
        if (!plan) continue;
        statuses.set(r.key, plan.record.status);
        out[plan.outcome === 'matched' ? 'matched' : plan.outcome === 'flagged' ? 'flagged' : 'skipped'] += 1;
        if (plan.receipt || plan.adjustment) plans.push(plan);
      }
    }
    for (const r of records.filter((x) => x.status !== 'RECEIVED' && live(x))) {
      try {
        let decision: LineDecision | undefined;
        const { record, change } = await changeLine(deps, r, (cur) => {
          const now = deps.clock.now();
          decision = decideAdjustmentOnly(cur, deps.config, now) ?? decideReversal(cur, deps.config, now);
          return decision?.change;
        });
        statuses.set(r.key, record.status);
        if (change && decision?.adjustment) plans.push({ record, adjustment: decision.adjustment });
        if (change && decision?.reversal) plans.push({ record, reversal: decision.reversal });
      } catch (e) {
        failed.set(r.key, (e as Error).message);
      }
    }

    const tally = await postPlanned(deps, plans);
    out.receiptsPosted = tally.receiptsStaged;
    out.adjustmentsPosted = tally.adjustmentsStaged + tally.reversalsStaged;
    out.flagged += tally.receiptsRejected;
    out.inDoubt = tally.inDoubt;
    for (const [k, s] of tally.statuses) statuses.set(k, s);
    for (const [k, m] of tally.failed) failed.set(k, m);
  } finally {
    for (const item of held.keys()) {
      await deps.checkpoints
        .releaseLease(itemLease(item), owner)
        .catch((e: Error) =>
          deps.log.warn('lease not released; it expires on its own', { item, error: e.message }),
        );
    }
  }

  out.results = unique.map((key) =>
    failed.has(key)
      ? { key, ok: false, error: failed.get(key), ...(busy.has(key) ? { busy: true as const } : {}) }
      : { key, ok: true, status: statuses.get(key) },
  );
  deps.log.info('match and post done', { ...out, results: undefined, failed: failed.size });
  return out;
}

/** Decides one RECEIVED line and stores the decision; re-decides on a lost race, giving back what it took. */
async function decideAndRecord(
  deps: MatchDeps,
  r: LineRecord,
  index: ScheduleIndex,
  failed: Map<string, string>,
): Promise<(PlannedPost & { outcome: LineDecision['outcome'] }) | undefined> {
  let decision: LineDecision | undefined;
  const giveBack = () => {
    if (decision?.take) index.giveBack(decision.take.ref, decision.take.quantity);
    decision = undefined;
  };
  try {
    const { record, change } = await changeLine(deps, r, (cur) => {
      giveBack();
      if (cur.status !== 'RECEIVED') return undefined;
      // A receipt that is, or may be, in PeopleSoft is never decided again (I1).
      if (mayExistInErp(cur.receipt))
        throw new Error(
          `line ${cur.key} is RECEIVED but its receipt ${cur.receipt!.reference} is ${cur.receipt!.state}`,
        );
      decision = decideReceivedLine(cur, index, deps.config, deps.clock.now());
      if (decision.take) index.take(decision.take.ref, decision.take.quantity);
      return decision.change;
    });
    if (!change || !decision) return undefined;
    return { record, receipt: decision.receipt, adjustment: decision.adjustment, outcome: decision.outcome };
  } catch (e) {
    giveBack();
    failed.set(r.key, (e as Error).message);
    return undefined;
  }
}
