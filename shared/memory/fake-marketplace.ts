import type { InvalidOrderLine, OrderLine, OrderLineResult, WalmartLineStatus } from '../domain/index.ts';
import type { InventoryFeedStatus, InventoryPushResult, Marketplace, OrderWindow } from '../ports.ts';

/** One order line as the fake holds it, with the times the created and modified windows filter on. */
interface FakeOrderLine {
  result: OrderLineResult;
  createdAt: number;
  modifiedAt: number;
}

/** Per-item feed ingestion statuses, as Walmart reports them. */
type IngestionStatus = 'SUCCESS' | 'DATA_ERROR' | 'SYSTEM_ERROR' | 'TIMEOUT_ERROR';

interface Feed {
  items: { sku: string; quantity: number }[];
  polls: number;
  result?: InventoryFeedStatus;
}

/**
 * A Walmart stand-in for use-case tests: order lines filtered by created or modified window, acknowledgements,
 * inventory by PUT or bulk feed — with scripted failures per SKU, per feed item and per acknowledgement.
 */
export class FakeMarketplace implements Marketplace {
  readonly lines: FakeOrderLine[] = [];
  readonly inventory = new Map<string, number>();
  readonly acknowledged: string[] = [];
  readonly putCalls: { sku: string; quantity: number }[] = [];
  readonly feeds = new Map<string, Feed>();
  readonly faults = {
    /** Thrown by the next order reads, in order (after `afterLines` lines when set). */
    orderLines: [] as { error: Error; afterLines?: number }[],
    acknowledge: new Map<string, Error>(),
    /** Per SKU, the next PUT results (an Error is thrown). */
    put: new Map<string, (InventoryPushResult | Error)[]>(),
    /** Per SKU, the next feed ingestion statuses. */
    feedItems: new Map<string, IngestionStatus[]>(),
    submitFeed: [] as Error[],
  };
  /** Status reads before a feed finishes. */
  feedPollsBeforeDone = 1;
  /** Final feed status (ERROR fails every item of the feed). */
  feedOutcome: 'PROCESSED' | 'ERROR' = 'PROCESSED';
  private calls = 0;
  private nextFeed = 1;

  /** Adds a valid line; created defaults to the order date. */
  addLine(line: OrderLine, times: { createdAt?: number; modifiedAt?: number } = {}): void {
    const createdAt = times.createdAt ?? line.orderDate;
    this.lines.push({
      result: { ok: true, line: { ...line } },
      createdAt,
      modifiedAt: times.modifiedAt ?? createdAt,
    });
  }

  /** Adds a line Walmart sent with a defect. */
  addInvalid(invalid: InvalidOrderLine, createdAt: number): void {
    this.lines.push({ result: { ok: false, invalid: { ...invalid } }, createdAt, modifiedAt: createdAt });
  }

  /** Changes a line's status (e.g. a cancellation) at `at`. */
  setStatus(purchaseOrderId: string, lineNumber: string, status: WalmartLineStatus, at: number): void {
    this.changeLine(purchaseOrderId, lineNumber, at, (line) => {
      line.status = status;
      if (status === 'Cancelled') line.cancelledQuantity = line.quantity;
    });
  }

  /** Cancels `quantity` of a line at `at` (Walmart adds a `Cancelled` status of that quantity). */
  cancelPart(purchaseOrderId: string, lineNumber: string, quantity: number, at: number): void {
    this.changeLine(purchaseOrderId, lineNumber, at, (line) => {
      line.cancelledQuantity += quantity;
      line.quantity -= quantity;
      if (line.quantity <= 0) {
        line.quantity = line.cancelledQuantity;
        line.status = 'Cancelled';
      }
    });
  }

  private changeLine(
    purchaseOrderId: string,
    lineNumber: string,
    at: number,
    change: (line: OrderLine) => void,
  ): void {
    for (const l of this.lines) {
      if (!l.result.ok) continue;
      const line = l.result.line;
      if (line.purchaseOrderId !== purchaseOrderId || line.lineNumber !== lineNumber) continue;
      change(line);
      line.statusDate = at;
      l.modifiedAt = at;
    }
  }

  async *orderLines(window: OrderWindow): AsyncIterable<OrderLineResult> {
    this.calls += 1;
    const fault = this.faults.orderLines.shift();
    if (fault && fault.afterLines === undefined) throw fault.error;
    let n = 0;
    for (const l of this.lines) {
      const t = window.by === 'created' ? l.createdAt : l.modifiedAt;
      if (t < window.start || t >= window.end) continue;
      if (fault && n === fault.afterLines) throw fault.error;
      n += 1;
      yield structuredClone(l.result);
    }
  }

  async acknowledge(purchaseOrderId: string): Promise<void> {
    this.calls += 1;
    const error = this.faults.acknowledge.get(purchaseOrderId);
    if (error) throw error;
    this.acknowledged.push(purchaseOrderId);
  }

  async getInventory(sku: string): Promise<number | undefined> {
    this.calls += 1;
    return this.inventory.get(sku);
  }

  async putInventory(sku: string, quantity: number): Promise<InventoryPushResult> {
    this.calls += 1;
    this.putCalls.push({ sku, quantity });
    const scripted = this.faults.put.get(sku)?.shift();
    if (scripted instanceof Error) throw scripted;
    if (scripted && !scripted.ok) return scripted;
    this.inventory.set(sku, quantity);
    return { sku, ok: true };
  }

  async submitInventoryFeed(items: { sku: string; quantity: number }[]): Promise<string> {
    this.calls += 1;
    const error = this.faults.submitFeed.shift();
    if (error) throw error;
    const feedId = `${String(this.nextFeed++).padStart(32, '0')}@AQMB`;
    this.feeds.set(feedId, { items: structuredClone(items), polls: 0 });
    return feedId;
  }

  async inventoryFeedStatus(feedId: string): Promise<InventoryFeedStatus> {
    this.calls += 1;
    const feed = this.feeds.get(feedId);
    if (!feed) throw new Error(`unknown feed ${feedId}`);
    feed.polls += 1;
    if (feed.result) return structuredClone(feed.result);
    if (feed.polls < this.feedPollsBeforeDone) return { feedId, status: 'INPROGRESS', items: [] };
    if (this.feedOutcome === 'ERROR') {
      feed.result = { feedId, status: 'ERROR', items: [] };
      return structuredClone(feed.result);
    }
    const items = feed.items.map((i): InventoryPushResult => {
      const status = this.faults.feedItems.get(i.sku)?.shift() ?? 'SUCCESS';
      if (status === 'SUCCESS') {
        this.inventory.set(i.sku, i.quantity);
        return { sku: i.sku, ok: true };
      }
      return {
        sku: i.sku,
        ok: false,
        retryable: status !== 'DATA_ERROR',
        code: status,
        message: `ingestion ${status}`,
      };
    });
    feed.result = { feedId, status: 'PROCESSED', items };
    return structuredClone(feed.result);
  }

  throttleCount(): number {
    return 0;
  }

  callCount(): number {
    return this.calls;
  }
}
