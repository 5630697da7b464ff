/**
 * The sandbox's batch load, standing in for Receive Load (`PO_RECVLOAD`) and Inventory Adjustment
 * (`INPVIADJ`): every PENDING staging row is loaded or marked ERROR with a reason a clerk understands.
 * Receipts become RECV_LN_SHIP rows and raise the schedule's received quantity; adjustments change
 * BU_ITEMS_INV and its DT_TIMESTAMP.
 */
import type { PeopleSoftData, StagingRow } from './sandbox-data.ts';

export interface BatchLoadSummary {
  loaded: number;
  errors: number;
  receipts: number;
  adjustments: number;
}

/** Loads every pending staging row at time `at` (epoch ms). */
export function runBatchLoad(data: PeopleSoftData, at: number): BatchLoadSummary {
  const summary: BatchLoadSummary = { loaded: 0, errors: 0, receipts: 0, adjustments: 0 };
  for (const row of data.staging) {
    if (row.status !== 'PENDING') continue;
    const error =
      data.stagingErrors.get(row.reference) ??
      (row.kind === 'receipt' ? loadReceipt(data, row, at) : loadAdjustment(data, row, at));
    if (error) {
      row.status = 'ERROR';
      row.errorText = error;
      summary.errors++;
    } else {
      row.status = 'LOADED';
      summary.loaded++;
      if (row.kind === 'receipt') summary.receipts++;
      else summary.adjustments++;
    }
    row.loadedAt = at;
  }
  return summary;
}

function loadReceipt(data: PeopleSoftData, row: StagingRow, at: number): string | undefined {
  const s = data.findSchedule(
    row.poBusinessUnit ?? '',
    row.poId ?? '',
    row.lineNumber ?? 0,
    row.schedNumber ?? 0,
  );
  const ref = `PO ${row.poId} line ${row.lineNumber} schedule ${row.schedNumber}`;
  if (!s) return `${ref} does not exist in business unit ${row.poBusinessUnit}`;
  if (s.poStatus === 'C' || s.poStatus === 'X') {
    return `${ref} is ${s.poStatus === 'C' ? 'complete (closed)' : 'cancelled'}; nothing can be received against it`;
  }
  if (s.vendorId !== row.vendorId) return `vendor ${row.vendorId} is not the vendor ${s.vendorId} of ${ref}`;
  if (s.unitOfMeasure !== row.unitOfMeasure) {
    return `unit of measure ${row.unitOfMeasure} does not match ${s.unitOfMeasure} on ${ref}`;
  }
  const open = s.qtyPo - s.qtyReceived;
  if (row.quantity > open)
    return `receipt quantity ${row.quantity} exceeds the open quantity ${open} of ${ref}`;
  const receiverId = data.newReceiverId();
  data.receipts.push({
    businessUnit: row.businessUnit,
    receiverId,
    receiverLineNumber: 1,
    poBusinessUnit: s.businessUnit,
    poId: s.poId,
    lineNumber: s.lineNumber,
    schedNumber: s.schedNumber,
    itemId: s.itemId,
    vendorId: s.vendorId,
    qtyShRecvd: row.quantity,
    unitOfMeasure: row.unitOfMeasure,
    recvShipStatus: 'R',
    receiptAt: at,
    billOfLading: row.billOfLading ?? row.reference,
    controlId: row.controlId,
  });
  s.qtyReceived += row.quantity;
  row.receiverId = receiverId;
  row.receiverLineNumber = 1;
  return undefined;
}

function loadAdjustment(data: PeopleSoftData, row: StagingRow, at: number): string | undefined {
  const itemId = row.itemId ?? '';
  const balance = data.balances.get(itemId);
  if (row.businessUnit !== data.businessUnit)
    return `business unit ${row.businessUnit} is not an inventory business unit`;
  if (!balance) return `item ${itemId} is not defined in business unit ${row.businessUnit}`;
  const standard = data.items.get(itemId)?.unitOfMeasure;
  if (standard && standard !== row.unitOfMeasure) {
    return `unit of measure ${row.unitOfMeasure} is not the standard unit ${standard} of item ${itemId}`;
  }
  balance.qtyOnHand += row.quantity;
  balance.qtyAvailable += row.quantity;
  balance.changedAt = at;
  return undefined;
}
