/**
 * Where a receipt-status read must start to cover every one of `intentTimes`: the oldest, less the margin
 * for clock skew between this host and PeopleSoft. A loop, not `Math.min(...)`: a large day's hundreds of
 * thousands of intents would overflow the argument list.
 */
export function statusSince(intentTimes: Iterable<number>, marginMs: number): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const t of intentTimes) if (t < oldest) oldest = t;
  return oldest - marginMs;
}
