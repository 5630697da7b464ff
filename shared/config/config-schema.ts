/**
 * The configuration of ml-connector (`ml-connector.config.json`), one schema for the CLI and the CDK app.
 * Every key carries a description; docs/configuration.md is checked against this schema by a test.
 */
import { cronProblem } from './cron-check.ts';
import { z } from 'zod';
import { isTimeZone } from '../domain/site-date.ts';
import { ADJUSTMENT_MESSAGE_FIELDS, RECEIPT_MESSAGE_FIELDS } from '../domain/eip-message-fields.ts';

const url = (what: string) =>
  z
    .string({ error: `must be the ${what} URL (a string)` })
    .refine((v) => URL.canParse(v), { error: `must be an absolute URL (the ${what})` });

const cron = z.string().superRefine((v, ctx) => {
  const problem = cronProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

// Names become XML element names verbatim, so only XML names are accepted.
const xmlName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, {
  error: 'must be an XML element name (letters, digits, `_`, `.`, `-`; not starting with a digit)',
});

const fieldNames = <const F extends readonly [string, ...string[]]>(message: string, fields: F) =>
  z.partialRecord(z.enum(fields), xmlName, {
    error: (issue) =>
      issue.code === 'invalid_key'
        ? `is not a field of the ${message} message; use one of ${fields.join(', ')}`
        : undefined,
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
    .refine(isTimeZone, { error: 'must be an IANA time zone such as "America/Chicago"' })
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
  transactionsPerMessage: z
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .describe(
      'Transactions per EIP message. What limits it at a site is the Integration Broker message size (the gateway and the node allow a few MB by default; a receipt transaction is about 1 KB).',
    ),
  allowInsecureHttp: z
    .boolean()
    .default(false)
    .describe('Allow `http://` to a non-loopback host (never in production).'),
  queries: z
    .object({
      openPoLines: z
        .string()
        .default('MLC_OPEN_PO_LINES')
        .describe('Query of open PO schedules by `PO_DT` range.'),
      itemVendors: z
        .string()
        .default('MLC_ITEM_VENDORS')
        .describe('Query of the item–vendor list with priorities.'),
      receiptStatus: z
        .string()
        .default('MLC_RECEIPT_STATUS')
        .describe('Query of staged and loaded receipts and adjustments by reference.'),
      inventoryBalances: z
        .string()
        .default('MLC_INV_BALANCES')
        .describe('Query of inventory balances changed since a date-time.'),
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
    .default({ transactionCode: 'PORC', source: 'MLC' })
    .describe('Receipt fields written into every `PURCHASE_ORDER_RECEIPT` transaction.'),
  adjustment: z
    .object({
      transactionCode: z.string().default('0410').describe('`TRANSACTION_CODE` of adjustments.'),
      reasonCode: z.string().default('WMT').describe('`REASON_CD` of adjustments.'),
      storageArea: z.string().default('STOCK').describe('`STORAGE_AREA` the sold units leave from.'),
      storLevel1: z.string().default('01').describe('`STOR_LEVEL_1` the sold units leave from.'),
    })
    .default({ transactionCode: '0410', reasonCode: 'WMT', storageArea: 'STOCK', storLevel1: '01' })
    .describe('Inventory adjustment fields; the location is the one the sale leaves from.'),
  inDoubtGraceMinutes: z
    .number()
    .positive()
    .optional()
    .describe(
      'A post without an answer is posted again only once the receipt-status query, run at least this long after it, shows it absent (default: the larger of 15 minutes and twice `timeoutMs`). Raise it where Integration Broker queues can stall longer.',
    ),
  receiptLoadTimeoutMinutes: z
    .number()
    .positive()
    .default(240)
    .describe('A staged receipt not loaded after this long is flagged `RECEIPT_NOT_LOADED`.'),
  messageLayout: z
    .strictObject({
      receipt: z
        .strictObject({
          root: xmlName
            .optional()
            .describe('Root element of the receipt message (default `PURCHASE_ORDER_RECEIPT`).'),
          headerRecord: xmlName.optional().describe('Receipt header record (default `BCT_C_PO_RC_EVW`).'),
          detailRecord: xmlName.optional().describe('Receipt detail record (default `BCT_D_PO_RC_EVW`).'),
          fieldNames: fieldNames('receipt', RECEIPT_MESSAGE_FIELDS)
            .optional()
            .describe(
              `Receipt field → the element name your site uses, e.g. \`{"BILL_OF_LADING": "PACKSLIP_NO"}\`; fields not listed keep their contract name. Fields: ${RECEIPT_MESSAGE_FIELDS.join(', ')}.`,
            ),
        })
        .optional()
        .describe('Site-specific names of the `PURCHASE_ORDER_RECEIPT` message.'),
      adjustment: z
        .strictObject({
          root: xmlName
            .optional()
            .describe('Root element of the adjustment message (default `INVENTORY_ADJUSTMENT`).'),
          record: xmlName.optional().describe('Adjustment record (default `BCT_C_INV_ADJ_EVW`).'),
          fieldNames: fieldNames('adjustment', ADJUSTMENT_MESSAGE_FIELDS)
            .optional()
            .describe(
              `Adjustment field → the element name your site uses; fields not listed keep their contract name. Fields: ${ADJUSTMENT_MESSAGE_FIELDS.join(', ')}.`,
            ),
        })
        .optional()
        .describe('Site-specific names of the `INVENTORY_ADJUSTMENT` message.'),
    })
    .optional()
    .describe(
      'Record and field names of the EIP messages, for sites whose messages differ from the delivered layout; every part is optional and merged over the defaults.',
    ),
  stageStatusCodes: z
    .record(z.string().min(1), z.enum(['PENDING', 'LOADED', 'ERROR']))
    .optional()
    .describe(
      'Site `STAGE_STATUS` code → `PENDING`, `LOADED` or `ERROR`, when your receipt-status query returns codes instead of those words, e.g. `{"N": "PENDING", "C": "LOADED", "E": "ERROR"}`.',
    ),
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
