import type { ReceivedWork } from '../ports.ts';
import { CycleReads } from './batch-snapshot.ts';
import { busyDelayMs, mayPostpone } from './busy-items.ts';
import { type EngineDeps, leaseTtlFor, together, tuningOf } from './engine-deps.ts';
import {
  emptyMatchTally,
  MATCH_TALLY_KEYS,
  type MatchDeps,
  type MatchTally,
  matchAndPost,
} from './match-and-post.ts';

type DrainDeps = MatchDeps & Pick<EngineDeps, 'queue'>;

export interface DrainResult extends MatchTally {
  batches: number;
  /** Distinct keys worked. */
  keys: number;
  ok: number;
  failed: number;
  /** Lines put back to wait for an item another worker holds (not failures). */
  waiting: number;
  /** Batch-level failures (a PeopleSoft read every decision needed). */
  batchErrors: string[];
}

/** Delay before a failed work item is visible again: base × 2^(receives−1), capped. */
export function retryDelay(deps: Pick<EngineDeps, 'config' | 'tuning'>, receiveCount: number): number {
  const t = tuningOf(deps);
  return Math.min(t.retryMaxDelayMs, t.retryBaseDelayMs * 2 ** Math.max(0, receiveCount - 1));
}

/**
 * Works the queue until it is empty (or holds only keys already tried in this drain): receive a batch,
 * matchAndPost its keys, delete the messages of `ok` keys, release `failed` ones with backoff — after
 * `orders.maxAttempts` receives the queue dead-letters them. A line whose item another worker holds is put
 * back to wait, which uses up no attempt. Duplicate messages of a key are settled together.
 */
export async function drainQueue(
  deps: DrainDeps,
  opts: { batchSize: number; onBatch?: () => Promise<void> },
): Promise<DrainResult> {
  const out: DrainResult = {
    batches: 0,
    keys: 0,
    ok: 0,
    failed: 0,
    waiting: 0,
    ...emptyMatchTally(),
    batchErrors: [],
  };
  const visibility = leaseTtlFor(
    deps,
    3 + 2 * Math.ceil(opts.batchSize / deps.config.peoplesoft.transactionsPerMessage),
  );
  const done = new Set<string>();
  const failed = new Set<string>();
  // PeopleSoft's matching reads serve every batch of this drain while fresh (CycleReads explains why).
  const reads = new CycleReads(tuningOf(deps).cycleReadsMaxAgeMs);
  for (;;) {
    const messages = await deps.queue.receive(opts.batchSize, visibility);
    if (messages.length === 0) break;
    const fresh = messages.filter((m) => !done.has(m.key) && !failed.has(m.key));
    // A key already finished in this drain is finished for its duplicates too.
    await together(deps, async () => {
      for (const m of messages.filter((x) => done.has(x.key))) await deps.queue.delete(m.handle);
      for (const m of messages.filter((x) => failed.has(x.key)))
        await deps.queue.release(m.handle, retryDelay(deps, m.receiveCount));
    });
    // Only keys that failed in this drain: stop, they come back after their backoff. Duplicates of finished
    // keys were just deleted: the queue may hold fresh work behind them.
    if (fresh.length === 0) {
      if (messages.every((m) => failed.has(m.key))) break;
      continue;
    }

    out.batches += 1;
    const result = await matchAndPost(
      deps,
      fresh.map((m) => m.key),
      { reads },
    );
    if (result.batchError) out.batchErrors.push(result.batchError);
    for (const k of MATCH_TALLY_KEYS) out[k] += result[k];
    const okKeys = new Set(result.results.filter((r) => r.ok).map((r) => r.key));
    const busyKeys = new Set(result.results.filter((r) => r.busy).map((r) => r.key));
    for (const r of result.results) if (!r.busy) (r.ok ? done : failed).add(r.key);
    out.waiting += await together(deps, () => settle(deps, fresh, okKeys, busyKeys));
    await opts.onBatch?.();
  }
  out.keys = done.size + failed.size;
  out.ok = done.size;
  out.failed = failed.size;
  return out;
}

/** Deletes finished messages, puts busy ones back to wait, releases failed ones (one unit of work); returns how many wait. */
async function settle(
  deps: DrainDeps,
  messages: ReceivedWork[],
  okKeys: ReadonlySet<string>,
  busyKeys: ReadonlySet<string>,
): Promise<number> {
  let waiting = 0;
  for (const m of messages) {
    if (okKeys.has(m.key)) await deps.queue.delete(m.handle);
    else if (busyKeys.has(m.key) && mayPostpone(deps.config, m)) {
      await deps.queue.postpone(m, busyDelayMs(deps.config));
      waiting += 1;
    } else await deps.queue.release(m.handle, retryDelay(deps, m.receiveCount));
  }
  return waiting;
}
