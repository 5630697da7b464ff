import type { Actor, FlagReason, LineStatus, SkipReason, WriteState } from './line-state.ts';

/** One PeopleSoft write of a line, as recorded in the audit trail. */
export interface WriteRecord {
  reference: string;
  state: WriteState;
  /** Epoch ms when the intent was recorded (the post happens after it). */
  intentAt: number;
  transactionId?: string;
  receiverId?: string;
  /** PeopleSoft's message for a rejection (MessageSet/MessageID/DefaultMessage) or staging error text. */
  error?: { messageSet?: string; messageId?: string; message: string };
  attempts: number;
}

/** The current state of one order line: one row per order line key. */
export interface LineRecord {
  /** `{purchaseOrderId}#{lineNumber}`. */
  key: string;
  purchaseOrderId: string;
  lineNumber: string;
  sku: string;
  /** PeopleSoft item the SKU maps to (set once known). */
  itemId?: string;
  /** The actionable quantity: what the receipt and the adjustment are (or will be) for. */
  quantity: number;
  /** Of the Walmart line, the quantity cancelled so far (absent: none). */
  cancelledQuantity?: number;
  unit: string;
  orderDate: number;
  walmartStatus: string;
  status: LineStatus;
  reason?: FlagReason | SkipReason;
  /** A sentence a warehouse clerk understands. */
  detail?: string;
  /** Matched schedule, `BU/PO_ID/LINE/SCHED`. */
  poRef?: string;
  vendorId?: string;
  /** PeopleSoft unit of measure used for the receipt and adjustment. */
  unitOfMeasure?: string;
  receipt?: WriteRecord;
  adjustment?: WriteRecord;
  /** The `+qty` adjustment (`…-ADJR`) that puts back the stock of a part cancelled after the sale's adjustment. */
  reversal?: WriteRecord;
  /** Quantity the reversal is (or will be) for; set once, when the late cancellation is recorded. */
  reversalQuantity?: number;
  /** A reviewer's decision that overrides matching (`resolve KEY --po ...`). */
  resolution?: { poRef?: string; skip?: boolean; note?: string; by: string; at: number };
  /** Whether the line's order was acknowledged on Walmart. */
  acknowledged?: boolean;
  /**
   * Attempts of writes that were cleared after PeopleSoft proved them absent (or a replay cleared a rejection),
   * so the next intent continues the count.
   */
  priorAttempts?: { receipt?: number; adjustment?: number; reversal?: number };
  createdAt: number;
  updatedAt: number;
  /** Optimistic-concurrency counter: bumped by every write. */
  version: number;
}

/** One entry of a line's history: every state change appends one. */
export interface AuditEntry {
  key: string;
  purchaseOrderId: string;
  lineNumber: string;
  at: number;
  actor: Actor;
  from?: LineStatus;
  to: LineStatus;
  reason?: string;
  detail: string;
  /** References and API error details (never a secret). */
  data?: Record<string, unknown>;
}

/** The `audit list --json` shape (docs/operations.md). */
interface AuditListItem {
  purchaseOrderId: string;
  lineNumber: string;
  sku: string;
  status: LineStatus;
  reason: string | null;
  detail: string | null;
  poRef: string | null;
  updatedAt: string;
}

/** Projects a line record to the documented `audit list` shape. */
export function toAuditListItem(r: LineRecord): AuditListItem {
  return {
    purchaseOrderId: r.purchaseOrderId,
    lineNumber: r.lineNumber,
    sku: r.sku,
    status: r.status,
    reason: r.reason ?? null,
    detail: r.detail ?? null,
    poRef: r.poRef ?? null,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
