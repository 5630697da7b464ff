/** The `peoplesoft` section of the configuration. */
import { z } from 'zod';
import { ADJUSTMENT_MESSAGE_FIELDS, isTimeZone, RECEIPT_MESSAGE_FIELDS } from '../domain/index.ts';
import { fieldNames, url, xmlName } from './schema-parts.ts';

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
  maxConcurrentPosts: z
    .number()
    .int()
    .min(1)
    .max(32)
    .default(4)
    .describe(
      'EIP messages posted at once (after the first of a batch was answered). What limits it at a site is the Integration Broker gateway and the handlers of the listening connector.',
    ),
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
              `Receipt field → the element name your site uses, e.g. \`{"BILL_OF_LADING": "PACKSLIP_NO"}\`; fields not listed keep their delivered name (docs/peoplesoft-setup.md). Fields: ${RECEIPT_MESSAGE_FIELDS.join(', ')}.`,
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
              `Adjustment field → the element name your site uses; fields not listed keep their delivered name (docs/peoplesoft-setup.md). Fields: ${ADJUSTMENT_MESSAGE_FIELDS.join(', ')}.`,
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
