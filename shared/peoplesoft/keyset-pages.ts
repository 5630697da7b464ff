/**
 * Keyset paging of a query ordered by a key field with a "greater than" prompt (`MLC_ITEM_VENDORS`:
 * `INV_ITEM_ID > AFTER_ITEM`). A full page may end in the middle of a key (an item's vendors cut in two),
 * so the last key of a full page is dropped and the next page starts after the key before it: the cut
 * key is read again whole. A page that times out or meets a gateway 5xx is asked again with half as many rows.
 */
import type { Log } from '../ports.ts';
import { QueryWindowError } from './peoplesoft-errors.ts';
import { isSplittableFailure } from './qas-client.ts';
import type { QasRow } from './qas-row.ts';

interface KeysetRead {
  query: string;
  /** Field the query is ordered by and the prompt compares with. */
  keyField: string;
  /** Prompt value of the first page (sorts before every key). */
  first: string;
  maxRows: number;
  fetch(after: string, maxRows: number, splitOnFailure: boolean): Promise<QasRow[]>;
  /** De-duplication key of a row. */
  keyOf(row: QasRow): string;
  log: Log;
}

/** Every row of the query, page after page. */
export async function readKeyset(read: KeysetRead): Promise<QasRow[]> {
  const { query, keyField } = read;
  const rows = new Map<string, QasRow>();
  const keyOfRow = (r: QasRow) => String(r.value(keyField) ?? '').trim();
  let after = read.first;
  let size = read.maxRows;
  for (let pages = 0; pages < 1_000_000; pages++) {
    let page: QasRow[];
    try {
      page = await read.fetch(after, size, size > 1);
    } catch (e) {
      if (!isSplittableFailure(e)) throw e;
      if (size <= 1) {
        throw new QueryWindowError(
          query,
          `after ${JSON.stringify(after)}`,
          `query ${query} after ${keyField} ${JSON.stringify(after)} failed after every retry (${(e as Error).message}); raise peoplesoft.timeoutMs or the gateway timeout`,
          { cause: e },
        );
      }
      size = Math.ceil(size / 2);
      read.log.debug('peoplesoft keyset page halved', { query, after, maxRows: size });
      continue;
    }
    if (page.length < size) {
      for (const r of page) rows.set(read.keyOf(r), r);
      return [...rows.values()];
    }
    const keys = distinctKeys(page, keyOfRow);
    if (keys === undefined) {
      throw new QueryWindowError(
        query,
        `after ${JSON.stringify(after)}`,
        `query ${query} is not ordered by ${keyField}, so it cannot be paged; add the order to the query (docs/peoplesoft-setup.md)`,
      );
    }
    const last = keys[keys.length - 1];
    const next = keys[keys.length - 2];
    if (next === undefined || next <= after) {
      throw new QueryWindowError(
        query,
        `after ${JSON.stringify(after)}`,
        `${keyField} ${last ?? '?'} has at least ${size} rows in query ${query}, so a page cannot hold it; raise peoplesoft.maxRows` +
          (size < read.maxRows ? ' and peoplesoft.timeoutMs (pages were shortened after timeouts)' : ''),
      );
    }
    for (const r of page) if (keyOfRow(r) !== last) rows.set(read.keyOf(r), r);
    read.log.debug('peoplesoft keyset page', { query, after, next });
    after = next;
  }
  throw new QueryWindowError(query, `after ${JSON.stringify(after)}`, `query ${query} did not finish paging`);
}

/** Distinct keys of a page in order; undefined when the page is not in ascending key order. */
function distinctKeys(page: QasRow[], keyOf: (r: QasRow) => string): string[] | undefined {
  const keys: string[] = [];
  for (const r of page) {
    const key = keyOf(r);
    if (key === '') continue;
    const last = keys[keys.length - 1];
    if (last === key) continue;
    if (last !== undefined && key < last) return undefined;
    keys.push(key);
  }
  return keys;
}
