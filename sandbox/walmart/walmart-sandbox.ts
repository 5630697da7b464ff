/**
 * A Walmart Marketplace simulator on loopback for tests, benchmarks and the demo: token service, orders,
 * acknowledge, inventory and bulk inventory feeds, Walmart's headers, error shapes and token-bucket throttling,
 * plus fault knobs (latency, 5xx, 429 bursts, token revocation, dropped connections).
 */
import { SandboxInventory } from './sandbox-inventory.ts';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../../shared/ports.ts';
import type { World, WorldOrder } from '../world.ts';
import { type SandboxAnswer, SandboxAuth } from './sandbox-auth.ts';
import { serverError, throttled, unauthorized } from './sandbox-errors.ts';
import { type SandboxFeed, SandboxFeeds } from './sandbox-feeds.ts';
import {
  consume,
  DEFAULT_KNOBS,
  DEFAULT_SANDBOX_LIMIT,
  SANDBOX_ENDPOINTS,
  type SandboxEndpoint,
  type WalmartSandboxKnobs,
} from './sandbox-knobs.ts';
import { SandboxOrders } from './sandbox-orders.ts';
import { createRouter, type Route } from './sandbox-routes.ts';
import {
  type EndpointCounter,
  loggedBody,
  loggedHeaders,
  SandboxRequestLog,
  type SandboxRequestRecord,
} from './sandbox-request-log.ts';
import { SandboxBucket, type SandboxRateLimit } from './sandbox-rate-limit.ts';
import { seededRandom } from '../seeded-random.ts';

export type { SandboxEndpoint, WalmartSandboxKnobs } from './sandbox-knobs.ts';
export type { EndpointCounter, SandboxRequestRecord } from './sandbox-request-log.ts';

export interface WalmartSandboxOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Credentials the token service accepts (defaults are obviously fake). */
  clientId?: string;
  clientSecret?: string;
  /** Seeds orders (`world.orders`) and inventory (`world.walmartInventory`). */
  world?: World;
  /** Orders to seed (in addition to the world's). */
  orders?: WorldOrder[];
  /** Walmart quantities per SKU (merged over the world's). */
  inventory?: Record<string, number>;
  /** Time source for token expiry, throttling, order windows and feed processing (default: real time). */
  clock?: Clock;
  /** Seed of feed ids and the random error rate. */
  seed?: number;
  /** Token buckets per endpoint; `null` turns metering (and its headers) off. Generous by default. */
  rateLimits?: Partial<Record<SandboxEndpoint, SandboxRateLimit | null>>;
  /** Oldest order creation date a query may ask for, days (180). */
  lookbackDays?: number;
  partnerId?: string;
  sellerId?: string;
  knobs?: Partial<WalmartSandboxKnobs>;
  /** Requests kept in `requests` (oldest dropped first; default 20,000). */
  maxRequestLog?: number;
}

export interface WalmartSandbox {
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  knobs: WalmartSandboxKnobs;
  orders: SandboxOrders;
  /** Current quantities, and with `setsOf(sku)` every quantity a SKU was set to. */
  inventory: SandboxInventory;
  feeds: Map<string, SandboxFeed>;
  requests: SandboxRequestRecord[];
  counters: Record<SandboxEndpoint, EndpointCounter>;
  /** Every `nextCursor` handed out, in order. */
  issuedCursors: readonly string[];
  /** Tokens issued so far. */
  tokensIssued(): number;
  /** Invalidates every token at once (the next business call with one gets 401). */
  revokeTokens(): void;
  setOrders(orders: WorldOrder[]): void;
  addOrder(order: WorldOrder): void;
  /** Cancels a line: status `Cancelled`, status date now (or `at`). */
  cancelLine(purchaseOrderId: string, lineNumber: string, at?: number): void;
  /** Cancels `quantity` of a line (a partial cancellation: one more `Cancelled` status). */
  cancelPart(purchaseOrderId: string, lineNumber: string, quantity: number, at?: number): void;
  setInventory(sku: string, quantity: number): void;
  /** Applies finished feeds to the inventory (also done before every inventory or feed request). */
  settleFeeds(): void;
  /** Clears the request log and counters. */
  resetLog(): void;
  close(): Promise<void>;
}

/** Starts a Walmart sandbox on loopback. */
export async function startWalmartSandbox(options: WalmartSandboxOptions = {}): Promise<WalmartSandbox> {
  const clock = options.clock ?? systemClock;
  const clientId = options.clientId ?? 'sandbox-client-id';
  const clientSecret = options.clientSecret ?? 'sandbox-client-secret';
  const knobs: WalmartSandboxKnobs = {
    ...structuredClone(DEFAULT_KNOBS),
    ...options.knobs,
  };
  const random = seededRandom(options.seed ?? 42);
  const inventory = new SandboxInventory(
    { ...(options.world?.walmartInventory ?? {}), ...(options.inventory ?? {}) },
    () => clock.now(),
  );
  const auth = new SandboxAuth({
    clientId,
    clientSecret,
    clock,
    expiresInSeconds: () => knobs.tokenExpiresInSeconds,
    expiredTokenStyle: () => knobs.expiredToken,
  });
  const orders = new SandboxOrders({
    now: () => clock.now(),
    maxOrdersPerQuery: () => knobs.maxOrdersPerQuery,
    lookbackDays: options.lookbackDays ?? 180,
    partnerId: options.partnerId ?? '100009',
    sellerId: options.sellerId ?? '8',
    emptyAnswer: () => knobs.emptyOrders,
  });
  orders.set([...(options.world?.orders ?? []), ...(options.orders ?? [])]);
  const feeds = new SandboxFeeds({
    clock,
    random,
    inventory,
    processingMs: () => knobs.feedProcessingMs,
    failures: () => knobs.feedItemFailures,
    maxFileBytes: () => knobs.maxFeedBytes,
  });
  const buckets = new Map<SandboxEndpoint, SandboxBucket>();
  for (const ep of SANDBOX_ENDPOINTS) {
    const limit =
      options.rateLimits && ep in options.rateLimits ? options.rateLimits[ep] : DEFAULT_SANDBOX_LIMIT;
    if (limit) buckets.set(ep, new SandboxBucket(limit, clock));
  }
  const log = new SandboxRequestLog(options.maxRequestLog ?? 20_000);

  const route = createRouter({ auth, orders, feeds, inventory });

  async function answer(
    r: Route | SandboxAnswer,
    ctx: Parameters<Route['run']>[0],
  ): Promise<SandboxAnswer & { drop?: 'before' | 'after' }> {
    if (!('run' in r)) return r;
    const ep = r.endpoint;
    if (consume(knobs.dropNext, ep)) return { status: 0, body: null, drop: 'before' };
    if (ep !== 'token') {
      const refused = auth.check(ctx.headers) ?? (knobs.refuseAllTokens ? unauthorized() : undefined);
      if (refused) return refused;
      if (knobs.revokeTokensAfterRequests !== null && --knobs.revokeTokensAfterRequests <= 0) {
        knobs.revokeTokensAfterRequests = null;
        auth.revokeAll();
      }
    }
    const bucket = buckets.get(ep);
    if (consume(knobs.throttleNext, ep)) return throttledAnswer(String(clock.now() + knobs.throttleWaitMs));
    if (bucket && !bucket.take()) return throttledAnswer(bucket.headers()['x-next-replenish-time'] ?? '');
    if (consume(knobs.failNext, ep) || (knobs.errorRate > 0 && random() < knobs.errorRate)) {
      return serverError(knobs.failStatus, ep === 'token' ? 'GMP_GATEWAY_API' : componentOf(ep));
    }
    if (knobs.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, knobs.latencyMs));
    let result = await r.run(ctx);
    if (result.status === 200 && consume(knobs.partialNext, ep)) result = partialContent(result);
    return consume(knobs.dropAfterNext, ep) ? { ...result, drop: 'after' } : result;
  }

  /** Walmart's `206`: part of a list answer, with an error saying some content was not found. */
  function partialContent(answer: SandboxAnswer): SandboxAnswer {
    const body = structuredClone(answer.body) as { list?: { elements?: { order?: unknown[] } } };
    const orders = body.list?.elements?.order;
    if (Array.isArray(orders)) orders.pop();
    return {
      ...answer,
      status: 206,
      body: {
        ...body,
        errors: [
          {
            code: 'SOME_CONTENT_NOT_FOUND.GMP_ORDER_API',
            field: 'data',
            description: 'Some of the orders could not be returned',
            info: 'Partial content',
            severity: 'ERROR',
            category: 'DATA',
          },
        ],
      },
    };
  }

  function throttledAnswer(replenishAt: string): SandboxAnswer {
    const t = throttled();
    return {
      ...t,
      headers: {
        'x-current-token-count': '0',
        'x-next-replenish-time': replenishAt,
        ...(knobs.retryAfterSeconds !== null ? { 'retry-after': String(knobs.retryAfterSeconds) } : {}),
      },
    };
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q);
    const method = req.method ?? 'GET';
    const r = route(method, path);
    const endpoint = 'run' in r ? r.endpoint : 'unknown';
    const entry: SandboxRequestRecord = {
      at: clock.now(),
      method,
      path,
      query: rawQuery,
      endpoint,
      status: 0,
      headers: loggedHeaders(req.headers),
    };
    const logged = loggedBody(req.headers, body);
    if (logged !== undefined) entry.body = logged;
    let out: SandboxAnswer & { drop?: 'before' | 'after' };
    try {
      out = await answer(r, { query: new URLSearchParams(rawQuery), rawQuery, body, headers: req.headers });
    } catch {
      out = serverError(500, 'GMP_GATEWAY_API');
    }
    if (out.drop) {
      entry.status = 'dropped';
      log.record(entry);
      req.socket.destroy();
      return;
    }
    entry.status = out.status;
    log.record(entry);
    const bucket = endpoint === 'unknown' ? undefined : buckets.get(endpoint);
    const isText = typeof out.body === 'string';
    res.writeHead(out.status, {
      'content-type': 'application/json;charset=utf-8',
      ...(bucket ? bucket.headers() : {}),
      ...out.headers,
    });
    res.end(isText ? (out.body as string) : JSON.stringify(out.body));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    clientId,
    clientSecret,
    clock,
    knobs,
    orders,
    inventory,
    feeds: feeds.feeds,
    requests: log.requests,
    counters: log.counters,
    issuedCursors: orders.issuedCursors,
    tokensIssued: () => auth.issued,
    revokeTokens: () => auth.revokeAll(),
    setOrders: (o) => orders.set(o),
    addOrder: (o) => orders.add(o),
    cancelLine: (po, line, at) => orders.setLineStatus(po, line, 'Cancelled', at ?? clock.now()),
    cancelPart: (po, line, quantity, at) => orders.cancelPart(po, line, quantity, at ?? clock.now()),
    setInventory: (sku, quantity) => {
      inventory.set(sku, quantity);
    },
    settleFeeds: () => feeds.settle(),
    resetLog: () => log.reset(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function componentOf(ep: SandboxEndpoint): string {
  if (ep === 'inventory') return 'GMP_INVENTORY_API';
  if (ep === 'feeds' || ep === 'feedStatus') return 'GMP_FEED_API';
  return 'GMP_ORDER_API';
}
