/** The `walmart` section of the configuration. */
import { z } from 'zod';
import { url } from './schema-parts.ts';

export const walmartSchema = z.object({
  baseUrl: url('Walmart API base')
    .default('https://marketplace.walmartapis.com')
    .describe(
      'Walmart Marketplace API base URL (production `https://marketplace.walmartapis.com`, sandbox `https://sandbox.walmartapis.com`).',
    ),
  serviceName: z
    .string()
    .min(1)
    .default('Walmart Marketplace')
    .describe('Value of the `WM_SVC.NAME` header.'),
  acknowledge: z
    .enum(['never', 'matched', 'all'])
    .default('never')
    .describe(
      'Acknowledge Walmart orders: `never`, `matched` (every line received against a PO) or `all` actionable orders.',
    ),
  channelType: z.string().optional().describe('Optional `WM_CONSUMER.CHANNEL.TYPE` header from onboarding.'),
  timeoutMs: z.number().int().positive().default(30_000).describe('Timeout of one Walmart HTTP request, ms.'),
  maxRetries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(4)
    .describe('Retries of a 5xx, network error or 429 before giving up.'),
  ordersPageLimit: z
    .number()
    .int()
    .min(1)
    .max(200)
    .default(200)
    .describe('`limit` sent to `GET /v3/orders` (at most 200).'),
  feedPollIntervalMs: z
    .number()
    .int()
    .positive()
    .default(15_000)
    .describe('Wait between inventory feed status reads, ms.'),
  feedTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(1_800_000)
    .describe('Give up following a feed after this long, ms (its items are retried next cycle).'),
  allowInsecureHttp: z
    .boolean()
    .default(false)
    .describe('Allow `http://` to a non-loopback host (never in production).'),
  maxOrdersPerQuery: z
    .number()
    .int()
    .min(1)
    .default(10_000)
    .describe(
      'An order window whose first page reports more orders than this is split in half (Walmart documents 10,000 in its guide and 20,000 in its spec).',
    ),
  basicAuthOnCalls: z
    .boolean()
    .default(false)
    .describe(
      "Also send `Authorization: Basic` on business calls, as Walmart's older specs require; only `WM_SEC.ACCESS_TOKEN` is needed today.",
    ),
  rateLimits: z
    .object({
      ordersPerMinute: z
        .number()
        .min(0)
        .default(5000)
        .describe('`GET /v3/orders` requests per minute; 0 = no pacing.'),
      acknowledgePerMinute: z
        .number()
        .min(0)
        .default(60)
        .describe('Order acknowledgements per minute; 0 = no pacing.'),
      inventoryPerMinute: z
        .number()
        .min(0)
        .default(200)
        .describe('`GET`/`PUT /v3/inventory` requests per minute; 0 = no pacing.'),
      feedsPerHour: z.number().min(0).default(10).describe('Inventory feed uploads per hour; 0 = no pacing.'),
      feedStatusPerMinute: z
        .number()
        .min(0)
        .default(5000)
        .describe('Feed status reads per minute; 0 = no pacing.'),
      tokenPerMinute: z.number().min(0).default(30).describe('Token requests per minute; 0 = no pacing.'),
    })
    .default({
      ordersPerMinute: 5000,
      acknowledgePerMinute: 60,
      inventoryPerMinute: 200,
      feedsPerHour: 10,
      feedStatusPerMinute: 5000,
      tokenPerMinute: 30,
    })
    .describe(
      'Client-side pacing per Walmart endpoint, so the connector slows down before Walmart answers 429. Defaults are the published production limits; set your seller-specific limits here.',
    ),
});
