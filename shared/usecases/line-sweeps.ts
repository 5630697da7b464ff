import type { LineRecord, LineStatus } from '../domain/index.ts';
import type { AuditTrail } from '../ports.ts';

/** States every line passes through quickly: few at any time, read whole. */
const IN_FLOW: readonly LineStatus[] = ['RECEIVED', 'MATCHED', 'POSTED', 'IN_DOUBT'];
/** States lines stay in: only recently updated ones are read. */
const SETTLED: readonly LineStatus[] = ['FLAGGED', 'RECEIPTED', 'SKIPPED'];

/**
 * The lines a sweep must look at: every line in flow plus the settled ones updated since `settledSince`.
 * One query per status, so an audit trail indexed by (status, updatedAt) never scans its whole history.
 */
export async function sweepLines(
  audit: AuditTrail,
  opts: { settledSince: number; settled?: readonly LineStatus[] },
): Promise<LineRecord[]> {
  const lists = await Promise.all([
    audit.byStatus([...IN_FLOW]),
    ...(opts.settled ?? SETTLED).map((status) => audit.list({ status, updatedSince: opts.settledSince })),
  ]);
  return [...new Map(lists.flat().map((r) => [r.key, r])).values()];
}

/**
 * The same lines as sweepLines, one store page at a time, for sweeps of a large day that keep only what they
 * need of each line. A key is yielded once even if its line changed status while being read.
 */
export async function* sweepEach(
  audit: AuditTrail,
  opts: { settledSince: number; settled?: readonly LineStatus[] },
): AsyncIterable<LineRecord> {
  const seen = new Set<string>();
  const filters = [
    ...IN_FLOW.map((status) => ({ status })),
    ...(opts.settled ?? SETTLED).map((status) => ({ status, updatedSince: opts.settledSince })),
  ];
  for (const filter of filters) {
    for await (const r of audit.listEach(filter)) {
      if (seen.has(r.key)) continue;
      seen.add(r.key);
      yield r;
    }
  }
}
