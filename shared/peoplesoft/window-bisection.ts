/**
 * Adaptive windows: ExecuteQuery has no paging, so a window whose answer is full (`maxrows` rows), times out
 * or meets a gateway 5xx is read again in smaller parts until every row is in hand, or a QueryWindowError
 * says which window could not be read. A partial answer is never returned as if complete.
 *
 * - Date windows (`FROM_DT`..`TO_DT`, both inclusive) are bisected down to a single day.
 * - Date-time queries have only a lower bound (`FROM_DTTM`; the upper bound is "now"). When they are ordered
 *   by a date-time field they are read page by page: a full page is complete up to its last timestamp, so
 *   the next page starts there; a page that fails is retried with half as many rows. A query without such
 *   an order (or a full page inside one second) is re-read with a larger `maxrows`, up to a ceiling.
 */
import type { Log } from '../ports.ts';
import { QueryWindowError } from './peoplesoft-errors.ts';
import { isSplittableFailure } from './qas-client.ts';
import type { QasRow } from './qas-row.ts';
import { addDays, daysBetween, parseSiteDateTime } from './site-time.ts';

export interface DateWindowRead {
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

export interface SinceRead {
  query: string;
  /** Lower bound, normalised site date-time `YYYY-MM-DDTHH:MM:SS` (inclusive). */
  from: string;
  /** "Now" in site time when the read began: paging stops once a page starts after it. */
  until: string;
  maxRows: number;
  /** Largest `maxrows` a query that cannot be paged is re-read with. */
  maxRowsCeiling: number;
  /** Date-time field the query is ordered by (ascending); absent when it has none. */
  orderField?: string;
  timeZone: string;
  fetch(from: string, maxRows: number, splitOnFailure: boolean): Promise<QasRow[]>;
  keyOf?: (row: QasRow) => string;
  log: Log;
}

/** Every row at or after `from`, paging forward by the order field or widening `maxrows` when that is impossible. */
export async function readSince(read: SinceRead): Promise<QasRow[]> {
  const keyOf = read.keyOf ?? ((r: QasRow) => r.identity());
  const rows = new Map<string, QasRow>();
  let lower = read.from;
  let size = read.maxRows;
  let mayWiden = true;
  const canHalve = () => read.orderField !== undefined && size > 1;
  for (let pages = 0; pages < 100_000; pages++) {
    let page: QasRow[];
    try {
      page = await read.fetch(lower, size, canHalve());
    } catch (e) {
      if (!isSplittableFailure(e)) throw e;
      if (!canHalve()) {
        throw new QueryWindowError(
          read.query,
          `from ${lower}`,
          `query ${read.query} from ${lower} failed after every retry (${(e as Error).message}); raise peoplesoft.timeoutMs or the gateway timeout`,
          { cause: e },
        );
      }
      size = Math.ceil(size / 2);
      mayWiden = false;
      read.log.debug('peoplesoft page halved', { query: read.query, from: lower, maxRows: size });
      continue;
    }
    for (const row of page) rows.set(keyOf(row), row);
    if (page.length < size) return [...rows.values()];
    const next = nextLowerBound(page, read.orderField, read.timeZone);
    if (next !== undefined && next > lower) {
      if (next > read.until) return [...rows.values()];
      lower = next;
      continue;
    }
    const why =
      read.orderField === undefined
        ? 'the query has no date-time order to page by'
        : next === undefined
          ? `its rows are not ordered by ${read.orderField}`
          : `more than ${size} rows share the ${read.orderField} ${lower}`;
    if (!mayWiden || size * 2 > read.maxRowsCeiling) {
      throw new QueryWindowError(
        read.query,
        `from ${lower}`,
        `query ${read.query} from ${lower} returned maxrows (${size}) rows and cannot be split further (${why}); ` +
          `raise peoplesoft.maxRows${read.orderField ? ` and order the query by ${read.orderField} (docs/peoplesoft-setup.md)` : ''}`,
      );
    }
    size *= 2;
    read.log.debug('peoplesoft page widened', { query: read.query, from: lower, maxRows: size, why });
  }
  throw new QueryWindowError(read.query, `from ${read.from}`, `query ${read.query} did not finish paging`);
}

/**
 * Where the next page starts: the last row's timestamp (cut to the second, inclusive, so rows of that
 * second are read again and de-duplicated). Undefined when the page is not in ascending order.
 */
function nextLowerBound(page: QasRow[], field: string | undefined, timeZone: string): string | undefined {
  if (field === undefined) return undefined;
  let previous = '';
  for (const row of page) {
    const v = row.value(field);
    const stamp = typeof v === 'string' ? parseSiteDateTime(v, timeZone)?.text : undefined;
    if (stamp === undefined || stamp < previous) return undefined;
    previous = stamp;
  }
  return previous;
}
