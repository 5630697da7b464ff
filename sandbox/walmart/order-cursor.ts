/** Paging of the sandbox's order list, as Walmart pages it. */

/** Where the next page starts and what the caller asked for. */
interface CursorState {
  limit: number;
  total: number;
  next: number;
  createdStart: number;
  createdEndGiven: number | undefined;
  now: number;
  partnerId: string;
  sellerId: string;
}

/** A Walmart-style cursor: paging state, then every filter carried as the caller sent it. */
export function walmartCursor(values: Map<string, { raw: string }>, p: CursorState): string {
  const parts = [
    `limit=${p.limit}`,
    'hasMoreElements=true',
    `soIndex=${p.total}`,
    `poIndex=${p.next}`,
    `partnerId=${p.partnerId}`,
    `sellerId=${p.sellerId}`,
  ];
  for (const [key, v] of values) {
    if (['limit', 'hasMoreElements', 'soIndex', 'poIndex', 'partnerId', 'sellerId'].includes(key)) continue;
    if (key === 'createdStartDate' || key === 'createdEndDate') continue;
    parts.push(`${key}=${v.raw}`);
  }
  // Walmart echoes the caller's start date and fills in the end date (ISO with millis, colons encoded).
  parts.push(
    `createdStartDate=${values.get('createdStartDate')?.raw ?? new Date(p.createdStart).toISOString()}`,
  );
  const end = values.get('createdEndDate')?.raw;
  parts.push(
    `createdEndDate=${end ?? encodeURIComponent(new Date(p.createdEndGiven ?? p.now).toISOString())}`,
  );
  return `?${parts.join('&')}`;
}

/** First index whose order date is ≤ `t` in a newest-first list. */
export function lowerBound(sorted: readonly { orderDate: number }[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.orderDate > t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
