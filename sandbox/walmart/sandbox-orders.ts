/**
 * The sandbox's orders service: `GET /v3/orders` with Walmart's filters, limits and `nextCursor` query strings,
 * `POST /v3/orders/{id}/acknowledge`, and the mutations tests need (cancel a line).
 * Orders are kept newest first (as Walmart lists them), ties by purchase order id, so pages are stable.
 */
import type { WalmartLineStatus } from '../../shared/domain/index.ts';
import type { WorldOrder } from '../world.ts';
import type { SandboxAnswer } from './sandbox-auth.ts';
import { invalidParam, notFound, type SandboxError } from './sandbox-errors.ts';
import { ORDER_API, parseDate, parseOrderQuery } from './order-query.ts';
import { renderOrder, renderStatus, type WalmartOrderJson } from './render-order.ts';
import { lowerBound, walmartCursor } from './order-cursor.ts';

const DAY = 86_400_000;

interface Stored {
  json: WalmartOrderJson;
  orderDate: number;
  /** Latest of the order date and every line's status date. */
  lastModified: number;
}

interface SandboxOrdersOptions {
  now: () => number;
  /** Orders one query may page through (Walmart: 10,000). */
  maxOrdersPerQuery: () => number;
  /** Oldest `createdStartDate` accepted, days (Walmart: 180). */
  lookbackDays: number;
  partnerId: string;
  sellerId: string;
  /** `not-found` (404 `CONTENT_NOT_FOUND`, the better-evidenced answer) or `empty-list` (200, empty). */
  emptyAnswer: () => 'not-found' | 'empty-list';
}

/** The order book of the sandbox. */
export class SandboxOrders {
  private sorted: Stored[] = [];
  private readonly byId = new Map<string, Stored>();
  /** Every `nextCursor` handed out, in order. */
  readonly issuedCursors: string[] = [];
  private readonly issued = new Set<string>();

  constructor(private readonly options: SandboxOrdersOptions) {}

  /** Orders as Walmart JSON, newest first. */
  all(): WalmartOrderJson[] {
    return this.sorted.map((s) => s.json);
  }

  get(purchaseOrderId: string): WalmartOrderJson | undefined {
    return this.byId.get(purchaseOrderId)?.json;
  }

  /** Replaces every order. */
  set(orders: WorldOrder[]): void {
    this.sorted = [];
    this.byId.clear();
    for (const o of orders) this.put(renderOrder(o), false);
    this.sort();
  }

  /** Adds (or replaces) one order. */
  add(order: WorldOrder): void {
    this.put(renderOrder(order), true);
  }

  private put(json: WalmartOrderJson, resort: boolean): void {
    const existing = this.byId.get(json.purchaseOrderId);
    if (existing) this.sorted.splice(this.sorted.indexOf(existing), 1);
    const stored: Stored = { json, orderDate: json.orderDate, lastModified: lastModifiedOf(json) };
    this.byId.set(json.purchaseOrderId, stored);
    this.sorted.push(stored);
    if (resort) this.sort();
  }

  private sort(): void {
    this.sorted.sort((a, b) =>
      b.orderDate !== a.orderDate
        ? b.orderDate - a.orderDate
        : b.json.purchaseOrderId.localeCompare(a.json.purchaseOrderId),
    );
  }

  /** Sets a line's status (as Walmart would after a customer or seller action) with status date `at`. */
  setLineStatus(purchaseOrderId: string, lineNumber: string, status: WalmartLineStatus, at: number): void {
    const stored = this.byId.get(purchaseOrderId);
    const line = stored?.json.orderLines.orderLine.find((l) => l.lineNumber === lineNumber);
    if (!stored || !line) throw new Error(`sandbox has no order line ${purchaseOrderId}#${lineNumber}`);
    line.orderLineStatuses.orderLineStatus = [renderStatus(stored.json, line, status, at)];
    line.statusDate = at;
    stored.lastModified = lastModifiedOf(stored.json);
  }

  /**
   * Cancels `quantity` of a line as Walmart records it: the quantity is taken off the line's other statuses
   * (latest first) and one `Cancelled` status of that quantity is added.
   */
  cancelPart(purchaseOrderId: string, lineNumber: string, quantity: number, at: number): void {
    const stored = this.byId.get(purchaseOrderId);
    const line = stored?.json.orderLines.orderLine.find((l) => l.lineNumber === lineNumber);
    if (!stored || !line) throw new Error(`sandbox has no order line ${purchaseOrderId}#${lineNumber}`);
    const statuses = line.orderLineStatuses.orderLineStatus;
    let left = quantity;
    for (let i = statuses.length - 1; i >= 0 && left > 0; i--) {
      const s = statuses[i]!;
      if (s.status === 'Cancelled') continue;
      const amount = Number(s.statusQuantity.amount);
      const take = Math.min(amount, left);
      left -= take;
      if (take === amount) statuses.splice(i, 1);
      else s.statusQuantity = { ...s.statusQuantity, amount: String(amount - take) };
    }
    const cancelled = statuses.find((s) => s.status === 'Cancelled');
    if (cancelled) {
      cancelled.statusQuantity = {
        ...cancelled.statusQuantity,
        amount: String(Number(cancelled.statusQuantity.amount) + quantity - left),
      };
    } else statuses.push(renderStatus(stored.json, line, 'Cancelled', at, quantity - left));
    line.statusDate = at;
    stored.lastModified = lastModifiedOf(stored.json);
  }

  /** `POST /v3/orders/{id}/acknowledge`: `Created` lines become `Acknowledged`. */
  acknowledge(purchaseOrderId: string): SandboxAnswer {
    const stored = this.byId.get(purchaseOrderId);
    if (!stored) return notFound(ORDER_API, `Order ${purchaseOrderId} not found`, 'purchaseOrderId');
    const now = this.options.now();
    for (const line of stored.json.orderLines.orderLine) {
      const statuses = line.orderLineStatuses.orderLineStatus;
      if (statuses[statuses.length - 1]?.status === 'Created') {
        this.setLineStatus(purchaseOrderId, line.lineNumber, 'Acknowledged', now);
      }
    }
    return { status: 200, body: { order: stored.json } };
  }

  /** `GET /v3/orders/{id}`. */
  one(purchaseOrderId: string): SandboxAnswer {
    const stored = this.byId.get(purchaseOrderId);
    if (!stored) return notFound(ORDER_API, `Order ${purchaseOrderId} not found`, 'purchaseOrderId');
    return { status: 200, body: { order: stored.json } };
  }

  /** `GET /v3/orders` + `rawQuery` (the query string exactly as received, `?` included or not). */
  list(rawQuery: string): SandboxAnswer {
    const values = parseOrderQuery(rawQuery);
    if (!(values instanceof Map)) return values;
    const isCursor = values.get('hasMoreElements')?.value === 'true';
    if (isCursor) {
      const cursor = rawQuery.startsWith('?') ? rawQuery : `?${rawQuery}`;
      if (!this.issued.has(cursor)) {
        return invalidParam(
          ORDER_API,
          'nextCursor',
          'Cursor not recognised; pass list.meta.nextCursor unchanged',
        );
      }
    }
    const now = this.options.now();
    const limitRaw = values.get('limit')?.value ?? '100';
    const limit = Number(limitRaw);
    if (!/^\d+$/.test(limitRaw) || limit < 1 || limit > 200) {
      return invalidParam(ORDER_API, 'limit', `limit must be a whole number from 1 to 200 (got ${limitRaw})`);
    }
    const dates: Record<string, number | undefined> = {};
    for (const key of [
      'createdStartDate',
      'createdEndDate',
      'lastModifiedStartDate',
      'lastModifiedEndDate',
    ]) {
      const v = values.get(key);
      if (!v) continue;
      const t = parseDate(v.value);
      if (t === undefined) {
        return invalidParam(
          ORDER_API,
          key,
          `${key} must be yyyy-MM-dd or ISO-8601, e.g. 2020-03-16T10:30:15Z`,
        );
      }
      dates[key] = t;
    }
    const createdStart = dates.createdStartDate ?? now - 7 * DAY;
    const createdEnd = dates.createdEndDate ?? now;
    if (createdStart < now - this.options.lookbackDays * DAY) {
      return invalidParam(
        ORDER_API,
        'createdStartDate',
        `Only orders created in the last ${this.options.lookbackDays} days can be fetched`,
      );
    }
    const offset = isCursor ? Number(values.get('poIndex')?.value ?? 'NaN') : 0;
    if (!Number.isInteger(offset) || offset < 0)
      return invalidParam(ORDER_API, 'poIndex', 'Invalid cursor index');
    const max = this.options.maxOrdersPerQuery();
    if (offset >= max) {
      return invalidParam(
        ORDER_API,
        'createdStartDate',
        `A query can fetch at most ${max} orders; narrow the date range`,
      );
    }
    const matches = this.matching(values, createdStart, createdEnd, dates);
    if (matches.length === 0 && offset === 0) {
      if (this.options.emptyAnswer() === 'not-found') {
        return notFound(
          ORDER_API,
          'Failed when called getAllOrders. Orders not found for given search parameters',
        ) as SandboxError;
      }
      return {
        status: 200,
        body: { list: { meta: { totalCount: 0, limit, nextCursor: null }, elements: { order: [] } } },
      };
    }
    const page = matches.slice(offset, offset + limit);
    const next = offset + limit;
    let nextCursor: string | null = null;
    if (next < matches.length) {
      nextCursor = walmartCursor(values, {
        limit,
        total: matches.length,
        next,
        createdStart,
        createdEndGiven: dates.createdEndDate,
        now,
        partnerId: this.options.partnerId,
        sellerId: this.options.sellerId,
      });
      if (!this.issued.has(nextCursor)) {
        this.issued.add(nextCursor);
        this.issuedCursors.push(nextCursor);
      }
    }
    return {
      status: 200,
      body: {
        list: {
          meta: { totalCount: matches.length, limit, nextCursor },
          elements: { order: page.map((s) => s.json) },
        },
      },
    };
  }

  private matching(
    values: Map<string, { value: string }>,
    createdStart: number,
    createdEnd: number,
    dates: Record<string, number | undefined>,
  ): Stored[] {
    const status = values.get('status')?.value;
    const sku = values.get('sku')?.value;
    const po = values.get('purchaseOrderId')?.value;
    const co = values.get('customerOrderId')?.value;
    const shipNodeType = values.get('shipNodeType')?.value ?? 'SellerFulfilled';
    const modFrom = dates.lastModifiedStartDate;
    const modTo = dates.lastModifiedEndDate;
    // Newest first: the created range is one contiguous run of the sorted list.
    const from = lowerBound(this.sorted, createdEnd);
    const out: Stored[] = [];
    for (let i = from; i < this.sorted.length; i++) {
      const s = this.sorted[i] as Stored;
      if (s.orderDate < createdStart) break;
      if (shipNodeType !== 'SellerFulfilled') continue;
      if (modFrom !== undefined && s.lastModified < modFrom) continue;
      if (modTo !== undefined && s.lastModified > modTo) continue;
      if (po && s.json.purchaseOrderId !== po) continue;
      if (co && s.json.customerOrderId !== co) continue;
      const lines = s.json.orderLines.orderLine;
      if (sku && !lines.some((l) => l.item.sku === sku)) continue;
      if (status && !lines.some((l) => l.orderLineStatuses.orderLineStatus.at(-1)?.status === status))
        continue;
      out.push(s);
    }
    return out;
  }
}

function lastModifiedOf(json: WalmartOrderJson): number {
  let latest = json.orderDate;
  for (const l of json.orderLines.orderLine)
    if (typeof l.statusDate === 'number' && l.statusDate > latest) latest = l.statusDate;
  return latest;
}
