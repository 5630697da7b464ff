/**
 * The configuration of ml-connector (`ml-connector.config.json`), one schema for the CLI and the CDK app.
 * Every key carries a description; docs/configuration.md is checked against this schema by a test.
 */
import { z } from 'zod';

const url = (what: string) =>
  z
    .string({ error: `must be the ${what} URL (a string)` })
    .refine((v) => URL.canParse(v), { error: `must be an absolute URL (the ${what})` });

const cron = z
  .string()
  .refine((v) => v.trim().split(/\s+/).length >= 5 && v.trim().split(/\s+/).length <= 6, {
    error: 'must be a cron expression with 5 or 6 fields, e.g. "*/15 * * * *"',
  });

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
});

export const peoplesoftSchema = z.object({
  restBaseUrl: url('PeopleSoft REST listening connector').describe(
    "`https://HOST:PORT/PSIGW/RESTListeningConnector/NODE` of the customer's Integration Gateway (node usually `PSFT_EP`).",
  ),
  httpListenerUrl: url('PeopleSoft HTTP listening connector').describe(
    '`https://HOST:PORT/PSIGW/HttpListeningConnector`, where the asynchronous EIPs are posted.',
  ),
  businessUnit: z
    .string()
    .min(1, { error: 'must name the PeopleSoft business unit, e.g. "US001"' })
    .describe('PeopleSoft business unit (purchasing and inventory).'),
  node: z
    .string()
    .min(1)
    .default('PSFT_EP')
    .describe('PeopleSoft default local node, sent as the `To` header of EIP posts.'),
  externalNode: z
    .string()
    .min(1)
    .default('ML_CONNECTOR')
    .describe('The external node defined for ml-connector, sent as the `From` header.'),
  auth: z
    .object({
      type: z
        .enum(['basic', 'oauth2'])
        .default('basic')
        .describe('`basic` (OPRID and password; every PeopleTools release) or `oauth2` (PeopleTools 8.58+).'),
      tokenUrl: url('OAuth2 token endpoint')
        .optional()
        .describe("OAuth2 only: the identity provider's token endpoint."),
      scope: z
        .string()
        .optional()
        .describe('OAuth2 only: scope requested with the client-credentials grant.'),
    })
    .default({ type: 'basic' })
    .superRefine((a, ctx) => {
      if (a.type === 'oauth2' && !a.tokenUrl) {
        ctx.addIssue({
          code: 'custom',
          path: ['tokenUrl'],
          message: 'is required when auth.type is "oauth2"',
        });
      }
    })
    .describe('How ml-connector authenticates to PeopleSoft.'),
  maxRows: z
    .number()
    .int()
    .min(1)
    .default(1000)
    .describe('`maxrows` sent to ExecuteQuery; a full response splits the window.'),
  timeZone: z
    .string()
    .default('UTC')
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { error: 'must be an IANA time zone such as "America/Chicago"' },
    )
    .describe('Time zone of PeopleSoft date-times (site time).'),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .default(120_000)
    .describe('Timeout of one PeopleSoft HTTP request, ms.'),
  maxRetries: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe('Retries of a 5xx or network error on reads.'),
  minWindowMs: z
    .number()
    .int()
    .positive()
    .default(60_000)
    .describe('Smallest date-time window a query is split down to, ms.'),
  poLookbackDays: z
    .number()
    .int()
    .positive()
    .default(365)
    .describe('Open POs are read with `PO_DT` from this many days back.'),
  batchSize: z.number().int().min(1).max(500).default(50).describe('Transactions per EIP message.'),
  allowInsecureHttp: z
    .boolean()
    .default(false)
    .describe('Allow `http://` to a non-loopback host (never in production).'),
  queries: z
    .object({
      openPoLines: z.string().default('MLC_OPEN_PO_LINES'),
      itemVendors: z.string().default('MLC_ITEM_VENDORS'),
      receiptStatus: z.string().default('MLC_RECEIPT_STATUS'),
      inventoryBalances: z.string().default('MLC_INV_BALANCES'),
    })
    .default({
      openPoLines: 'MLC_OPEN_PO_LINES',
      itemVendors: 'MLC_ITEM_VENDORS',
      receiptStatus: 'MLC_RECEIPT_STATUS',
      inventoryBalances: 'MLC_INV_BALANCES',
    })
    .describe('Names of the four public queries the customer created (docs/peoplesoft-setup.md).'),
  receipt: z
    .object({
      transactionCode: z.string().default('PORC').describe('`TRANSACTION_CODE` of receipts (site specific).'),
      source: z.string().default('MLC').describe('`EIP_TRANS_SRC` of every transaction.'),
    })
    .default({ transactionCode: 'PORC', source: 'MLC' }),
  adjustment: z
    .object({
      transactionCode: z.string().default('0410'),
      reasonCode: z.string().default('WMT'),
      storageArea: z.string().default('STOCK'),
      storLevel1: z.string().default('01'),
    })
    .default({ transactionCode: '0410', reasonCode: 'WMT', storageArea: 'STOCK', storLevel1: '01' })
    .describe('Inventory adjustment fields; the location is the one the sale leaves from.'),
  receiptLoadTimeoutMinutes: z
    .number()
    .positive()
    .default(240)
    .describe('A staged receipt not loaded after this long is flagged `RECEIPT_NOT_LOADED`.'),
});

export const matchingSchema = z.object({
  policy: z
    .enum(['strict', 'earliest-due'])
    .default('strict')
    .describe(
      '`strict`: more than one candidate schedule is `AMBIGUOUS_PO`; `earliest-due`: earliest `DUE_DT` wins.',
    ),
  suppliers: z
    .record(z.string(), z.string())
    .default({})
    .describe("SKU → supplier (`VENDOR_ID` or supplier name); wins over PeopleSoft's item–vendor list."),
  items: z
    .record(z.string(), z.string())
    .default({})
    .describe('SKU → PeopleSoft `INV_ITEM_ID` where they differ (default: identity).'),
  units: z
    .record(z.string(), z.string())
    .default({ EACH: 'EA', EA: 'EA' })
    .describe('Walmart unit → PeopleSoft unit of measure.'),
});

export const ordersSchema = z.object({
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
});

export const inventorySchema = z.object({
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

export const storeSchema = z.object({
  path: z.string().min(1).default('./ml-connector.sqlite').describe('SQLite file of the embedded runtime.'),
  retentionDays: z.number().int().min(1).default(400).describe('Audit entries older than this are purged.'),
});

export const scheduleSchema = z.object({
  orders: cron.default('*/15 * * * *').describe('Cron of the orders cycle (poll, match, post, confirm).'),
  inventory: cron.default('0 * * * *').describe('Cron of the inventory cycle.'),
  timeZone: z.string().default('UTC').describe('Time zone of the cron expressions.'),
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
