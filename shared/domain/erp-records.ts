/** One row of `MLC_ITEM_VENDORS`: a vendor that supplies an item, with its priority (1 = preferred). */
export interface ItemVendor {
  itemId: string;
  vendorId: string;
  vendorName: string;
  priority: number;
}

/** Staging status of an EIP transaction in PeopleSoft. */
export type StageStatus = 'PENDING' | 'LOADED' | 'ERROR';

/** One row of `MLC_RECEIPT_STATUS`: a staged or loaded transaction (receipt or adjustment). */
export interface StagedTransaction {
  /** The connector's reference, e.g. `WM-1796277083022-4` or `WM-1796277083022-4-ADJ`. */
  reference: string;
  controlId: string;
  status: StageStatus;
  errorText?: string;
  receiverId?: string;
  receiverLineNumber?: number;
  poId?: string;
  lineNumber?: number;
  schedNumber?: number;
  quantityReceived?: number;
  receiptShipStatus?: string;
}

/** One row of `MLC_INV_BALANCES`. */
export interface InventoryBalance {
  itemId: string;
  qtyAvailable: number;
  qtyOnHand: number;
  qtyReserved: number;
  /** Epoch ms (converted from the site time zone). */
  changedAt: number;
}

/** A receipt to post against a matched PO schedule. */
export interface ReceiptRequest {
  reference: string;
  businessUnit: string;
  vendorId: string;
  poId: string;
  lineNumber: number;
  schedNumber: number;
  quantity: number;
  unitOfMeasure: string;
}

/** An inventory adjustment to post (signed quantity; a sale is negative). */
export interface AdjustmentRequest {
  reference: string;
  businessUnit: string;
  itemId: string;
  quantity: number;
  unitOfMeasure: string;
}

/**
 * The outcome of posting one EIP message. The whole message shares it: PeopleSoft answers one IBResponse per message.
 * - `staged`: IBResponse success with a TransactionID.
 * - `rejected`: IBResponse error (possibly with HTTP 200); nothing was staged.
 * - `in-doubt`: the request may have reached PeopleSoft but no answer came (timeout, reset, 5xx after send).
 */
export type PostOutcome =
  | { kind: 'staged'; transactionId: string }
  | { kind: 'rejected'; messageSet?: string; messageId?: string; message: string }
  | { kind: 'in-doubt'; message: string };
