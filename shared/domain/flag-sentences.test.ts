/**
 * The exact sentence a clerk reads for each flag, in each of its forms. Product text: a change here is a change
 * a clerk sees, so it is made on purpose.
 */
import { describe, expect, it } from 'vitest';
import { type FlagFacts, flagSentence } from './flag-messages.ts';
import type { FlagReason } from './line-state.ts';

const base: FlagFacts = {
  purchaseOrderId: '17',
  lineNumber: '4',
  sku: 'WM-GLOVE-L',
  itemId: '10001',
  quantity: 2,
  unit: 'EACH',
  unitOfMeasure: 'EA',
  vendor: '0000012345 ACME',
};

const SENTENCES: [string, FlagReason, FlagFacts, string][] = [
  [
    'no supplier, item mapped',
    'NO_SUPPLIER',
    base,
    'No supplier is known for SKU WM-GLOVE-L (PeopleSoft item 10001): PeopleSoft lists no vendor for the item and matching.suppliers has no entry for the SKU. Add the item–vendor relationship in PeopleSoft, or map the SKU to a vendor in matching.suppliers.',
  ],
  [
    'no supplier, item is the SKU',
    'NO_SUPPLIER',
    { sku: 'A1' },
    'No supplier is known for SKU A1 (item A1): PeopleSoft lists no vendor for the item and matching.suppliers has no entry for the SKU. Add the item–vendor relationship in PeopleSoft, or map the SKU to a vendor in matching.suppliers.',
  ],
  [
    'no supplier, same item id',
    'NO_SUPPLIER',
    { sku: 'A1', itemId: 'A1' },
    'No supplier is known for SKU A1 (item A1): PeopleSoft lists no vendor for the item and matching.suppliers has no entry for the SKU. Add the item–vendor relationship in PeopleSoft, or map the SKU to a vendor in matching.suppliers.',
  ],
  [
    'configured supplier names several',
    'AMBIGUOUS_SUPPLIER',
    { ...base, configuredSupplier: 'ACME', vendors: ['V1 ACME', 'V2 ACME'] },
    'The supplier "ACME" configured for SKU WM-GLOVE-L in matching.suppliers names several vendors (V1 ACME; V2 ACME). Use the VENDOR_ID instead of the name.',
  ],
  [
    'same priority, six vendors',
    'AMBIGUOUS_SUPPLIER',
    { ...base, vendors: ['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7'] },
    'SKU WM-GLOVE-L (PeopleSoft item 10001) has several preferred vendors with the same priority (V1; V2; V3; V4; V5 and 2 more), so ml-connector cannot tell which one supplied it. Give one of them the best priority in PeopleSoft, or map the SKU in matching.suppliers.',
  ],
  [
    'same priority, five vendors',
    'AMBIGUOUS_SUPPLIER',
    { ...base, vendors: ['V1', 'V2', 'V3', 'V4', 'V5'] },
    'SKU WM-GLOVE-L (PeopleSoft item 10001) has several preferred vendors with the same priority (V1; V2; V3; V4; V5), so ml-connector cannot tell which one supplied it. Give one of them the best priority in PeopleSoft, or map the SKU in matching.suppliers.',
  ],
  [
    'no open PO',
    'NO_OPEN_PO',
    base,
    'There is no open purchase order for SKU WM-GLOVE-L (PeopleSoft item 10001) to receive 2 EA against. Create or approve a PO for the item, then resolve this line.',
  ],
  [
    'no open PO, no unit or quantity',
    'NO_OPEN_PO',
    { sku: 'A1' },
    'There is no open purchase order for SKU A1 (item A1) to receive ? against. Create or approve a PO for the item, then resolve this line.',
  ],
  [
    'no open PO, Walmart unit only',
    'NO_OPEN_PO',
    { sku: 'A1', quantity: 3, unit: 'EACH' },
    'There is no open purchase order for SKU A1 (item A1) to receive 3 EACH against. Create or approve a PO for the item, then resolve this line.',
  ],
  [
    'chosen schedule unusable',
    'NO_OPEN_PO',
    { ...base, poRef: 'US001/P9/1/1', chosenProblem: 'the PO is closed' },
    'The PO schedule US001/P9/1/1 chosen for SKU WM-GLOVE-L (PeopleSoft item 10001) cannot be used: the PO is closed. Choose another schedule.',
  ],
  [
    'none from the supplier',
    'NO_OPEN_PO_FOR_SUPPLIER',
    { ...base, vendors: ['V2 GLOBEX'] },
    'SKU WM-GLOVE-L (PeopleSoft item 10001) is on open purchase orders, but none from its supplier 0000012345 ACME (open POs are from V2 GLOBEX). Create a PO with 0000012345 ACME, or correct the supplier in PeopleSoft or matching.suppliers.',
  ],
  [
    'none from the supplier, no others named',
    'NO_OPEN_PO_FOR_SUPPLIER',
    base,
    'SKU WM-GLOVE-L (PeopleSoft item 10001) is on open purchase orders, but none from its supplier 0000012345 ACME. Create a PO with 0000012345 ACME, or correct the supplier in PeopleSoft or matching.suppliers.',
  ],
  [
    'too little open',
    'INSUFFICIENT_OPEN_QTY',
    { ...base, bestAvailable: 1, bestRef: 'US001/P1/1/1' },
    'No open PO schedule from 0000012345 ACME for SKU WM-GLOVE-L (PeopleSoft item 10001) still has 2 EA to receive; the most left on one schedule is 1 on US001/P1/1/1. ml-connector never splits a line across schedules; add quantity to a PO or resolve this line.',
  ],
  [
    'too little open, no schedule at all',
    'INSUFFICIENT_OPEN_QTY',
    base,
    'No open PO schedule from 0000012345 ACME for SKU WM-GLOVE-L (PeopleSoft item 10001) still has 2 EA to receive. ml-connector never splits a line across schedules; add quantity to a PO or resolve this line.',
  ],
  [
    'chosen schedule too small',
    'INSUFFICIENT_OPEN_QTY',
    { ...base, poRef: 'US001/P1/1/1', chosenProblem: 'only 1 is open' },
    'The PO schedule US001/P1/1/1 chosen for SKU WM-GLOVE-L (PeopleSoft item 10001) cannot take 2 EA: only 1 is open.',
  ],
  [
    'ambiguous',
    'AMBIGUOUS_PO',
    { ...base, candidates: ['US001/P1/1/1', 'US001/P2/1/1'] },
    '2 open PO schedules from 0000012345 ACME could each receive the 2 EA of SKU WM-GLOVE-L (PeopleSoft item 10001) (US001/P1/1/1; US001/P2/1/1). Choose one with: ml-connector resolve 17#4 --po BU/PO_ID/LINE/SCHED, or set matching.policy to earliest-due.',
  ],
  [
    'ambiguous, candidates unknown',
    'AMBIGUOUS_PO',
    base,
    'Several open PO schedules from 0000012345 ACME could each receive the 2 EA of SKU WM-GLOVE-L (PeopleSoft item 10001). Choose one with: ml-connector resolve 17#4 --po BU/PO_ID/LINE/SCHED, or set matching.policy to earliest-due.',
  ],
  [
    'schedules in another unit',
    'UOM_MISMATCH',
    { ...base, scheduleUnits: ['BX', 'CS'], poRef: 'US001/P1/1/1' },
    'The order line for SKU WM-GLOVE-L (PeopleSoft item 10001) is in EA, but the open PO schedules from 0000012345 ACME are in BX; CS (US001/P1/1/1). Map the Walmart unit in matching.units or receive it by hand.',
  ],
  [
    'schedules in another unit, Walmart unit only',
    'UOM_MISMATCH',
    { sku: 'A1', unit: 'EACH', vendor: 'V1', scheduleUnits: ['BX'] },
    'The order line for SKU A1 (item A1) is in EACH, but the open PO schedules from V1 are in BX. Map the Walmart unit in matching.units or receive it by hand.',
  ],
  [
    'unmapped Walmart unit',
    'UOM_MISMATCH',
    { sku: 'A1', unit: 'PALLET' },
    'Walmart sells SKU A1 in unit "PALLET", which has no PeopleSoft unit of measure, so neither a receipt nor the inventory adjustment was posted. Add it to matching.units (for example {"PALLET": "EA"}), then replay the line.',
  ],
  [
    'invalid order data',
    'INVALID_ORDER_DATA',
    { purchaseOrderId: '17', lineNumber: '4', field: 'orderLineQuantity.amount', message: 'is missing' },
    'Walmart order 17 line 4 could not be read: field orderLineQuantity.amount is missing. Nothing was posted; ml-connector reads the line again when Walmart corrects it.',
  ],
  [
    'rejected, with message set and id',
    'RECEIPT_REJECTED',
    {
      reference: 'WM-17-4',
      poRef: 'US001/P1/1/1',
      message: 'Period closed',
      messageSet: '158',
      messageId: '10001',
    },
    'PeopleSoft rejected the receipt WM-17-4 against US001/P1/1/1: Period closed (message 158,10001). Fix the cause in PeopleSoft, then replay the line.',
  ],
  [
    'rejected, message id only',
    'RECEIPT_REJECTED',
    { reference: 'WM-17-4', message: 'Period closed', messageId: '7' },
    'PeopleSoft rejected the receipt WM-17-4: Period closed (message ?,7). Fix the cause in PeopleSoft, then replay the line.',
  ],
  [
    'rejected, message set only',
    'RECEIPT_REJECTED',
    { reference: 'WM-17-4', message: 'Period closed', messageSet: '158' },
    'PeopleSoft rejected the receipt WM-17-4: Period closed (message 158,?). Fix the cause in PeopleSoft, then replay the line.',
  ],
  [
    'rejected, plain',
    'RECEIPT_REJECTED',
    { reference: 'WM-17-4', message: 'Period closed' },
    'PeopleSoft rejected the receipt WM-17-4: Period closed. Fix the cause in PeopleSoft, then replay the line.',
  ],
  [
    'not loaded',
    'RECEIPT_NOT_LOADED',
    { reference: 'WM-17-4', poRef: 'US001/P1/1/1', minutes: 241 },
    'The receipt WM-17-4 against US001/P1/1/1 was staged in PeopleSoft but is still not loaded after 241 minutes. Check that the Receive Load process (PO_RECVLOAD) runs and that the staged row has no error.',
  ],
  [
    'not loaded, no PO',
    'RECEIPT_NOT_LOADED',
    { reference: 'WM-17-4', minutes: 61 },
    'The receipt WM-17-4 was staged in PeopleSoft but is still not loaded after 61 minutes. Check that the Receive Load process (PO_RECVLOAD) runs and that the staged row has no error.',
  ],
  [
    'cancelled whole after receipt',
    'CANCELLED_AFTER_RECEIPT',
    {
      purchaseOrderId: '17',
      lineNumber: '4',
      writes: ['receipt WM-17-4 (LOADED)', 'adjustment WM-17-4-ADJ (LOADED)'],
    },
    'Walmart cancelled order 17 line 4 after ml-connector had sent receipt WM-17-4 (LOADED) and adjustment WM-17-4-ADJ (LOADED) to PeopleSoft. Nothing was reversed automatically; reverse the receipt or adjustment in PeopleSoft if the goods did not leave.',
  ],
  [
    'cancelled in part, reversal owed',
    'CANCELLED_AFTER_RECEIPT',
    {
      purchaseOrderId: '17',
      lineNumber: '4',
      unit: 'EACH',
      cancelledQuantity: 1,
      writes: ['adjustment WM-17-4-ADJ (STAGED)'],
      reversal: { reference: 'WM-17-4-ADJR', quantity: 1 },
    },
    'Walmart cancelled 1 EACH of order 17 line 4 after ml-connector had sent adjustment WM-17-4-ADJ (STAGED) to PeopleSoft. The cancelled stock is put back by one adjustment WM-17-4-ADJR of +1; the receipt is not reversed automatically: reverse it in PeopleSoft if the goods were not received.',
  ],
  [
    'cancelled in part, no unit',
    'CANCELLED_AFTER_RECEIPT',
    { purchaseOrderId: '17', lineNumber: '4', cancelledQuantity: 1, writes: ['receipt WM-17-4 (STAGED)'] },
    'Walmart cancelled 1 of order 17 line 4 after ml-connector had sent receipt WM-17-4 (STAGED) to PeopleSoft. Nothing was reversed automatically; reverse the receipt or adjustment in PeopleSoft if the goods did not leave.',
  ],
];

describe('flag sentences, word for word', () => {
  it.each(SENTENCES)('%s (%s)', (_name, reason, facts, sentence) => {
    expect(flagSentence(reason, facts)).toBe(sentence);
  });
});
