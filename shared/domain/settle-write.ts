import type { WriteRecord } from './audit-record.ts';
import type { StagedTransaction } from './erp-records.ts';

/** What PeopleSoft's receipt-status rows say about one staged or in-doubt write. */
type Settlement =
  | { kind: 'loaded'; receiverId?: string }
  | { kind: 'error'; message: string }
  /** In PeopleSoft, not loaded yet. */
  | { kind: 'staged' }
  /** In doubt, absent from the status rows and older than the grace period: the post never arrived. */
  | { kind: 'absent' }
  /** Nothing to conclude yet. */
  | { kind: 'wait' };

/**
 * Settles a write against the status row of its reference. A write in doubt is only declared absent when the
 * status query (which shows staged and loaded transactions alike) lacks it and its intent is older than
 * `graceMs` — long enough for any post still travelling through the Integration Broker to have been staged.
 */
export function settleWrite(
  w: WriteRecord,
  row: StagedTransaction | undefined,
  now: number,
  graceMs: number,
): Settlement {
  if (w.state !== 'STAGED' && w.state !== 'IN_DOUBT') return { kind: 'wait' };
  if (row?.status === 'LOADED') return { kind: 'loaded', receiverId: row.receiverId };
  if (row?.status === 'ERROR')
    return { kind: 'error', message: row.errorText || 'staging error without text' };
  if (row) return w.state === 'IN_DOUBT' ? { kind: 'staged' } : { kind: 'wait' };
  if (w.state === 'IN_DOUBT' && now - w.intentAt >= graceMs) return { kind: 'absent' };
  return { kind: 'wait' };
}

/**
 * Indexes status rows by reference. Should a reference appear twice, the most advanced row wins
 * (LOADED over PENDING over ERROR), so a stale error never hides a load.
 */
export function statusByReference(rows: readonly StagedTransaction[]): Map<string, StagedTransaction> {
  const rank = { LOADED: 3, PENDING: 2, ERROR: 1 } as const;
  const out = new Map<string, StagedTransaction>();
  for (const r of rows) {
    const seen = out.get(r.reference);
    if (!seen || rank[r.status] > rank[seen.status]) out.set(r.reference, r);
  }
  return out;
}
