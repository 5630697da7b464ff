/**
 * The fields of the delivered EIP messages (docs/peoplesoft-setup.md) whose element names a site may change: one list
 * for the message builders and for the configuration that renames them.
 */

/** Fields of the receipt header record, in message order. */
export const RECEIPT_HEADER_FIELDS = [
  'EIP_TRANS_SRC',
  'EIP_TRANS_SRC_REF',
  'EIP_TRANS_SRC_SEQ',
  'TRANSACTION_CODE',
  'BUSINESS_UNIT',
  'VENDOR_ID',
  'BILL_OF_LADING',
  'RECEIVER_ID',
  'END_TRANS_FLAG',
] as const;

/** Fields of the receipt detail record, in message order. */
export const RECEIPT_DETAIL_FIELDS = [
  'EIP_TRANS_SRC_SEQ',
  'BUSINESS_UNIT_PO',
  'PO_ID',
  'LINE_NBR',
  'SCHED_NBR',
  'QTY',
  'UNIT_OF_MEASURE',
  'RECV_LN_NBR',
] as const;

export type ReceiptField = (typeof RECEIPT_HEADER_FIELDS)[number] | (typeof RECEIPT_DETAIL_FIELDS)[number];

/** Every receipt field a site may rename, header then detail (`EIP_TRANS_SRC_SEQ`, in both, once). */
export const RECEIPT_MESSAGE_FIELDS = [...new Set([...RECEIPT_HEADER_FIELDS, ...RECEIPT_DETAIL_FIELDS])] as [
  ReceiptField,
  ...ReceiptField[],
];

/** Fields of the adjustment record, in message order; every one a site may rename. */
export const ADJUSTMENT_MESSAGE_FIELDS = [
  'EIP_TRANS_SRC',
  'EIP_TRANS_SRC_REF',
  'TRANSACTION_CODE',
  'BUSINESS_UNIT',
  'INV_ITEM_ID',
  'QTY',
  'UNIT_OF_MEASURE',
  'REASON_CD',
  'STORAGE_AREA',
  'STOR_LEVEL_1',
] as const;

export type AdjustmentField = (typeof ADJUSTMENT_MESSAGE_FIELDS)[number];
