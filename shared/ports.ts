/**
 * The ports of ml-connector: what the use cases need from the outside world.
 * Adapters implement them (shared/walmart, shared/peoplesoft, shared/embedded, shared/aws, shared/memory);
 * entry points (functions/, cli/) wire adapters into use cases. Use cases import only these and the domain.
 */
import type {
  AdjustmentRequest,
  AuditEntry,
  InventoryBalance,
  InventoryEntry,
  InventoryFilter,
  ItemVendor,
  LineRecord,
  LineStatus,
  OrderLineResult,
  PoSchedule,
  PostOutcome,
  ReceiptRequest,
  StagedTransaction,
} from './domain/index.ts';

// ─── Marketplace (Walmart) ────────────────────────────────────────────────────────────────

/** A window of order creation or modification times, epoch ms, `start` inclusive, `end` exclusive. */
export interface OrderWindow {
  start: number;
  end: number;
  /** `created` uses createdStartDate/createdEndDate; `modified` uses lastModifiedStartDate/lastModifiedEndDate. */
  by: 'created' | 'modified';
}

/** Per-SKU outcome of an inventory push. */
export interface InventoryPushResult {
  sku: string;
  ok: boolean;
  /** For failures: whether a retry may help (`SYSTEM_ERROR`, `TIMEOUT_ERROR`, 5xx) or not (`DATA_ERROR`, 4xx). */
  retryable?: boolean;
  code?: string;
  message?: string;
}

/** Feed status as the sync-inventory use case needs it. */
export interface InventoryFeedStatus {
  feedId: string;
  status: 'RECEIVED' | 'INPROGRESS' | 'PROCESSED' | 'ERROR';
  items: InventoryPushResult[];
}

export interface Marketplace {
  /**
   * Every order line in the window, page after page (windows split as Walmart's limits require).
   * Invalid lines are yielded as `{ok:false}` results, never thrown. Memory stays flat.
   */
  orderLines(window: OrderWindow): AsyncIterable<OrderLineResult>;
  /** Acknowledges every line of a purchase order. */
  acknowledge(purchaseOrderId: string): Promise<void>;
  /** Current Walmart quantity of a SKU; `undefined` when Walmart does not know the SKU. */
  getInventory(sku: string): Promise<number | undefined>;
  /** Sets one SKU's quantity (`PUT /v3/inventory`). */
  putInventory(sku: string, quantity: number): Promise<InventoryPushResult>;
  /** Submits a bulk inventory feed (spec 1.4) and returns its feed id. */
  submitInventoryFeed(items: { sku: string; quantity: number }[]): Promise<string>;
  /** Reads a feed's status with per-item details. */
  inventoryFeedStatus(feedId: string): Promise<InventoryFeedStatus>;
  /** Number of HTTP calls made so far (for `sync --json` `apiCalls`). */
  callCount(): number;
  /** HTTP 429 answers received so far (for the throttles metric). */
  throttleCount(): number;
}

// ─── ERP (PeopleSoft) ─────────────────────────────────────────────────────────────────────

/** Rows a read could not use: reported with row number and field, never thrown. */
export interface InvalidRow {
  query: string;
  rowNumber: number;
  field: string;
  message: string;
}

export interface ReadResult<T> {
  rows: T[];
  invalid: InvalidRow[];
}

export interface Erp {
  /** Open PO schedules whose PO date lies in `[fromDate, toDate]` (`YYYY-MM-DD`), every row (windows bisected). */
  openSchedules(fromDate: string, toDate: string): Promise<ReadResult<PoSchedule>>;
  /** The whole item–vendor list (keyset paged by item). */
  itemVendors(): Promise<ReadResult<ItemVendor>>;
  /** Receipts and adjustments staged or loaded at or after `since` (epoch ms). */
  stagedTransactions(since: number): Promise<ReadResult<StagedTransaction>>;
  /** Balances changed at or after `since` (epoch ms); `undefined` means every balance. */
  inventoryBalances(since: number | undefined): Promise<ReadResult<InventoryBalance>>;
  /** Posts receipts as `PURCHASE_ORDER_RECEIPT` messages (batched); one outcome per request, in order. */
  postReceipts(receipts: ReceiptRequest[]): Promise<PostOutcome[]>;
  /** Posts adjustments as `INVENTORY_ADJUSTMENT` messages (batched); one outcome per request, in order. */
  postAdjustments(adjustments: AdjustmentRequest[]): Promise<PostOutcome[]>;
  /** Number of HTTP calls made so far. */
  callCount(): number;
  /** HTTP 429 answers received so far (for the throttles metric). */
  throttleCount(): number;
}

// ─── Storage ──────────────────────────────────────────────────────────────────────────────

export interface AuditFilter {
  status?: LineStatus;
  reason?: string;
  purchaseOrderId?: string;
  sku?: string;
  /** Epoch ms: only lines updated at or after it. */
  updatedSince?: number;
  limit?: number;
}

/**
 * The audit trail: one current record per order line plus its append-only history.
 * Every write is conditional so that concurrent workers and replays can never lose or double an update.
 */
export interface AuditTrail {
  get(key: string): Promise<LineRecord | undefined>;
  /**
   * Creates the record with `version: 1` and appends `entry`, unless a record with that key exists.
   * Returns false (and writes nothing) when it exists: polling the same line twice is a no-op.
   */
  create(record: LineRecord, entry: AuditEntry): Promise<boolean>;
  /**
   * Replaces the record if its stored version still equals `expectedVersion`, storing `version + 1`
   * and appending `entry` atomically. Returns the stored record, or undefined when the version moved on
   * (somebody else changed it: re-read and decide again).
   */
  update(next: LineRecord, expectedVersion: number, entry: AuditEntry): Promise<LineRecord | undefined>;
  /** Current records matching the filter, most recently updated first. */
  list(filter: AuditFilter): Promise<LineRecord[]>;
  /**
   * Every record `list` would return, in the same order (most recently updated first), read page by page
   * so that any number of lines is listed in flat memory. `limit` caps it; without one nothing is left out.
   */
  listEach(filter: AuditFilter): AsyncIterable<LineRecord>;
  /** Appends inventory entries: one per Walmart quantity set or tried (kept like line entries). */
  recordInventory(entries: InventoryEntry[]): Promise<void>;
  /** Inventory entries, newest first, page by page in flat memory; `limit` caps it. */
  inventoryEntries(filter: InventoryFilter): AsyncIterable<InventoryEntry>;
  /** Records in any of these statuses (for the engine's sweeps), oldest first. */
  byStatus(statuses: LineStatus[], limit?: number): Promise<LineRecord[]>;
  /**
   * Every line whose receipt is in INTENT, STAGED or IN_DOUBT (any line status), oldest update first, read
   * with strong consistency: a write that returned is always seen. The engine's I2 reservations come from here, never
   * from an index that may lag behind the writes. With `items`, only lines whose `itemId` (or SKU, when a
   * record has none) is one of them.
   */
  reservingLines(items?: readonly string[]): Promise<LineRecord[]>;
  /** History of every line of an order, oldest first. */
  history(purchaseOrderId: string): Promise<AuditEntry[]>;
}

/** Named checkpoints (high-water marks) and leases (mutual exclusion across processes). */
export interface Checkpoints {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** Takes the lease if free or expired; true when `owner` holds it for `ttlMs` from now. */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
}

/**
 * Makes a group of store writes durable together: one commit for a batch's intents, one for its answers,
 * instead of one per line. A write inside `run` is durable only once `run` has resolved, so `fn` must not
 * call Walmart or PeopleSoft. Stores whose writes are durable one by one run `fn` as it is.
 */
export interface UnitOfWork {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** One unit of work: an order line key, grouped by PeopleSoft item so one item is worked by one worker at a time. */
export interface WorkItem {
  key: string;
  group: string;
  /** Times the item was put back because another worker held its item (absent: never). */
  postponed?: number;
}

export interface ReceivedWork extends WorkItem {
  /** Opaque handle for delete/release. */
  handle: string;
  receiveCount: number;
}

/** A queue with SQS semantics: visibility timeout, receive count, dead letters after N receives. */
export interface WorkQueue {
  send(items: WorkItem[]): Promise<void>;
  receive(max: number, visibilityTimeoutMs: number): Promise<ReceivedWork[]>;
  delete(handle: string): Promise<void>;
  /** Makes the item visible again after `delayMs` (a failed attempt). */
  release(handle: string, delayMs: number): Promise<void>;
  /**
   * Puts a received item back, visible again after `delayMs`, without counting this receive toward the
   * dead-letter limit: the item waited for another worker, it did not fail. Its `postponed` count grows by one.
   */
  postpone(work: ReceivedWork, delayMs: number): Promise<void>;
  /** Items that reached the maximum receive count. */
  deadLetters(): Promise<WorkItem[]>;
  /** Moves dead letters (all, or those keys) back to the queue; returns how many moved. */
  redrive(keys?: string[]): Promise<number>;
}

// ─── Environment ──────────────────────────────────────────────────────────────────────────

export interface Clock {
  /** Epoch ms. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Credentials of both systems. Values never reach a log, an audit entry, an error message or CLI output. */
export interface WalmartCredentials {
  clientId: string;
  clientSecret: string;
}

export type PeopleSoftCredentials =
  | { type: 'basic'; username: string; password: string }
  | { type: 'oauth2'; clientId: string; clientSecret: string };

export interface CredentialSource {
  walmart(): Promise<WalmartCredentials>;
  peoplesoft(): Promise<PeopleSoftCredentials>;
}

/** Structured logger (Powertools-compatible field names). Never pass a secret. */
export interface Log {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
