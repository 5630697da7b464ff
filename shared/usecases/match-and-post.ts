import {
  decideAdjustmentOnly,
  decideReceivedLine,
  decideReversal,
  interruptedPostChange,
  type LineDecision,
  type LineRecord,
  mayExistInErp,
  resolveItemId,
  type ScheduleIndex,
} from '../domain/index.ts';
import { type CycleReads, readBatchSnapshot } from './batch-snapshot.ts';
import { changeLine } from './change-line.ts';
import { type EngineDeps, leaseTtlFor, newOwner, together } from './engine-deps.ts';
import { type HeldItems, releaseItemLeases, renewItemLeases, takeItemLeases } from './item-leases.ts';
import { KeyOutcomes, type KeyResult } from './key-outcomes.ts';
import { type PlannedPost, type PostTally, postPlanned } from './post-writes.ts';

export { itemLease } from './item-leases.ts';
export type { KeyResult } from './key-outcomes.ts';

export type MatchDeps = Pick<
  EngineDeps,
  | 'erp'
  | 'audit'
  | 'checkpoints'
  | 'clock'
  | 'config'
  | 'log'
  | 'tuning'
  | 'owner'
  | 'unitOfWork'
  | 'crashPoint'
>;

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

interface MatchAndPostResult extends MatchTally {
  results: KeyResult[];
  /** A read every decision depended on failed: the stage failed, not single lines. */
  batchError?: string;
}

/**
 * Matches and posts a batch of order lines, exactly once per line (I1, docs/guarantees.md) and never over an
 * open quantity (I2), in named steps:
 * 1. groups keys by item and takes each item's lease (a group held elsewhere is reported busy, to wait);
 * 2. under the leases, turns any write left in INTENT into IN_DOUBT (never re-posted here);
 * 3. reads reservations, receipt status and open schedules once for the batch (readBatchSnapshot);
 * 4. renews the leases, then records each decision with its intents BEFORE posting;
 * 5. posts receipts and adjustments in batched calls and records every answer; releases the leases.
 * The store writes of steps 1, 2, 4, 5 and the release are each one unit of work: a few commits per batch.
 */
export async function matchAndPost(
  deps: MatchDeps,
  keys: readonly string[],
  opts: { reads?: CycleReads } = {},
): Promise<MatchAndPostResult> {
  const owner = newOwner(deps, 'match');
  const unique = [...new Set(keys)];
  const outcomes = new KeyOutcomes();
  const tally = emptyMatchTally();
  let batchError: string | undefined;

  const groups = await groupByItem(deps, unique, outcomes);
  const ttl = leaseTtlFor(
    deps,
    3 + 2 * Math.ceil(unique.length / deps.config.peoplesoft.transactionsPerMessage),
  );
  const held = await together(deps, () => takeItemLeases(deps.checkpoints, groups, owner, ttl, outcomes));
  try {
    const records = await together(deps, () => settleInterruptedPosts(deps, held, outcomes));
    const toDecide = records.filter((r) => r.status === 'RECEIVED');
    const snapshot = toDecide.length > 0 ? await readIndex(deps, opts.reads, [...held.keys()]) : undefined;
    if (snapshot?.error) {
      batchError = snapshot.error;
      for (const r of toDecide) outcomes.fail(r.key, batchError);
    }
    const plans = await together(deps, async () => {
      await renewItemLeases(deps.checkpoints, held, owner, ttl, outcomes);
      const live = (r: LineRecord) => held.has(itemOfRecord(deps, r)) && !outcomes.hasFailed(r.key);
      return [
        ...(snapshot?.index
          ? await recordDecisions(deps, toDecide.filter(live), snapshot.index, outcomes, tally)
          : []),
        ...(await recordFollowUps(
          deps,
          records.filter((r) => r.status !== 'RECEIVED' && live(r)),
          outcomes,
        )),
      ];
    });
    if (plans.length > 0) deps.crashPoint?.('intents-committed');
    addPostTally(tally, await postPlanned(deps, plans), outcomes);
  } finally {
    await together(deps, () => releaseItemLeases(deps, held, owner));
  }

  const out: MatchAndPostResult = {
    ...tally,
    results: outcomes.results(unique),
    ...(batchError ? { batchError } : {}),
  };
  deps.log.info('match and post done', { ...out, results: undefined, failed: outcomes.failedCount });
  return out;
}

const itemOfRecord = (deps: MatchDeps, r: LineRecord): string =>
  r.itemId ?? resolveItemId(r.sku, deps.config.matching.items);

/** Step 1: the keys of each PeopleSoft item; a key the audit trail does not know fails. */
async function groupByItem(
  deps: MatchDeps,
  keys: readonly string[],
  outcomes: KeyOutcomes,
): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    try {
      const r = await deps.audit.get(key);
      if (!r) {
        outcomes.fail(key, `order line ${key} is not in the audit trail`);
        continue;
      }
      const item = itemOfRecord(deps, r);
      groups.set(item, [...(groups.get(item) ?? []), key]);
    } catch (e) {
      outcomes.fail(key, (e as Error).message);
    }
  }
  return groups;
}

/** Step 2: the held lines as they are now, a write its last holder left in INTENT turned IN_DOUBT. */
async function settleInterruptedPosts(
  deps: MatchDeps,
  held: HeldItems,
  outcomes: KeyOutcomes,
): Promise<LineRecord[]> {
  const records: LineRecord[] = [];
  for (const keys of held.values()) {
    for (const key of keys) {
      try {
        const { record } = await changeLine(deps, key, interruptedPostChange);
        records.push(record);
        outcomes.reached(key, record.status);
      } catch (e) {
        outcomes.fail(key, (e as Error).message);
      }
    }
  }
  return records;
}

/** Step 3: the open schedules less what is reserved and staged, read once for the batch (or the cycle). */
async function readIndex(
  deps: MatchDeps,
  reads: CycleReads | undefined,
  items: readonly string[],
): Promise<{ index?: ScheduleIndex; error?: string }> {
  try {
    // Only the held items' reservations: no other worker can add to them, and no line here takes from others.
    return { index: (await readBatchSnapshot(deps, { withVendors: true, reads, items })).index };
  } catch (e) {
    return { error: `reading PeopleSoft for matching failed: ${(e as Error).message}` };
  }
}

/** Step 4a: each RECEIVED line decided in order date order and recorded with its intents. */
async function recordDecisions(
  deps: MatchDeps,
  lines: LineRecord[],
  index: ScheduleIndex,
  outcomes: KeyOutcomes,
  tally: MatchTally,
): Promise<PlannedPost[]> {
  const plans: PlannedPost[] = [];
  const ordered = [...lines].sort((a, b) => a.orderDate - b.orderDate || a.key.localeCompare(b.key));
  for (const r of ordered) {
    const plan = await decideAndRecord(deps, r, index, outcomes);
    if (!plan) continue;
    outcomes.reached(r.key, plan.record.status);
    tally[plan.outcome === 'matched' ? 'matched' : plan.outcome === 'flagged' ? 'flagged' : 'skipped'] += 1;
    if (plan.receipt || plan.adjustment) plans.push(plan);
  }
  return plans;
}

/** Step 4b: lines past matching that still owe an adjustment or its reversal, recorded with the intent. */
async function recordFollowUps(
  deps: MatchDeps,
  lines: LineRecord[],
  outcomes: KeyOutcomes,
): Promise<PlannedPost[]> {
  const plans: PlannedPost[] = [];
  for (const r of lines) {
    try {
      let decision: LineDecision | undefined;
      const { record, change } = await changeLine(deps, r, (cur) => {
        const now = deps.clock.now();
        decision = decideAdjustmentOnly(cur, deps.config, now) ?? decideReversal(cur, deps.config, now);
        return decision?.change;
      });
      outcomes.reached(r.key, record.status);
      if (change && decision?.adjustment) plans.push({ record, adjustment: decision.adjustment });
      if (change && decision?.reversal) plans.push({ record, reversal: decision.reversal });
    } catch (e) {
      outcomes.fail(r.key, (e as Error).message);
    }
  }
  return plans;
}

/** Step 5's count: what the posts staged, rejected and left in doubt. */
function addPostTally(tally: MatchTally, posted: PostTally, outcomes: KeyOutcomes): void {
  tally.receiptsPosted = posted.receiptsStaged;
  tally.adjustmentsPosted = posted.adjustmentsStaged + posted.reversalsStaged;
  tally.flagged += posted.receiptsRejected;
  tally.inDoubt = posted.inDoubt;
  for (const [k, s] of posted.statuses) outcomes.reached(k, s);
  for (const [k, m] of posted.failed) outcomes.fail(k, m);
}

/** Decides one RECEIVED line and stores the decision; re-decides on a lost race, giving back what it took. */
async function decideAndRecord(
  deps: MatchDeps,
  r: LineRecord,
  index: ScheduleIndex,
  outcomes: KeyOutcomes,
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
    outcomes.fail(r.key, (e as Error).message);
    return undefined;
  }
}
