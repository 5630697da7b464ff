/**
 * The configuration of ml-connector (`ml-connector.config.json`), one schema for the CLI and the CDK app.
 * Every key carries a description; docs/configuration.md is checked against this schema by a test.
 */
import { z } from 'zod';
import { isTimeZone } from '../domain/index.ts';
import { peoplesoftSchema } from './peoplesoft-schema.ts';
import { cron } from './schema-parts.ts';
import { walmartSchema } from './walmart-schema.ts';

export { peoplesoftSchema } from './peoplesoft-schema.ts';
export { walmartSchema } from './walmart-schema.ts';

const matchingSchema = z.object({
  policy: z
    .enum(['strict', 'earliest-due'])
    .default('strict')
    .describe(
      '`strict`: more than one candidate schedule is `AMBIGUOUS_PO`; `earliest-due`: earliest `DUE_DT` wins.',
    ),
  suppliers: z
    .record(z.string(), z.string())
    .default({})
    .describe(
      'SKU → supplier (`VENDOR_ID` or supplier name), e.g. `{"WM-GLOVE-L": "0000012345"}`; wins over PeopleSoft\'s item–vendor list.',
    ),
  items: z
    .record(z.string(), z.string())
    .default({})
    .describe(
      'SKU → PeopleSoft `INV_ITEM_ID` where they differ (default: identity), e.g. `{"WM-GLOVE-L": "10001"}`.',
    ),
  units: z
    .record(z.string(), z.string())
    .default({ EACH: 'EA', EA: 'EA' })
    .describe('Walmart unit → PeopleSoft unit of measure.'),
});

const ordersSchema = z.object({
  initialLookbackDays: z
    .number()
    .int()
    .min(1)
    .max(180)
    .default(3)
    .describe('First poll reads this many days back.'),
  overlapMinutes: z
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('Each poll starts this long before the last one ended.'),
  maxAttempts: z
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('Attempts of a work item before it is dead-lettered.'),
  reverseCancelledAdjustments: z
    .boolean()
    .default(true)
    .describe(
      'A line Walmart cancels (in part) after its adjustment was posted gets one `+qty` adjustment (`WM-{po}-{line}-ADJR`) putting the cancelled stock back; the receipt is never reversed automatically.',
    ),
  busyRetrySeconds: z
    .number()
    .int()
    .min(0)
    .max(900)
    .default(5)
    .describe(
      'A line whose item another worker holds is put back for this many seconds (plus as much again at random); the wait does not count as an attempt.',
    ),
  maxBusyRetries: z
    .number()
    .int()
    .min(1)
    .default(200)
    .describe(
      'Times a line may be put back for a busy item before each further wait counts as a failed attempt (a safeguard: an item lease always expires).',
    ),
});

const inventorySchema = z.object({
  safetyStock: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Units held back: Walmart gets `max(0, QTY_AVAILABLE - safetyStock)`.'),
  feedThreshold: z
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('More changed SKUs than this go as one bulk feed instead of single PUTs.'),
});

const storeSchema = z.object({
  path: z.string().min(1).default('./ml-connector.sqlite').describe('SQLite file of the embedded runtime.'),
  retentionDays: z.number().int().min(1).default(400).describe('Audit entries older than this are purged.'),
});

const scheduleSchema = z.object({
  orders: cron.default('*/15 * * * *').describe('Cron of the orders cycle (poll, match, post, confirm).'),
  inventory: cron.default('0 * * * *').describe('Cron of the inventory cycle.'),
  reconcile: cron
    .optional()
    .describe(
      'Cron of a full reconcile that sets every SKU whose Walmart quantity disagrees with PeopleSoft (`reconcile --push`); off when absent.',
    ),
  timeZone: z
    .string()
    .default('UTC')
    .refine(isTimeZone, { error: 'must be an IANA time zone such as "America/Chicago"' })
    .describe('Time zone of the cron expressions.'),
});

export const configSchema = z.object({
  walmart: walmartSchema.default(walmartSchema.parse({})),
  peoplesoft: peoplesoftSchema,
  matching: matchingSchema.default(matchingSchema.parse({})),
  orders: ordersSchema.default(ordersSchema.parse({})),
  inventory: inventorySchema.default(inventorySchema.parse({})),
  store: storeSchema.default(storeSchema.parse({})),
  schedule: scheduleSchema.default(scheduleSchema.parse({})),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
