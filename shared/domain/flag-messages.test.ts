import { describe, expect, it } from 'vitest';
import { type FlagFacts, flagSentence } from './flag-messages.ts';
import { FLAG_REASONS, type FlagReason } from './line-state.ts';

const facts: FlagFacts = {
  purchaseOrderId: '1796277083022',
  lineNumber: '4',
  sku: 'WM-GLOVE-L',
  itemId: '10001',
  quantity: 2,
  unit: 'EACH',
  unitOfMeasure: 'EA',
  vendor: '0000012345 ACME SUPPLY CO',
  vendors: ['0000012345 ACME SUPPLY CO', '0000067890 GLOBEX'],
  poRef: 'US001/0000079262/1/1',
  candidates: ['US001/0000079262/1/1', 'US001/0000079263/1/1'],
  scheduleUnits: ['BX'],
  bestAvailable: 1,
  bestRef: 'US001/0000079262/1/1',
  reference: 'WM-1796277083022-4',
  message: 'Receiver quantity exceeds open quantity',
  messageSet: '158',
  messageId: '10001',
  field: 'orderLineQuantity.amount',
  minutes: 241,
  writes: ['receipt WM-1796277083022-4 (STAGED)'],
};

/** The fact each sentence must name so the clerk can act without opening anything else. */
const mustName: Record<FlagReason, string[]> = {
  NO_SUPPLIER: ['WM-GLOVE-L', '10001', 'matching.suppliers'],
  AMBIGUOUS_SUPPLIER: ['10001', 'GLOBEX'],
  NO_OPEN_PO: ['WM-GLOVE-L', '2 EA'],
  NO_OPEN_PO_FOR_SUPPLIER: ['0000012345 ACME SUPPLY CO', '10001'],
  INSUFFICIENT_OPEN_QTY: ['2 EA', 'US001/0000079262/1/1', '1'],
  AMBIGUOUS_PO: ['US001/0000079263/1/1', 'resolve 1796277083022#4 --po'],
  UOM_MISMATCH: ['BX', 'EA'],
  INVALID_ORDER_DATA: ['1796277083022', 'line 4', 'orderLineQuantity.amount'],
  RECEIPT_REJECTED: ['WM-1796277083022-4', 'exceeds open quantity', '158,10001'],
  RECEIPT_NOT_LOADED: ['WM-1796277083022-4', '241 minutes', 'PO_RECVLOAD'],
  CANCELLED_AFTER_RECEIPT: ['1796277083022', 'receipt WM-1796277083022-4', 'reverse'],
};

describe('flagSentence', () => {
  it.each(FLAG_REASONS)('%s names the facts a clerk needs', (reason) => {
    const s = flagSentence(reason, facts);
    for (const part of mustName[reason]) expect(s).toContain(part);
    expect(s).not.toMatch(/undefined|\[object/);
    expect(s.endsWith('.')).toBe(true);
  });

  it('tells an unmapped Walmart unit from a schedule in another unit', () => {
    expect(flagSentence('UOM_MISMATCH', { sku: 'A', unit: 'CASE' })).toContain('matching.units');
  });
});
