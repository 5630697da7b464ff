/**
 * Query strings of `GET /v3/orders` as the sandbox reads them: parameters kept raw (still percent-encoded,
 * exactly as sent) so cursors can echo them, unknown or repeated parameters refused like Walmart's validation.
 */
import type { SandboxAnswer } from './sandbox-auth.ts';
import { invalidParam } from './sandbox-errors.ts';

export const ORDER_API = 'GMP_ORDER_API';

/** One parameter: as received and decoded. */
type OrderQueryValues = Map<string, { raw: string; value: string }>;

/** Raw (still percent-encoded) query parameters, in order; values exactly as the caller sent them. */
function rawParams(rawQuery: string): [string, string][] {
  const q = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (q === '') return [];
  return q.split('&').map((kv) => {
    const eq = kv.indexOf('=');
    return eq < 0 ? [kv, ''] : [kv.slice(0, eq), kv.slice(eq + 1)];
  });
}

function decode(v: string): string | undefined {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** `yyyy-MM-dd` or ISO-8601 with an offset; undefined when neither. */
export function parseDate(v: string): number | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

const FILTERS = new Set([
  'sku',
  'customerOrderId',
  'purchaseOrderId',
  'status',
  'createdStartDate',
  'createdEndDate',
  'fromExpectedShipDate',
  'toExpectedShipDate',
  'lastModifiedStartDate',
  'lastModifiedEndDate',
  'limit',
  'productInfo',
  'shipNodeType',
  'shippingProgramType',
  'replacementInfo',
  'orderType',
  'hasMoreElements',
  'soIndex',
  'poIndex',
  'partnerId',
  'sellerId',
]);

/** The parameters of an orders query, or the 400 answer naming the bad one. */
export function parseOrderQuery(rawQuery: string): OrderQueryValues | SandboxAnswer {
  const params = rawParams(rawQuery);
  const values = new Map<string, { raw: string; value: string }>();
  for (const [key, raw] of params) {
    if (!FILTERS.has(key)) return invalidParam(ORDER_API, key, `Unknown query parameter ${key}`);
    if (values.has(key)) {
      return invalidParam(ORDER_API, key, `Query parameter ${key} given more than once`);
    }
    const value = decode(raw);
    if (value === undefined)
      return invalidParam(ORDER_API, key, `Query parameter ${key} is not valid percent-encoding`);
    values.set(key, { raw, value });
  }
  return values;
}
