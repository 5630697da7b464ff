/** The Walmart sandbox's routing: method and path to the endpoint that answers, or the gateway's 404/405. */
import type http from 'node:http';
import type { SandboxAnswer, SandboxAuth } from './sandbox-auth.ts';
import { gatewayError } from './sandbox-errors.ts';
import type { SandboxFeeds } from './sandbox-feeds.ts';
import { getInventoryAnswer, putInventoryAnswer } from './sandbox-inventory.ts';
import type { SandboxEndpoint } from './sandbox-knobs.ts';
import type { SandboxOrders } from './sandbox-orders.ts';

interface RouteContext {
  query: URLSearchParams;
  /** The query string exactly as received. */
  rawQuery: string;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
}

export interface Route {
  endpoint: SandboxEndpoint;
  run: (ctx: RouteContext) => SandboxAnswer | Promise<SandboxAnswer>;
}

interface SandboxServices {
  auth: SandboxAuth;
  orders: SandboxOrders;
  feeds: SandboxFeeds;
  inventory: Map<string, number>;
}

function dec(v: string | undefined): string {
  try {
    return decodeURIComponent(v ?? '');
  } catch {
    return v ?? '';
  }
}

/** A function from method and path to its route, or the gateway answer for an unknown path or method. */
export function createRouter({ auth, orders, feeds, inventory }: SandboxServices) {
  const routes: [RegExp, string, SandboxEndpoint, (m: RegExpExecArray) => Route['run']][] = [
    [/^\/v3\/token$/, 'POST', 'token', () => (c) => auth.token(c.headers, c.body.toString('utf8'))],
    [/^\/v3\/orders$/, 'GET', 'orders', () => (c) => orders.list(c.rawQuery)],
    [
      /^\/v3\/orders\/([^/]+)\/acknowledge$/,
      'POST',
      'acknowledge',
      (m) => () => orders.acknowledge(dec(m[1])),
    ],
    [/^\/v3\/orders\/([^/]+)$/, 'GET', 'order', (m) => () => orders.one(dec(m[1]))],
    [
      /^\/v3\/inventory$/,
      'GET',
      'inventory',
      () => (c) => {
        feeds.settle();
        return getInventoryAnswer(inventory, c.query);
      },
    ],
    [
      /^\/v3\/inventory$/,
      'PUT',
      'inventory',
      () => (c) => {
        feeds.settle();
        return putInventoryAnswer(
          inventory,
          c.query,
          String(c.headers['content-type'] ?? ''),
          c.body.toString('utf8'),
        );
      },
    ],
    [
      /^\/v3\/feeds$/,
      'POST',
      'feeds',
      () => (c) => feeds.submit(c.query, String(c.headers['content-type'] ?? ''), c.body),
    ],
    [/^\/v3\/feeds\/([^/]+)$/, 'GET', 'feedStatus', (m) => (c) => feeds.status(dec(m[1]), c.query)],
  ];

  return (method: string, path: string): Route | SandboxAnswer => {
    let pathKnown = false;
    for (const [re, m, endpoint, make] of routes) {
      const match = re.exec(path);
      if (!match) continue;
      pathKnown = true;
      if (m === method) return { endpoint, run: make(match) };
    }
    return pathKnown
      ? gatewayError(405, {
          code: 'METHOD_NOT_ALLOWED.GMP_GATEWAY_API',
          description: `${method} is not allowed on ${path}`,
        })
      : gatewayError(404, { code: 'URI_NOT_FOUND.GMP_GATEWAY_API', description: `No API at ${path}` });
  };
}
