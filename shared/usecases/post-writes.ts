import {
  type AdjustmentRequest,
  applyPostOutcomes,
  type LineRecord,
  type LineStatus,
  type PostOutcome,
  type ReceiptRequest,
  redactSecrets,
} from '../domain/index.ts';
import { changeLine } from './change-line.ts';
import { type EngineDeps, together } from './engine-deps.ts';

/** A line whose intents are recorded, with what to post for it. */
export interface PlannedPost {
  record: LineRecord;
  receipt?: ReceiptRequest;
  adjustment?: AdjustmentRequest;
  /** The `+qty` reversal of the line's adjustment (a late cancellation). */
  reversal?: AdjustmentRequest;
}

export interface PostTally {
  receiptsStaged: number;
  adjustmentsStaged: number;
  receiptsRejected: number;
  adjustmentsRejected: number;
  reversalsStaged: number;
  inDoubt: number;
  /** Keys whose answer could not be recorded (their writes stay INTENT and become IN_DOUBT later). */
  failed: Map<string, string>;
  statuses: Map<string, LineStatus>;
}

/**
 * Posts in as few calls as PeopleSoft allows, with one outcome per request. A call that throws may still
 * have reached PeopleSoft, so every request in it is in doubt — never retried blindly.
 */
async function postAll<T>(requests: T[], post: (r: T[]) => Promise<PostOutcome[]>): Promise<PostOutcome[]> {
  if (requests.length === 0) return [];
  try {
    const outcomes = await post(requests);
    return requests.map(
      (_, i) => outcomes[i] ?? { kind: 'in-doubt', message: 'PeopleSoft returned no outcome for it' },
    );
  } catch (e) {
    const message = redactSecrets(`the PeopleSoft call failed: ${(e as Error).message}`);
    return requests.map(() => ({ kind: 'in-doubt', message }));
  }
}

/**
 * Posts the receipts, then the adjustments, of lines whose intents are stored, and records every answer in
 * one unit of work (a crash before it commits leaves the writes in INTENT: settled by status, never re-posted).
 */
export async function postPlanned(
  deps: Pick<EngineDeps, 'erp' | 'audit' | 'clock' | 'log' | 'unitOfWork' | 'crashPoint'>,
  plans: PlannedPost[],
): Promise<PostTally> {
  const tally: PostTally = {
    receiptsStaged: 0,
    adjustmentsStaged: 0,
    receiptsRejected: 0,
    adjustmentsRejected: 0,
    reversalsStaged: 0,
    inDoubt: 0,
    failed: new Map(),
    statuses: new Map(),
  };
  const withReceipt = plans.filter((p) => p.receipt);
  const withAdjustment = plans.filter((p) => p.adjustment);
  const withReversal = plans.filter((p) => p.reversal);
  const receiptOutcomes = await postAll(
    withReceipt.map((p) => p.receipt!),
    (r) => deps.erp.postReceipts(r),
  );
  // Reversals are adjustments too: they travel in the same INVENTORY_ADJUSTMENT messages.
  const adjustmentOutcomes = await postAll(
    [...withAdjustment.map((p) => p.adjustment!), ...withReversal.map((p) => p.reversal!)],
    (a) => deps.erp.postAdjustments(a),
  );
  const receiptOf = new Map(withReceipt.map((p, i) => [p.record.key, receiptOutcomes[i]!]));
  const adjustmentOf = new Map(withAdjustment.map((p, i) => [p.record.key, adjustmentOutcomes[i]!]));
  const reversalOf = new Map(
    withReversal.map((p, i) => [p.record.key, adjustmentOutcomes[withAdjustment.length + i]!]),
  );

  if (plans.length > 0) deps.crashPoint?.('posted');
  await together(deps, () => recordAnswers(deps, plans, { receiptOf, adjustmentOf, reversalOf }, tally));
  return tally;
}

/** Records each line's answers (its receipt, adjustment and reversal) on its record. */
async function recordAnswers(
  deps: Pick<EngineDeps, 'audit' | 'clock' | 'log'>,
  plans: PlannedPost[],
  answers: Record<'receiptOf' | 'adjustmentOf' | 'reversalOf', Map<string, PostOutcome>>,
  tally: PostTally,
): Promise<void> {
  const { receiptOf, adjustmentOf, reversalOf } = answers;
  for (const plan of plans) {
    const key = plan.record.key;
    const r = plan.receipt && { reference: plan.receipt.reference, outcome: receiptOf.get(key)! };
    const a = plan.adjustment && { reference: plan.adjustment.reference, outcome: adjustmentOf.get(key)! };
    const v = plan.reversal && { reference: plan.reversal.reference, outcome: reversalOf.get(key)! };
    try {
      const { record, change } = await changeLine(deps, plan.record, (cur) =>
        applyPostOutcomes(cur, r, a, v),
      );
      tally.statuses.set(key, record.status);
      if (!change) continue;
      if (r?.outcome.kind === 'staged') tally.receiptsStaged += 1;
      if (r?.outcome.kind === 'rejected') tally.receiptsRejected += 1;
      if (a?.outcome.kind === 'staged') tally.adjustmentsStaged += 1;
      if (a?.outcome.kind === 'rejected') tally.adjustmentsRejected += 1;
      if (v?.outcome.kind === 'staged') tally.reversalsStaged += 1;
      if ([r, a, v].some((w) => w?.outcome.kind === 'in-doubt')) tally.inDoubt += 1;
    } catch (e) {
      tally.failed.set(key, (e as Error).message);
      deps.log.error('PeopleSoft answer not recorded; the line is settled by confirmation', {
        key,
        error: (e as Error).message,
      });
    }
  }
}
