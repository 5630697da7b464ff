/**
 * The Walmart Marketplace adapter of the `Marketplace` port: orders, acknowledgement, inventory and bulk
 * inventory feeds over Walmart's REST API, with one shared retry/throttle policy and token manager.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/index.ts';
import type { OrderLineResult } from '../domain/index.ts';
import { HttpPolicy } from '../http/index.ts';
import {
  type Clock,
  type InventoryPushResult,
  type Log,
  type Marketplace,
  type OrderWindow,
  silentLog,
  systemClock,
} from '../ports.ts';
import {
  readInventoryFeedStatus,
  splitInventoryItems,
  submitInventoryFeed as submitFeed,
  type WalmartFeedStatus,
} from './walmart-feeds.ts';
import { encodeWalmartParam, getInventory, putInventory } from './walmart-inventory.ts';
import { resolveWalmartLimits, type WalmartLimitOverrides } from './walmart-limits.ts';
import { DEFAULT_ORDER_READ, type OrderReadOptions, readOrderLines } from './walmart-orders.ts';
import { WalmartRequester } from './walmart-request.ts';
import { type WalmartCredentialSource, WalmartTokenManager } from './walmart-token.ts';

export interface WalmartMarketplaceOptions {
  /** `https://marketplace.walmartapis.com`, `https://sandbox.walmartapis.com`, or a local sandbox URL. */
  baseUrl: string;
  /** `WM_SVC.NAME` header (default `Walmart Marketplace`). */
  serviceName?: string;
  credentials: WalmartCredentialSource;
  /** Timeout of one HTTP request, ms (default 30,000). */
  timeoutMs?: number;
  /** Retries of a 5xx, network error or 429 (default 4). */
  maxRetries?: number;
  /** `limit` of `GET /v3/orders` (default 200, Walmart's maximum). */
  ordersPageLimit?: number;
  clock?: Clock;
  log?: Log;
  /** `WM_CONSUMER.CHANNEL.TYPE` header, when onboarding gave one. */
  channelType?: string;
  /** Client-side rate limits per endpoint over the production defaults; `null` turns one off. */
  limits?: WalmartLimitOverrides;
  /** Orders one query may return before the window is split (default 10,000). */
  maxOrdersPerQuery?: number;
  /** Longest order window per query, ms (default 24 h). */
  maxOrderWindowMs?: number;
  /** How far back Walmart keeps orders, days (default 180). */
  orderLookbackDays?: number;
  /** See OrderReadOptions.modifiedIncludesCreatedSince (default true). */
  modifiedIncludesCreatedSince?: boolean;
  /** Optional `shipNodeType` filter on order queries. */
  shipNodeType?: string;
  /** Refresh the token this long before it expires, ms (default 120,000). */
  refreshBeforeExpiryMs?: number;
  /** Item details per feed status request (default and Walmart maximum 50). */
  feedDetailsPageSize?: number;
  /** Send `Authorization: Basic` on business calls too, as Walmart's older specs require (default false). */
  basicAuthOnCalls?: boolean;
  /** Backoff tuning of the shared HTTP policy. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxThrottleWaitMs?: number;
  /** Jitter source (tests). */
  random?: () => number;
}

/** What the client keeps of a recent feed: SKUs by file index, and the items it left out. */
interface FeedMemory {
  skus: string[];
  rejected: InventoryPushResult[];
}

/** Feeds remembered per client (status answers may name an item only by its index). */
const FEED_MEMORY = 50;

/** Walmart Marketplace behind the `Marketplace` port. */
export class WalmartMarketplace implements Marketplace {
  readonly policy: HttpPolicy;
  readonly tokens: WalmartTokenManager;
  private readonly client: WalmartRequester;
  private readonly orderRead: OrderReadOptions;
  private readonly feeds = new Map<string, FeedMemory>();

  constructor(private readonly options: WalmartMarketplaceOptions) {
    const baseUrl = options.baseUrl.replace(/\/+$/, '');
    const clock = options.clock ?? systemClock;
    const log = options.log ?? silentLog;
    const serviceName = options.serviceName ?? 'Walmart Marketplace';
    this.policy = new HttpPolicy({
      system: 'walmart',
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 4,
      limits: resolveWalmartLimits(options.limits),
      clock,
      log,
      ...(options.baseDelayMs !== undefined ? { baseDelayMs: options.baseDelayMs } : {}),
      ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}),
      ...(options.maxThrottleWaitMs !== undefined ? { maxThrottleWaitMs: options.maxThrottleWaitMs } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    this.tokens = new WalmartTokenManager({
      baseUrl,
      serviceName,
      credentials: options.credentials,
      policy: this.policy,
      clock,
      log,
      ...(options.channelType ? { channelType: options.channelType } : {}),
      ...(options.refreshBeforeExpiryMs !== undefined
        ? { refreshBeforeExpiryMs: options.refreshBeforeExpiryMs }
        : {}),
    });
    const credentials = options.credentials;
    this.client = new WalmartRequester({
      baseUrl,
      serviceName,
      policy: this.policy,
      tokens: this.tokens,
      log,
      ...(options.channelType ? { channelType: options.channelType } : {}),
      ...(options.basicAuthOnCalls
        ? {
            basicAuthOnCalls: async () => {
              const c = typeof credentials === 'function' ? await credentials() : credentials;
              return `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
            },
          }
        : {}),
    });
    this.orderRead = {
      ...DEFAULT_ORDER_READ,
      pageLimit: Math.min(200, Math.max(1, options.ordersPageLimit ?? DEFAULT_ORDER_READ.pageLimit)),
      maxOrdersPerQuery: options.maxOrdersPerQuery ?? DEFAULT_ORDER_READ.maxOrdersPerQuery,
      maxWindowMs: options.maxOrderWindowMs ?? DEFAULT_ORDER_READ.maxWindowMs,
      lookbackDays: options.orderLookbackDays ?? DEFAULT_ORDER_READ.lookbackDays,
      modifiedIncludesCreatedSince:
        options.modifiedIncludesCreatedSince ?? DEFAULT_ORDER_READ.modifiedIncludesCreatedSince,
      ...(options.shipNodeType ? { shipNodeType: options.shipNodeType } : {}),
      clock,
      log,
    };
  }

  /** Every order line created (or modified) in the window; invalid lines come as `{ok:false}`. */
  orderLines(window: OrderWindow): AsyncIterable<OrderLineResult> {
    return readOrderLines(this.client, window, this.orderRead);
  }

  /** `POST /v3/orders/{id}/acknowledge`: acknowledges every line of the purchase order. */
  async acknowledge(purchaseOrderId: string): Promise<void> {
    const res = await this.client.send({
      endpoint: 'acknowledge',
      method: 'POST',
      pathAndQuery: `/v3/orders/${encodeWalmartParam(purchaseOrderId)}/acknowledge`,
      // Acknowledging an order twice leaves it acknowledged.
      idempotent: true,
    });
    if (res.status < 200 || res.status >= 300) this.client.fail(res, `purchase order ${purchaseOrderId}`);
  }

  /** Walmart's quantity of a SKU, or undefined when Walmart does not know it. */
  getInventory(sku: string): Promise<number | undefined> {
    return getInventory(this.client, sku);
  }

  /** Sets one SKU's quantity; failures are results, not exceptions. */
  putInventory(sku: string, quantity: number): Promise<InventoryPushResult> {
    return putInventory(this.client, sku, quantity);
  }

  /**
   * Uploads one bulk inventory feed (spec 1.4) and returns its feed id. Items Walmart would refuse (empty or
   * repeated SKU, quantity not a whole number ≥ 0) are left out and reported by `inventoryFeedStatus` as
   * failed, not retryable; when no item is left, nothing is sent and the returned id (`NOT-SENT-…`) reads
   * as a feed in ERROR.
   */
  async submitInventoryFeed(items: { sku: string; quantity: number }[]): Promise<string> {
    const { valid, rejected } = splitInventoryItems(items);
    if (valid.length === 0 && rejected.length > 0) {
      const feedId = `NOT-SENT-${randomUUID()}`;
      this.remember(feedId, { skus: [], rejected });
      return feedId;
    }
    const feedId = await submitFeed(this.client, valid);
    this.remember(feedId, { skus: valid.map((i) => i.sku), rejected });
    return feedId;
  }

  /** The feed's status and per-SKU outcomes (items left out at upload included). */
  async inventoryFeedStatus(feedId: string): Promise<WalmartFeedStatus> {
    const memory = this.feeds.get(feedId);
    const rejected = memory?.rejected ?? [];
    if (feedId.startsWith('NOT-SENT-') && memory) {
      return {
        feedId,
        status: 'ERROR',
        items: rejected,
        itemsReceived: 0,
        itemsSucceeded: 0,
        itemsFailed: rejected.length,
        itemsProcessing: 0,
        errors: [
          { code: 'NOT_SENT', description: 'no item of the feed was valid; nothing was sent to Walmart' },
        ],
      };
    }
    const status = await readInventoryFeedStatus(this.client, feedId, {
      pageSize: this.options.feedDetailsPageSize ?? 50,
      ...(memory ? { skuAt: (i: number) => memory.skus[i] } : {}),
    });
    return rejected.length > 0 ? { ...status, items: [...status.items, ...rejected] } : status;
  }

  private remember(feedId: string, entry: FeedMemory): void {
    this.feeds.set(feedId, entry);
    if (this.feeds.size > FEED_MEMORY) this.feeds.delete(this.feeds.keys().next().value as string);
  }

  /** HTTP requests sent so far, token requests and retries included. */
  callCount(): number {
    return this.policy.callCount();
  }

  /** 429 answers received so far. */
  throttleCount(): number {
    return this.policy.throttleCount();
  }

  /** Same as walmartMarketplaceFromConfig. */
  static fromConfig(
    config: Config['walmart'],
    credentials: WalmartCredentialSource,
    options: Partial<Omit<WalmartMarketplaceOptions, 'credentials'>> = {},
  ): WalmartMarketplace {
    return walmartMarketplaceFromConfig(config, credentials, options);
  }
}

/** Client-side limits from the `walmart.rateLimits` section (per minute / per hour; 0 turns pacing off). */
export function walmartLimitsFromConfig(rates: Config['walmart']['rateLimits']): WalmartLimitOverrides {
  const limit = (count: number, windowSeconds: number) =>
    count > 0 ? { capacity: Math.max(1, count), perSecond: count / windowSeconds } : null;
  return {
    orders: limit(rates.ordersPerMinute, 60),
    acknowledge: limit(rates.acknowledgePerMinute, 60),
    inventory: limit(rates.inventoryPerMinute, 60),
    feeds: limit(rates.feedsPerHour, 3600),
    feedStatus: limit(rates.feedStatusPerMinute, 60),
    token: limit(rates.tokenPerMinute, 60),
  };
}

/** A WalmartMarketplace from the validated `walmart` section of the configuration. */
export function walmartMarketplaceFromConfig(
  config: Config['walmart'],
  credentials: WalmartCredentialSource,
  options: Partial<Omit<WalmartMarketplaceOptions, 'credentials'>> = {},
): WalmartMarketplace {
  return new WalmartMarketplace({
    baseUrl: config.baseUrl,
    serviceName: config.serviceName,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    ordersPageLimit: config.ordersPageLimit,
    ...(config.maxOrdersPerQuery !== undefined ? { maxOrdersPerQuery: config.maxOrdersPerQuery } : {}),
    ...(config.basicAuthOnCalls !== undefined ? { basicAuthOnCalls: config.basicAuthOnCalls } : {}),
    ...(config.rateLimits ? { limits: walmartLimitsFromConfig(config.rateLimits) } : {}),
    ...(config.channelType ? { channelType: config.channelType } : {}),
    ...options,
    credentials,
  });
}
