/**
 * Reading order lines from `GET /v3/orders`, within Walmart's limits: windows of at most 24 h, split again
 * when a window holds more orders than one query may return, never further back than Walmart keeps orders,
 * and pages followed by `list.meta.nextCursor` exactly as Walmart wrote it. Lines are yielded as pages
 * arrive, so memory stays flat however many orders the window holds.
 */
import type { OrderLineResult } from '../domain/index.ts';
import type { Clock, Log, OrderWindow } from '../ports.ts';
import { parseOrderLines } from './order-parse.ts';
import { WalmartResponseError } from './walmart-errors.ts';
import type { WalmartRequester, WalmartResponse } from './walmart-request.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface OrderReadOptions {
  /** `limit` per page (Walmart: at most 200). */
  pageLimit: number;
  /** Longest window of one query (Walmart guidance: 24 h). */
  maxWindowMs: number;
  /** A window whose first page reports more orders than this is split in half (Walmart: 10,000). */
  maxOrdersPerQuery: number;
  /** Walmart keeps orders this many days (180). */
  lookbackDays: number;
  /** Safety margin inside the lookback limit, so clock skew never makes a query too old. */
  lookbackMarginMs: number;
  /** Windows shorter than this are read whole even when they report too many orders. */
  minSplitMs: number;
  /**
   * For `modified` windows, also send `createdStartDate` at the lookback limit: Walmart otherwise only
   * considers orders created in the last 7 days. `false` sends the lastModified dates alone.
   */
  modifiedIncludesCreatedSince: boolean;
  /** Optional `shipNodeType` filter (`SellerFulfilled`, `WFSFulfilled`, `3PLFulfilled`); Walmart's default otherwise. */
  shipNodeType?: string;
  clock: Clock;
  log: Log;
}

export const DEFAULT_ORDER_READ: Omit<OrderReadOptions, 'clock' | 'log'> = {
  pageLimit: 200,
  maxWindowMs: DAY,
  maxOrdersPerQuery: 10_000,
  lookbackDays: 180,
  lookbackMarginMs: 10 * 60_000,
  minSplitMs: 1_000,
  modifiedIncludesCreatedSince: true,
};

interface Page {
  call: WalmartResponse['call'];
  totalCount: number | undefined;
  nextCursor: string | undefined;
  orders: unknown[];
  /** What Walmart said it left out of a partial page (`206 SOME_CONTENT_NOT_FOUND`). */
  missing: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Reads every order line of `window` from Walmart (see module doc). */
export async function* readOrderLines(
  client: WalmartRequester,
  window: OrderWindow,
  options: OrderReadOptions,
): AsyncGenerator<OrderLineResult> {
  const { clock, log } = options;
  const oldest = clock.now() - options.lookbackDays * DAY + options.lookbackMarginMs;
  const start = Math.max(window.start, oldest);
  if (start > window.start) {
    log.warn('walmart order window starts before the lookback limit; clamped', {
      requestedStart: iso(window.start),
      start: iso(start),
      lookbackDays: options.lookbackDays,
    });
  }
  if (!(start < window.end)) return;
  for (let from = start; from < window.end; from += options.maxWindowMs) {
    const to = Math.min(window.end, from + options.maxWindowMs);
    yield* readWindow(client, { start: from, end: to, by: window.by }, oldest, options);
  }
}

async function* readWindow(
  client: WalmartRequester,
  window: OrderWindow,
  oldest: number,
  options: OrderReadOptions,
): AsyncGenerator<OrderLineResult> {
  const first = await fetchPage(client, `/v3/orders?${firstQuery(window, oldest, options)}`);
  if (!first) return;
  const span = window.end - window.start;
  if (first.totalCount !== undefined && first.totalCount > options.maxOrdersPerQuery) {
    if (span >= 2 * options.minSplitMs) {
      const mid = window.start + Math.floor(span / 2);
      options.log.info('walmart order window too large; splitting', {
        start: iso(window.start),
        end: iso(window.end),
        totalCount: first.totalCount,
      });
      yield* readWindow(client, { ...window, end: mid }, oldest, options);
      yield* readWindow(client, { ...window, start: mid }, oldest, options);
      return;
    }
    options.log.warn('walmart order window cannot be split further; reading it whole', {
      start: iso(window.start),
      end: iso(window.end),
      totalCount: first.totalCount,
    });
  }
  let page: Page | undefined = first;
  let previousCursor: string | undefined;
  const missing: string[] = [];
  while (page) {
    for (const order of page.orders) yield* parseOrderLines(order);
    missing.push(...page.missing);
    const cursor = page.nextCursor;
    if (!cursor) break;
    if (cursor === previousCursor) {
      throw new WalmartResponseError(
        page.call,
        `the same nextCursor twice (${cursor.slice(0, 120)}); stopped to avoid a loop, the window is read again on the next poll`,
      );
    }
    previousCursor = cursor;
    // The cursor is a complete query string: appended untouched, never re-encoded, filters not added again.
    page = await fetchPage(client, `/v3/orders${cursor.startsWith('?') ? cursor : `?${cursor}`}`);
  }
  if (missing.length > 0) {
    // The lines Walmart did send are yielded (and recorded); failing the window keeps its checkpoint, so the
    // next poll reads it again and picks up what was missing.
    throw new WalmartResponseError(
      first.call,
      `only part of the orders of ${iso(window.start)}..${iso(window.end)} (206: ${[...new Set(missing)].join('; ')}); the lines it sent are recorded and the window is read again next poll`,
    );
  }
}

function firstQuery(window: OrderWindow, oldest: number, options: OrderReadOptions): string {
  const q = new URLSearchParams();
  if (window.by === 'created') {
    q.set('createdStartDate', iso(window.start));
    q.set('createdEndDate', iso(window.end));
  } else {
    q.set('lastModifiedStartDate', iso(window.start));
    q.set('lastModifiedEndDate', iso(window.end));
    if (options.modifiedIncludesCreatedSince) q.set('createdStartDate', iso(oldest));
  }
  if (options.shipNodeType) q.set('shipNodeType', options.shipNodeType);
  q.set('limit', String(options.pageLimit));
  return q.toString();
}

/** One page; undefined when Walmart says there is nothing (404 CONTENT_NOT_FOUND, or 200 with no list). */
async function fetchPage(client: WalmartRequester, pathAndQuery: string): Promise<Page | undefined> {
  const res = await client.send({ endpoint: 'orders', method: 'GET', pathAndQuery, idempotent: true });
  if (isNotFound(res)) return undefined;
  // The hint fits a request Walmart refused, not a server or throttling failure.
  const body = client.expectJson(res, res.status === 400 ? 'Check the order window dates' : undefined);
  const listObj = body.list as Record<string, unknown> | undefined | null;
  if (!listObj || typeof listObj !== 'object') {
    throw new WalmartResponseError(res.call, 'an orders page without `list`');
  }
  const meta = (listObj.meta ?? {}) as Record<string, unknown>;
  const elements = (listObj.elements ?? {}) as Record<string, unknown>;
  const rawOrders = elements?.order;
  const orders = Array.isArray(rawOrders)
    ? rawOrders
    : rawOrders && typeof rawOrders === 'object'
      ? [rawOrders]
      : [];
  const total = Number(meta.totalCount);
  const nextCursor =
    typeof meta.nextCursor === 'string' && meta.nextCursor.trim() !== '' ? meta.nextCursor : undefined;
  const missing =
    res.status === 206
      ? res.errors().map((e) => [e.code, e.description ?? e.info].filter(Boolean).join(': ')) || []
      : [];
  if (res.status === 206 && missing.length === 0) missing.push('SOME_CONTENT_NOT_FOUND');
  return {
    call: res.call,
    totalCount: Number.isFinite(total) ? total : undefined,
    nextCursor,
    orders,
    missing,
  };
}

function isNotFound(res: WalmartResponse): boolean {
  return res.status === 404 && res.errors().some((e) => e.code.startsWith('CONTENT_NOT_FOUND'));
}
