/**
 * PeopleSoftErp: the `Erp` port over Oracle PeopleSoft FSCM. Reads through Query Access Services,
 * writes through the asynchronous EIPs, all under the shared HTTP policy.
 */
import { type Config, isLoopback } from '../config/index.ts';
import type {
  AdjustmentRequest,
  InventoryBalance,
  ItemVendor,
  PoSchedule,
  PostOutcome,
  ReceiptRequest,
  StagedTransaction,
  StageStatus,
} from '../domain/index.ts';
import { HttpPolicy } from '../http/index.ts';
import { type Clock, type Erp, type Log, type ReadResult, silentLog, systemClock } from '../ports.ts';
import { EipPoster } from './eip-poster.ts';
import {
  type AdjustmentLayout,
  adjustmentProblems,
  buildAdjustmentMessage,
  buildReceiptMessage,
  type ReceiptLayout,
  receiptProblems,
} from './eip-xml.ts';
import { type MessageLayoutOverrides, resolveMessageLayout } from './message-layout.ts';
import { type CredentialsInput, PeopleSoftAuth } from './peoplesoft-auth.ts';
import { PeopleSoftConfigError } from './peoplesoft-errors.ts';
import { PeopleSoftTransport } from './peoplesoft-transport.ts';
import { QasClient } from './qas-client.ts';
import { FIRST_ITEM_SENTINEL, PeopleSoftQueries } from './queries.ts';

type PeopleSoftConfig = Config['peoplesoft'];

export interface PeopleSoftErpOptions {
  config: PeopleSoftConfig;
  /** OPRID/password or OAuth2 client, or a function that loads them (called once, and again after a 401). */
  credentials: CredentialsInput;
  clock?: Clock;
  log?: Log;
  /**
   * Message layout overrides for sites whose EIP messages use other record or field names; merged over
   * `config.messageLayout`, which is merged over the defaults.
   */
  layout?: MessageLayoutOverrides;
  /**
   * Site codes of `STAGE_STATUS` mapped to PENDING/LOADED/ERROR, when the query returns codes; added to
   * `config.stageStatusCodes` (these win).
   */
  stageStatusCodes?: Record<string, StageStatus>;
  /** `AFTER_ITEM` of the first item–vendor page (default a single blank). */
  firstItem?: string;
  /** OAuth2 client authentication at the token endpoint (default `basic`). */
  tokenClientAuth?: 'basic' | 'body';
  /** Backoff shape of retries (tests shorten it). */
  retry?: { baseDelayMs?: number; maxDelayMs?: number; random?: () => number };
}

/** Refuses plain http to anything but this machine unless `allowInsecureHttp` is set. */
function checkUrls(config: PeopleSoftConfig): void {
  const urls: [string, string | undefined][] = [
    ['peoplesoft.restBaseUrl', config.restBaseUrl],
    ['peoplesoft.httpListenerUrl', config.httpListenerUrl],
    ['peoplesoft.auth.tokenUrl', config.auth.type === 'oauth2' ? config.auth.tokenUrl : undefined],
  ];
  for (const [key, value] of urls) {
    if (value === undefined) continue;
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      throw new PeopleSoftConfigError(key, `${key} "${value}" is not an absolute URL`);
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      throw new PeopleSoftConfigError(key, `${key} must be an http(s) URL, not ${u.protocol}`);
    }
    if (u.protocol === 'http:' && !isLoopback(value) && !config.allowInsecureHttp) {
      throw new PeopleSoftConfigError(
        key,
        `${key} uses plain http:// to the remote host ${u.hostname}, which would expose PeopleSoft credentials; use https:// (or set peoplesoft.allowInsecureHttp for a test system)`,
      );
    }
  }
}

/** The site's `STAGE_STATUS` codes, keyed in upper case as the receipt-status rows are compared. */
function stageStatusCodes(...maps: (Record<string, StageStatus> | undefined)[]): Record<string, StageStatus> {
  const out: Record<string, StageStatus> = {};
  for (const map of maps)
    for (const [code, status] of Object.entries(map ?? {})) out[code.trim().toUpperCase()] = status;
  return out;
}

export class PeopleSoftErp implements Erp {
  private readonly policy: HttpPolicy;
  private readonly queries: PeopleSoftQueries;
  private readonly poster: EipPoster;
  private readonly receiptLayout: ReceiptLayout;
  private readonly adjustmentLayout: AdjustmentLayout;

  constructor(private readonly options: PeopleSoftErpOptions) {
    const { config } = options;
    checkUrls(config);
    const clock = options.clock ?? systemClock;
    const log = options.log ?? silentLog;
    this.policy = new HttpPolicy({
      system: 'peoplesoft',
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      baseDelayMs: options.retry?.baseDelayMs,
      maxDelayMs: options.retry?.maxDelayMs,
      random: options.retry?.random,
      clock,
      log,
    });
    const auth = new PeopleSoftAuth({
      auth: config.auth,
      credentials: options.credentials,
      policy: this.policy,
      clock,
      log,
      tokenClientAuth: options.tokenClientAuth,
    });
    const transport = new PeopleSoftTransport(this.policy, auth);
    this.queries = new PeopleSoftQueries(
      new QasClient(config.restBaseUrl, transport, log),
      {
        businessUnit: config.businessUnit,
        maxRows: config.maxRows,
        timeZone: config.timeZone,
        queries: config.queries,
        stageStatusCodes: stageStatusCodes(config.stageStatusCodes, options.stageStatusCodes),
        firstItem: options.firstItem ?? FIRST_ITEM_SENTINEL,
      },
      log,
    );
    this.poster = new EipPoster(
      transport,
      {
        httpListenerUrl: config.httpListenerUrl,
        node: config.node,
        externalNode: config.externalNode,
        batchSize: config.transactionsPerMessage,
        maxConcurrent: config.maxConcurrentPosts,
      },
      log,
    );
    const layouts = resolveMessageLayout(config.messageLayout, options.layout);
    this.receiptLayout = layouts.receipt;
    this.adjustmentLayout = layouts.adjustment;
  }

  /** Open PO schedules with `PO_DT` in `[fromDate, toDate]`; windows are bisected until no row is cut off. */
  openSchedules(fromDate: string, toDate: string): Promise<ReadResult<PoSchedule>> {
    return this.queries.openPoLines(fromDate, toDate);
  }

  /** The whole item–vendor list, keyset paged by item. */
  itemVendors(): Promise<ReadResult<ItemVendor>> {
    return this.queries.itemVendors();
  }

  /** Receipts and adjustments staged or loaded at or after `since` (epoch ms), keyset paged by reference. */
  stagedTransactions(since: number): Promise<ReadResult<StagedTransaction>> {
    return this.queries.receiptStatus(since);
  }

  /** Balances changed at or after `since` (epoch ms), or every balance when undefined; keyset paged by item. */
  inventoryBalances(since: number | undefined): Promise<ReadResult<InventoryBalance>> {
    return this.queries.inventoryBalances(since);
  }

  /** Posts receipts as `PURCHASE_ORDER_RECEIPT.VERSION_1` messages of `batchSize` transactions. */
  postReceipts(receipts: ReceiptRequest[]): Promise<PostOutcome[]> {
    const { receipt } = this.options.config;
    return this.poster.post({
      operation: 'PURCHASE_ORDER_RECEIPT.VERSION_1',
      items: receipts,
      reference: (r) => r.reference,
      problems: receiptProblems,
      build: (items) => buildReceiptMessage(items, receipt, this.receiptLayout),
    });
  }

  /** Posts adjustments as `INVENTORY_ADJUSTMENT.VERSION_1` messages of `batchSize` transactions. */
  postAdjustments(adjustments: AdjustmentRequest[]): Promise<PostOutcome[]> {
    const { receipt, adjustment } = this.options.config;
    return this.poster.post({
      operation: 'INVENTORY_ADJUSTMENT.VERSION_1',
      items: adjustments,
      reference: (a) => a.reference,
      problems: adjustmentProblems,
      build: (items) =>
        buildAdjustmentMessage(items, { source: receipt.source, ...adjustment }, this.adjustmentLayout),
    });
  }

  /** HTTP requests sent so far, token requests and retries included. */
  callCount(): number {
    return this.policy.callCount();
  }

  /** 429 answers received so far (the gateway or a proxy in front of it throttling). */
  throttleCount(): number {
    return this.policy.throttleCount();
  }
}
