import type { FlagReason } from './line-state.ts';

/** The facts a flag sentence names; each reason uses the ones it needs. */
export interface FlagFacts {
  purchaseOrderId?: string;
  lineNumber?: string;
  sku?: string;
  itemId?: string;
  quantity?: number;
  /** Walmart unit of the order line. */
  unit?: string;
  /** PeopleSoft unit the line maps to. */
  unitOfMeasure?: string;
  /** `0000012345 ACME SUPPLY CO` or an id. */
  vendor?: string;
  /** Vendors involved in an ambiguity, already labelled. */
  vendors?: string[];
  /** The configured `matching.suppliers` value, when that was the source. */
  configuredSupplier?: string;
  /** Schedule reference(s) `BU/PO_ID/LINE/SCHED`. */
  poRef?: string;
  candidates?: string[];
  /** Units of measure of the supplier's open schedules. */
  scheduleUnits?: string[];
  /** Largest quantity still receivable on one schedule, and where. */
  bestAvailable?: number;
  bestRef?: string;
  /** The reversal that puts the cancelled stock back, when one is owed. */
  reversal?: { reference: string; quantity: number };
  /** Quantity Walmart cancelled of a line that was already processed (a partial cancellation). */
  cancelledQuantity?: number;
  /** PeopleSoft reference of the write involved. */
  reference?: string;
  /** Error text from PeopleSoft (rejection or staging error), or why the order data is invalid. */
  message?: string;
  messageSet?: string;
  messageId?: string;
  /** Field of an invalid order line. */
  field?: string;
  /** Minutes a staged receipt has waited. */
  minutes?: number;
  /** Why a reviewer's chosen schedule does not fit. */
  chosenProblem?: string;
  /** Which writes a cancellation found already in PeopleSoft. */
  writes?: string[];
}

const listOf = (xs: readonly string[] | undefined, max = 5): string => {
  const items = xs ?? [];
  const shown = items.slice(0, max).join('; ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
};

const qty = (f: FlagFacts): string => `${f.quantity ?? '?'} ${f.unitOfMeasure ?? f.unit ?? ''}`.trim();
const skuItem = (f: FlagFacts): string =>
  f.itemId && f.itemId !== f.sku
    ? `SKU ${f.sku} (PeopleSoft item ${f.itemId})`
    : `SKU ${f.sku} (item ${f.itemId ?? f.sku})`;
const orderLine = (f: FlagFacts): string => `Walmart order ${f.purchaseOrderId} line ${f.lineNumber}`;

const SENTENCES: Record<FlagReason, (f: FlagFacts) => string> = {
  NO_SUPPLIER: (f) =>
    `No supplier is known for ${skuItem(f)}: PeopleSoft lists no vendor for the item and matching.suppliers has no entry for the SKU. ` +
    `Add the item–vendor relationship in PeopleSoft, or map the SKU to a vendor in matching.suppliers.`,
  AMBIGUOUS_SUPPLIER: (f) =>
    f.configuredSupplier
      ? `The supplier "${f.configuredSupplier}" configured for SKU ${f.sku} in matching.suppliers names several vendors (${listOf(f.vendors)}). ` +
        `Use the VENDOR_ID instead of the name.`
      : `${skuItem(f)} has several preferred vendors with the same priority (${listOf(f.vendors)}), so ml-connector cannot tell which one supplied it. ` +
        `Give one of them the best priority in PeopleSoft, or map the SKU in matching.suppliers.`,
  NO_OPEN_PO: (f) =>
    f.chosenProblem
      ? `The PO schedule ${f.poRef} chosen for ${skuItem(f)} cannot be used: ${f.chosenProblem}. Choose another schedule.`
      : `There is no open purchase order for ${skuItem(f)} to receive ${qty(f)} against. ` +
        `Create or approve a PO for the item, then resolve this line.`,
  NO_OPEN_PO_FOR_SUPPLIER: (f) =>
    `${skuItem(f)} is on open purchase orders, but none from its supplier ${f.vendor}` +
    (f.vendors?.length ? ` (open POs are from ${listOf(f.vendors)})` : '') +
    `. Create a PO with ${f.vendor}, or correct the supplier in PeopleSoft or matching.suppliers.`,
  INSUFFICIENT_OPEN_QTY: (f) =>
    f.chosenProblem
      ? `The PO schedule ${f.poRef} chosen for ${skuItem(f)} cannot take ${qty(f)}: ${f.chosenProblem}.`
      : `No open PO schedule from ${f.vendor} for ${skuItem(f)} still has ${qty(f)} to receive` +
        (f.bestRef ? `; the most left on one schedule is ${f.bestAvailable} on ${f.bestRef}` : '') +
        `. ml-connector never splits a line across schedules; add quantity to a PO or resolve this line.`,
  AMBIGUOUS_PO: (f) =>
    `${f.candidates?.length || 'Several'} open PO schedules from ${f.vendor} could each receive the ${qty(f)} of ${skuItem(f)}` +
    (f.candidates?.length ? ` (${listOf(f.candidates)})` : '') +
    `. Choose one with: ml-connector resolve ${f.purchaseOrderId}#${f.lineNumber} --po BU/PO_ID/LINE/SCHED, ` +
    `or set matching.policy to earliest-due.`,
  UOM_MISMATCH: (f) =>
    f.scheduleUnits?.length
      ? `The order line for ${skuItem(f)} is in ${f.unitOfMeasure ?? f.unit}, but the open PO schedules from ${f.vendor} are in ` +
        `${listOf(f.scheduleUnits)}` +
        (f.poRef ? ` (${f.poRef})` : '') +
        `. Map the Walmart unit in matching.units or receive it by hand.`
      : `Walmart sells SKU ${f.sku} in unit "${f.unit}", which has no PeopleSoft unit of measure, so neither a receipt nor the ` +
        `inventory adjustment was posted. Add it to matching.units (for example {"${f.unit}": "EA"}), then replay the line.`,
  INVALID_ORDER_DATA: (f) =>
    `${orderLine(f)} could not be read: field ${f.field} ${f.message}. Nothing was posted; ` +
    `ml-connector reads the line again when Walmart corrects it.`,
  RECEIPT_REJECTED: (f) =>
    `PeopleSoft rejected the receipt ${f.reference}${f.poRef ? ` against ${f.poRef}` : ''}: ${f.message}` +
    (f.messageSet || f.messageId ? ` (message ${f.messageSet ?? '?'},${f.messageId ?? '?'})` : '') +
    `. Fix the cause in PeopleSoft, then replay the line.`,
  RECEIPT_NOT_LOADED: (f) =>
    `The receipt ${f.reference}${f.poRef ? ` against ${f.poRef}` : ''} was staged in PeopleSoft but is still not loaded after ` +
    `${f.minutes} minutes. Check that the Receive Load process (PO_RECVLOAD) runs and that the staged row has no error.`,
  CANCELLED_AFTER_RECEIPT: (f) =>
    `Walmart cancelled ${f.cancelledQuantity !== undefined ? `${f.cancelledQuantity} ${f.unit ?? ''} of `.replace('  ', ' ') : ''}order ${f.purchaseOrderId} line ${f.lineNumber} after ml-connector had sent ${(f.writes ?? []).join(' and ')} to PeopleSoft. ` +
    (f.reversal
      ? `The cancelled stock is put back by one adjustment ${f.reversal.reference} of +${f.reversal.quantity}; the receipt is not reversed automatically: reverse it in PeopleSoft if the goods were not received.`
      : 'Nothing was reversed automatically; reverse the receipt or adjustment in PeopleSoft if the goods did not leave.'),
};

/**
 * The sentence a warehouse clerk reads for a flag, naming the SKU, item, supplier, quantities and PO.
 *
 * @example flagSentence('NO_OPEN_PO', { sku: 'A1', itemId: '10001', quantity: 2, unitOfMeasure: 'EA' })
 */
export function flagSentence(reason: FlagReason, facts: FlagFacts): string {
  return SENTENCES[reason](facts);
}
