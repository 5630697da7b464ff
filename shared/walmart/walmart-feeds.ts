/**
 * Bulk inventory feeds: `POST /v3/feeds?feedType=inventory` (multipart, one part `file`, JSON spec 1.4) and
 * `GET /v3/feeds/{feedId}?includeDetails=true` paged through its item details. A `PROCESSED` feed can still
 * hold failed items: each item's outcome is mapped to a per-SKU result (`SYSTEM_ERROR` / `TIMEOUT_ERROR`
 * may succeed on a retry, `DATA_ERROR` needs a fix).
 */
import type { InventoryFeedStatus, InventoryPushResult } from '../ports.ts';
import { WalmartInputError, WalmartResponseError } from './walmart-errors.ts';
import { encodeWalmartParam, quantityProblem } from './walmart-inventory.ts';
import type { WalmartRequester } from './walmart-request.ts';

/** The bulk inventory file, JSON spec 1.4. */
interface InventoryFeedDocument {
  InventoryHeader: { version: '1.4' };
  Inventory: { sku: string; quantity: { unit: 'EACH'; amount: number } }[];
}

/** Feed-level error (the whole file failed, e.g. `ERR_PDI_0001` malformed file). */
export interface FeedError {
  type?: string;
  code: string;
  description?: string;
}

/** Feed status with Walmart's counters and any feed-level errors. */
export interface WalmartFeedStatus extends InventoryFeedStatus {
  itemsReceived: number;
  itemsSucceeded: number;
  itemsFailed: number;
  itemsProcessing: number;
  errors: FeedError[];
}

/** Walmart accepts at most this many items per inventory feed file. */
const MAX_FEED_ITEMS = 100_000;

/**
 * Splits feed items into those Walmart would accept and per-SKU failures (not retryable) for the rest,
 * so one bad item never holds back the others.
 */
export function splitInventoryItems(items: { sku: string; quantity: number }[]): {
  valid: { sku: string; quantity: number }[];
  rejected: InventoryPushResult[];
} {
  const valid: { sku: string; quantity: number }[] = [];
  const rejected: InventoryPushResult[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const sku = typeof item.sku === 'string' ? item.sku : String(item.sku ?? '');
    const q = quantityProblem(item.quantity);
    if (sku.trim() === '') {
      rejected.push({ sku, ok: false, retryable: false, code: 'INVALID_SKU', message: 'the SKU is empty' });
    } else if (seen.has(sku)) {
      rejected.push({
        sku,
        ok: false,
        retryable: false,
        code: 'DUPLICATE_SKU',
        message: `SKU "${sku}" appears more than once in one feed; the first quantity was sent`,
      });
    } else if (q) {
      rejected.push({ sku, ok: false, retryable: false, code: 'INVALID_QUANTITY', message: `quantity ${q}` });
    } else {
      valid.push(item);
    }
    seen.add(sku);
  }
  return { valid, rejected };
}

/** The spec 1.4 feed document for `items`; throws WalmartInputError naming every item Walmart would refuse. */
export function inventoryFeedDocument(items: { sku: string; quantity: number }[]): InventoryFeedDocument {
  if (items.length === 0) throw new WalmartInputError([], 'An inventory feed needs at least one item');
  if (items.length > MAX_FEED_ITEMS) {
    throw new WalmartInputError(
      [],
      `An inventory feed holds at most ${MAX_FEED_ITEMS} items (got ${items.length})`,
    );
  }
  const { rejected } = splitInventoryItems(items);
  if (rejected.length > 0) {
    throw new WalmartInputError(
      rejected.map((r) => ({
        sku: r.sku,
        field: r.code === 'INVALID_QUANTITY' ? 'quantity' : 'sku',
        message: r.message ?? '',
      })),
      'The inventory feed was not built',
    );
  }
  return {
    InventoryHeader: { version: '1.4' },
    Inventory: items.map((i) => ({ sku: i.sku, quantity: { unit: 'EACH', amount: i.quantity } })),
  };
}

/** Uploads a bulk inventory feed and returns Walmart's feed id. */
export async function submitInventoryFeed(
  client: WalmartRequester,
  items: { sku: string; quantity: number }[],
): Promise<string> {
  const doc = inventoryFeedDocument(items);
  const form = new FormData();
  form.set('file', new Blob([JSON.stringify(doc)], { type: 'application/json' }), 'inventory.json');
  const res = await client.send({
    endpoint: 'feeds',
    method: 'POST',
    pathAndQuery: '/v3/feeds?feedType=inventory',
    form,
    // A repeated upload would create a second feed; a lost answer is settled by the next inventory cycle.
    idempotent: false,
  });
  const body = client.expectJson(res, `inventory feed of ${items.length} items`);
  if (typeof body.feedId !== 'string' || body.feedId === '') {
    throw new WalmartResponseError(res.call, 'a feed submission answer without feedId');
  }
  return body.feedId;
}

const STATUSES = new Set(['RECEIVED', 'INPROGRESS', 'PROCESSED', 'ERROR']);

// JSON may hold any object (even one with a `toString` key): only numbers and text are ever coerced.
function count(v: unknown): number {
  const n = typeof v === 'number' || typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** A text field, or `fallback` when the value is anything but a string or a number. */
function textOf(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

function ingestionErrors(v: unknown): FeedError[] {
  const list = (v as { ingestionError?: unknown } | null | undefined)?.ingestionError;
  const arr = Array.isArray(list) ? list : list && typeof list === 'object' ? [list] : [];
  return arr
    .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
    .map((e) => ({
      code: textOf(e.code, 'UNKNOWN'),
      ...(typeof e.type === 'string' ? { type: e.type } : {}),
      ...(typeof e.description === 'string' ? { description: e.description.slice(0, 300) } : {}),
    }));
}

/** One item's outcome as a per-SKU push result. */
function itemResult(
  raw: Record<string, unknown>,
  skuAt: (index: number) => string | undefined,
): InventoryPushResult {
  const index =
    typeof raw.index === 'number' || typeof raw.index === 'string' ? Number(raw.index) : Number.NaN;
  const sku =
    (typeof raw.sku === 'string' && raw.sku) ||
    (Number.isInteger(index) ? skuAt(index) : undefined) ||
    `#${textOf(raw.index, '?')}`;
  const status = textOf(raw.ingestionStatus, '');
  if (status === 'SUCCESS') return { sku, ok: true };
  const errors = ingestionErrors(raw.ingestionErrors);
  const first = errors[0];
  const code = first?.code ?? (status || 'UNKNOWN');
  const message = `${status || 'no status'}${first?.description ? `: ${first.description}` : ''}`;
  // DATA_ERROR needs a fix; system trouble, timeouts and unfinished items are worth another try.
  return { sku, ok: false, retryable: status !== 'DATA_ERROR', code, message };
}

interface FeedStatusOptions {
  /** Item details per request (Walmart: at most 50). */
  pageSize: number;
  /** SKU of the item at a file index, for answers that name only the index. */
  skuAt?: (index: number) => string | undefined;
}

/**
 * One page of a feed status answer: the feed's status and counters, and the outcome of each item it lists
 * (`size` counts the entries, readable or not, for paging). A string says why the page is unusable.
 */
export function parseFeedStatusPage(
  body: Record<string, unknown>,
  feedId: string,
  skuAt: (index: number) => string | undefined,
): { head: Omit<WalmartFeedStatus, 'items'>; items: InventoryPushResult[]; size: number } | string {
  const status = textOf(body.feedStatus, '');
  if (!STATUSES.has(status))
    return `feed ${feedId} in an unknown status ${JSON.stringify(body.feedStatus) ?? 'undefined'}`;
  const details = (body.itemDetails as { itemIngestionStatus?: unknown } | null | undefined)
    ?.itemIngestionStatus;
  const page = Array.isArray(details) ? details : [];
  const items: InventoryPushResult[] = [];
  for (const raw of page) if (raw && typeof raw === 'object') items.push(itemResult(raw as never, skuAt));
  return {
    head: {
      feedId,
      status: status as WalmartFeedStatus['status'],
      itemsReceived: count(body.itemsReceived),
      itemsSucceeded: count(body.itemsSucceeded),
      itemsFailed: count(body.itemsFailed),
      itemsProcessing: count(body.itemsProcessing),
      errors: ingestionErrors(body.ingestionErrors),
    },
    items,
    size: page.length,
  };
}

/**
 * A feed's status and every item's outcome (details paged `offset`/`limit`); of a feed still RECEIVED or
 * INPROGRESS only the first page, whose item outcomes are not final.
 */
export async function readInventoryFeedStatus(
  client: WalmartRequester,
  feedId: string,
  options: FeedStatusOptions,
): Promise<WalmartFeedStatus> {
  const limit = Math.min(50, Math.max(1, options.pageSize));
  const skuAt = options.skuAt ?? (() => undefined);
  const items: InventoryPushResult[] = [];
  // Status and counters come from the first page, so later pages cannot mix two moments of the feed.
  let head: Omit<WalmartFeedStatus, 'items'> | undefined;
  let offset = 0;
  for (;;) {
    const res = await client.send({
      endpoint: 'feedStatus',
      method: 'GET',
      pathAndQuery: `/v3/feeds/${encodeWalmartParam(feedId)}?includeDetails=true&offset=${offset}&limit=${limit}`,
      idempotent: true,
    });
    const parsed = parseFeedStatusPage(client.expectJson(res, `feed ${feedId}`), feedId, skuAt);
    if (typeof parsed === 'string') throw new WalmartResponseError(res.call, parsed);
    items.push(...parsed.items);
    head ??= parsed.head;
    offset += parsed.size;
    // Item outcomes are final only once the feed is; a feed still at work is read again anyway.
    if (head.status === 'RECEIVED' || head.status === 'INPROGRESS') return { ...head, items };
    if (parsed.size < limit || offset >= head.itemsReceived) return { ...head, items };
  }
}
