/**
 * Adaptive windows: ExecuteQuery has no paging, so a window whose answer is full (`maxrows` rows), times out
 * or meets a gateway 5xx is read again in smaller parts until every row is in hand, or a QueryWindowError
 * says which window could not be read. A partial answer is never returned as if complete.
 * Date windows (`FROM_DT`..`TO_DT`, both inclusive) are bisected down to a single day. The other queries
 * are keyset paged instead (keyset-pages.ts).
 */
import type { Log } from '../ports.ts';
import { QueryWindowError } from './peoplesoft-errors.ts';
import { isSplittableFailure } from './qas-client.ts';
import type { QasRow } from './qas-row.ts';
import { addDays, daysBetween } from './site-time.ts';

interface DateWindowRead {
  query: string;
  /** `YYYY-MM-DD`, inclusive. */
  from: string;
  /** `YYYY-MM-DD`, inclusive. */
  to: string;
  maxRows: number;
  /** Runs the query for one window; `splitOnFailure` is false only for a single day. */
  fetch(from: string, to: string, splitOnFailure: boolean): Promise<QasRow[]>;
  /** De-duplication key of a row (default: the whole row). */
  keyOf?: (row: QasRow) => string;
  log: Log;
}

/** Every row of a date window, bisecting full or failing windows down to single days. */
export async function readDateWindow(read: DateWindowRead): Promise<QasRow[]> {
  const keyOf = read.keyOf ?? ((r: QasRow) => r.identity());
  const rows = new Map<string, QasRow>();
  const pending: [string, string][] = [[read.from, read.to]];
  while (pending.length > 0) {
    const [from, to] = pending.shift() as [string, string];
    const days = daysBetween(from, to) + 1;
    const splittable = days > 1;
    let page: QasRow[] | undefined;
    let reason: string;
    try {
      page = await read.fetch(from, to, splittable);
      reason = `it returned maxrows (${read.maxRows}) rows`;
    } catch (e) {
      if (!isSplittableFailure(e)) throw e;
      if (!splittable) {
        throw new QueryWindowError(
          read.query,
          `${from}..${to}`,
          `query ${read.query} failed for the single day ${from} after every retry (${(e as Error).message}); raise peoplesoft.timeoutMs or the gateway timeout`,
          { cause: e },
        );
      }
      reason = `it failed (${(e as Error).message})`;
    }
    if (page && page.length < read.maxRows) {
      for (const row of page) rows.set(keyOf(row), row);
      continue;
    }
    if (!splittable) {
      throw new QueryWindowError(
        read.query,
        `${from}..${to}`,
        `query ${read.query} returned maxrows (${read.maxRows}) rows for the single day ${from}, so some rows would be lost; raise peoplesoft.maxRows (and the user's query profile row limit)`,
      );
    }
    const mid = addDays(from, Math.floor((days - 1) / 2));
    read.log.debug('peoplesoft window split', { query: read.query, from, to, reason });
    // Lower half first keeps the requests in date order; both halves go back on the work list.
    pending.unshift([from, mid], [addDays(mid, 1), to]);
  }
  return [...rows.values()];
}
