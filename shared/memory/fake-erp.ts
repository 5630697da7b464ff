import {
  type AdjustmentRequest,
  type InventoryBalance,
  type ItemVendor,
  type PoSchedule,
  type PostOutcome,
  type ReceiptRequest,
  scheduleRef,
  type StagedTransaction,
  type StageStatus,
} from '../domain/index.ts';
import type { Clock, Erp, ReadResult } from '../ports.ts';

/** One transaction PeopleSoft staged (every staging is kept, duplicates included, so tests can catch them). */
interface FakeTransaction {
  kind: 'receipt' | 'adjustment';
  reference: string;
  receipt?: ReceiptRequest;
  adjustment?: AdjustmentRequest;
  status: StageStatus;
  /** When it becomes visible in the status query (later than the post for delayed staging). */
  stagedAt: number;
  loadedAt?: number;
  controlId: string;
  receiverId?: string;
  errorText?: string;
}

/** A scripted fault for the next post call of one kind (one fault per call, in order). */
export type PostFault =
  /** PeopleSoft staged everything but the answer was lost. */
  | { kind: 'lost-response' }
  /** The request never arrived; the caller only sees a timeout. */
  | { kind: 'not-delivered' }
  /** The answer was lost and the Integration Broker stages the message only after `delayMs`. */
  | { kind: 'delayed-staging'; delayMs: number }
  /** The call fails before anything is sent (an outage, a credentials error). */
  | { kind: 'throw'; message?: string }
  /** The whole message is rejected with an IBResponse error. */
  | { kind: 'reject'; message: string; messageSet?: string; messageId?: string };

type FakeErpRead = 'openSchedules' | 'itemVendors' | 'stagedTransactions' | 'inventoryBalances';

export interface FakeErpSeed {
  schedules?: PoSchedule[];
  itemVendors?: ItemVendor[];
  balances?: InventoryBalance[];
  /** HTTP messages per post call are `ceil(n / batchSize)`, as the real client batches. */
  batchSize?: number;
}

/**
 * A PeopleSoft stand-in for use-case tests: open schedules, item vendors, staging and loading of receipts and
 * adjustments, balances — with scriptable faults (lost responses, rejections, outages, delayed staging) and
 * hooks to interleave other work between reads. Duplicate stagings are accepted, as PeopleSoft may accept them,
 * and recorded so a test can prove there were none.
 */
export class FakeErp implements Erp {
  readonly schedules: PoSchedule[];
  readonly itemVendorRows: ItemVendor[];
  readonly balances = new Map<string, InventoryBalance>();
  readonly transactions: FakeTransaction[] = [];
  readonly faults: {
    postReceipts: PostFault[];
    postAdjustments: PostFault[];
    reads: Partial<Record<FakeErpRead, Error[]>>;
  } = {
    postReceipts: [],
    postAdjustments: [],
    reads: {},
  };
  /** Rejects single requests (a per-transaction rule, e.g. a closed period). */
  rejectWhen?: (
    reference: string,
  ) => { message: string; messageSet?: string; messageId?: string } | undefined;
  /** Runs before each read: lets a test load receipts or run another worker between two reads. */
  beforeRead?: (name: FakeErpRead) => void | Promise<void>;
  /** Runs before each post call is applied. */
  beforePost?: (kind: 'receipt' | 'adjustment', references: string[]) => void | Promise<void>;
  readonly reads: FakeErpRead[] = [];
  private calls = 0;
  private nextControl = 1;
  private nextTx = 1;
  private readonly batchSize: number;

  constructor(
    private readonly clock: Clock,
    seed: FakeErpSeed = {},
  ) {
    this.schedules = structuredClone(seed.schedules ?? []);
    this.itemVendorRows = structuredClone(seed.itemVendors ?? []);
    for (const b of seed.balances ?? []) this.balances.set(b.itemId, { ...b });
    this.batchSize = seed.batchSize ?? 50;
  }

  async openSchedules(fromDate: string, toDate: string): Promise<ReadResult<PoSchedule>> {
    await this.read('openSchedules');
    return {
      rows: structuredClone(this.schedules.filter((s) => s.poDate >= fromDate && s.poDate <= toDate)),
      invalid: [],
    };
  }

  async itemVendors(): Promise<ReadResult<ItemVendor>> {
    await this.read('itemVendors');
    return { rows: structuredClone(this.itemVendorRows), invalid: [] };
  }

  async stagedTransactions(since: number): Promise<ReadResult<StagedTransaction>> {
    await this.read('stagedTransactions');
    const now = this.clock.now();
    const rows = this.transactions
      .filter((t) => t.stagedAt <= now && (t.stagedAt >= since || (t.loadedAt ?? -1) >= since))
      .map((t) => this.statusRow(t));
    return { rows, invalid: [] };
  }

  async inventoryBalances(since: number | undefined): Promise<ReadResult<InventoryBalance>> {
    await this.read('inventoryBalances');
    const rows = [...this.balances.values()].filter((b) => since === undefined || b.changedAt >= since);
    return { rows: structuredClone(rows), invalid: [] };
  }

  async postReceipts(receipts: ReceiptRequest[]): Promise<PostOutcome[]> {
    return this.post('receipt', receipts, this.faults.postReceipts.shift());
  }

  async postAdjustments(adjustments: AdjustmentRequest[]): Promise<PostOutcome[]> {
    return this.post('adjustment', adjustments, this.faults.postAdjustments.shift());
  }

  throttleCount(): number {
    return 0;
  }

  callCount(): number {
    return this.calls;
  }

  // ─── simulation controls ───────────────────────────────────────────────────────────────

  /** Runs the load processes: every visible PENDING transaction (or those matching) becomes LOADED. */
  load(match: (t: FakeTransaction) => boolean = () => true): number {
    const now = this.clock.now();
    let n = 0;
    for (const t of this.transactions) {
      if (t.status !== 'PENDING' || t.stagedAt > now || !match(t)) continue;
      t.status = 'LOADED';
      t.loadedAt = now;
      n += 1;
      if (t.receipt) {
        const r = t.receipt;
        const s = this.schedules.find((x) => scheduleRef(x) === scheduleRef(r));
        if (s) s.qtyReceived += r.quantity;
        t.receiverId = `R${String(this.nextControl++).padStart(9, '0')}`;
      } else if (t.adjustment) {
        const a = t.adjustment;
        const b = this.balances.get(a.itemId) ?? {
          itemId: a.itemId,
          qtyAvailable: 0,
          qtyOnHand: 0,
          qtyReserved: 0,
          changedAt: now,
        };
        this.balances.set(a.itemId, {
          ...b,
          qtyAvailable: b.qtyAvailable + a.quantity,
          qtyOnHand: b.qtyOnHand + a.quantity,
          changedAt: now,
        });
      }
    }
    return n;
  }

  /** Marks a staged transaction as failed by the load process. */
  failStaging(reference: string, errorText: string): void {
    for (const t of this.transactions) {
      if (t.reference === reference && t.status === 'PENDING') {
        t.status = 'ERROR';
        t.errorText = errorText;
      }
    }
  }

  /** Sets an item's balance as if a PeopleSoft user or process changed it now. */
  setBalance(itemId: string, qtyAvailable: number): void {
    const now = this.clock.now();
    this.balances.set(itemId, {
      itemId,
      qtyAvailable,
      qtyOnHand: qtyAvailable,
      qtyReserved: 0,
      changedAt: now,
    });
  }

  /** How many times a reference was staged (I1: never more than one). */
  stagedCount(reference: string): number {
    return this.transactions.filter((t) => t.reference === reference).length;
  }

  /** References staged more than once. */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const t of this.transactions) seen.set(t.reference, (seen.get(t.reference) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([ref]) => ref);
  }

  /** Schedules where received plus staged-but-unloaded receipts exceed the PO quantity (I2: none). */
  overReceived(): { ref: string; qtyPo: number; total: number }[] {
    const out: { ref: string; qtyPo: number; total: number }[] = [];
    for (const s of this.schedules) {
      const ref = scheduleRef(s);
      const pending = this.transactions
        .filter((t) => t.receipt && t.status === 'PENDING' && scheduleRef(t.receipt) === ref)
        .reduce((sum, t) => sum + t.receipt!.quantity, 0);
      const total = s.qtyReceived + pending;
      if (total > s.qtyPo) out.push({ ref, qtyPo: s.qtyPo, total });
    }
    return out;
  }

  private async read(name: FakeErpRead): Promise<void> {
    this.calls += 1;
    this.reads.push(name);
    await this.beforeRead?.(name);
    const fault = this.faults.reads[name]?.shift();
    if (fault) throw fault;
  }

  private async post(
    kind: 'receipt' | 'adjustment',
    requests: (ReceiptRequest | AdjustmentRequest)[],
    fault: PostFault | undefined,
  ): Promise<PostOutcome[]> {
    this.calls += Math.max(1, Math.ceil(requests.length / this.batchSize));
    await this.beforePost?.(
      kind,
      requests.map((r) => r.reference),
    );
    if (fault?.kind === 'throw') throw new Error(fault.message ?? 'PeopleSoft is unreachable');
    if (fault?.kind === 'not-delivered')
      return requests.map(() => ({ kind: 'in-doubt', message: 'request timed out' }));
    if (fault?.kind === 'reject') {
      const { message, messageSet, messageId } = fault;
      return requests.map(() => ({ kind: 'rejected', message, messageSet, messageId }));
    }
    const now = this.clock.now();
    const delay = fault?.kind === 'delayed-staging' ? fault.delayMs : 0;
    const outcomes: PostOutcome[] = requests.map((r) => {
      const rejection = this.rejectWhen?.(r.reference);
      if (rejection) return { kind: 'rejected', ...rejection };
      const transactionId = `PSFT_EP.${kind === 'receipt' ? 'PURCHASE_ORDER_RECEIPT' : 'INVENTORY_ADJUSTMENT'}.${this.nextTx++}`;
      this.transactions.push({
        kind,
        reference: r.reference,
        ...(kind === 'receipt' ? { receipt: r as ReceiptRequest } : { adjustment: r as AdjustmentRequest }),
        status: 'PENDING',
        stagedAt: now + delay,
        controlId: String(this.nextControl++),
      });
      return { kind: 'staged', transactionId };
    });
    if (fault) return requests.map(() => ({ kind: 'in-doubt', message: 'no answer before the timeout' }));
    return outcomes;
  }

  private statusRow(t: FakeTransaction): StagedTransaction {
    const r = t.receipt;
    return {
      reference: t.reference,
      controlId: t.controlId,
      status: t.status,
      errorText: t.errorText,
      receiverId: t.receiverId,
      receiverLineNumber: t.receiverId ? 1 : undefined,
      poId: r?.poId,
      lineNumber: r?.lineNumber,
      schedNumber: r?.schedNumber,
      quantityReceived: r && t.status === 'LOADED' ? r.quantity : undefined,
    };
  }
}
