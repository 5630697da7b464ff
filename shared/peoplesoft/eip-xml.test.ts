import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { SAMPLE_ADJUSTMENT, SAMPLE_RECEIPT } from '../../sandbox/peoplesoft/index.ts';
import {
  adjustmentProblems,
  buildAdjustmentMessage,
  buildReceiptMessage,
  formatQuantity,
  receiptProblems,
} from './eip-xml.ts';

const receipt = SAMPLE_RECEIPT;
const adjustment = SAMPLE_ADJUSTMENT;

const strip = (xml: string) => xml.replace(/>\s+</g, '><').trim();

describe('EIP messages', () => {
  it('builds the receipt exactly in the layout of contract §4', () => {
    const xml = buildReceiptMessage([receipt], { source: 'MLC', transactionCode: 'PORC' });
    expect(xml).toBe(
      strip(`<PURCHASE_ORDER_RECEIPT><MsgData><Transaction>
        <BCT_C_PO_RC_EVW class="R">
          <EIP_TRANS_SRC>MLC</EIP_TRANS_SRC><EIP_TRANS_SRC_REF>WM-1796277083022-4</EIP_TRANS_SRC_REF>
          <EIP_TRANS_SRC_SEQ>1</EIP_TRANS_SRC_SEQ><TRANSACTION_CODE>PORC</TRANSACTION_CODE>
          <BUSINESS_UNIT>US001</BUSINESS_UNIT><VENDOR_ID>0000012345</VENDOR_ID>
          <BILL_OF_LADING>WM-1796277083022-4</BILL_OF_LADING><RECEIVER_ID>NEXT</RECEIVER_ID>
          <END_TRANS_FLAG>Y</END_TRANS_FLAG>
          <BCT_D_PO_RC_EVW class="R">
            <EIP_TRANS_SRC_SEQ>1</EIP_TRANS_SRC_SEQ><BUSINESS_UNIT_PO>US001</BUSINESS_UNIT_PO>
            <PO_ID>0000079262</PO_ID><LINE_NBR>1</LINE_NBR><SCHED_NBR>1</SCHED_NBR>
            <QTY>2</QTY><UNIT_OF_MEASURE>EA</UNIT_OF_MEASURE><RECV_LN_NBR>1</RECV_LN_NBR>
          </BCT_D_PO_RC_EVW>
        </BCT_C_PO_RC_EVW>
        <PSCAMA class="R"><AUDIT_ACTN>A</AUDIT_ACTN></PSCAMA>
      </Transaction></MsgData></PURCHASE_ORDER_RECEIPT>`),
    );
  });

  it('builds the adjustment with a signed quantity and the configured location', () => {
    const xml = buildAdjustmentMessage([adjustment], {
      source: 'MLC',
      transactionCode: '0410',
      reasonCode: 'WMT',
      storageArea: 'STOCK',
      storLevel1: '01',
    });
    expect(xml).toBe(
      strip(`<INVENTORY_ADJUSTMENT><MsgData><Transaction>
        <BCT_C_INV_ADJ_EVW class="R">
          <EIP_TRANS_SRC>MLC</EIP_TRANS_SRC><EIP_TRANS_SRC_REF>WM-1796277083022-4-ADJ</EIP_TRANS_SRC_REF>
          <TRANSACTION_CODE>0410</TRANSACTION_CODE><BUSINESS_UNIT>US001</BUSINESS_UNIT>
          <INV_ITEM_ID>10001</INV_ITEM_ID><QTY>-2</QTY><UNIT_OF_MEASURE>EA</UNIT_OF_MEASURE>
          <REASON_CD>WMT</REASON_CD><STORAGE_AREA>STOCK</STORAGE_AREA><STOR_LEVEL_1>01</STOR_LEVEL_1>
        </BCT_C_INV_ADJ_EVW>
        <PSCAMA class="R"><AUDIT_ACTN>A</AUDIT_ACTN></PSCAMA>
      </Transaction></MsgData></INVENTORY_ADJUSTMENT>`),
    );
  });

  it('puts many transactions in one message and escapes every value', () => {
    const nasty = { ...receipt, reference: 'WM-<1>&"2"', vendorId: "O'Brien & Sons" };
    const xml = buildReceiptMessage([receipt, nasty], { source: 'MLC', transactionCode: 'PORC' });
    expect(xml).not.toContain('<1>');
    expect(xml).toContain('WM-&lt;1&gt;&amp;&quot;2&quot;');
    const doc = new XMLParser({ parseTagValue: false, isArray: (n) => n === 'Transaction' }).parse(xml);
    const txs = doc.PURCHASE_ORDER_RECEIPT.MsgData.Transaction;
    expect(txs).toHaveLength(2);
    expect(txs[1].BCT_C_PO_RC_EVW.EIP_TRANS_SRC_REF).toBe('WM-<1>&"2"');
    expect(txs[1].BCT_C_PO_RC_EVW.VENDOR_ID).toBe("O'Brien & Sons");
  });

  it('renames records and fields for a site-specific layout', () => {
    const xml = buildReceiptMessage(
      [receipt],
      { source: 'MLC', transactionCode: 'PORC' },
      {
        root: 'PURCHASE_ORDER_RECEIPT',
        headerRecord: 'ZZ_RC_HDR',
        detailRecord: 'ZZ_RC_DTL',
        fieldNames: { BILL_OF_LADING: 'PACKSLIP_NO' },
      },
    );
    expect(xml).toContain('<ZZ_RC_HDR class="R">');
    expect(xml).toContain('<ZZ_RC_DTL class="R">');
    expect(xml).toContain('<PACKSLIP_NO>WM-1796277083022-4</PACKSLIP_NO>');
    expect(xml).not.toContain('BILL_OF_LADING');
  });

  it('writes quantities in plain decimal notation', () => {
    expect(formatQuantity(2)).toBe('2');
    expect(formatQuantity(-3)).toBe('-3');
    expect(formatQuantity(1.5)).toBe('1.5');
  });

  it('names every field that keeps a request from being posted', () => {
    expect(receiptProblems(receipt)).toEqual([]);
    expect(receiptProblems({ ...receipt, poId: ' ', lineNumber: 0, quantity: -1 })).toEqual([
      'poId is empty',
      'lineNumber 0 is not a positive whole number',
      'quantity -1 is not a positive number',
    ]);
    expect(adjustmentProblems(adjustment)).toEqual([]);
    expect(adjustmentProblems({ ...adjustment, itemId: '', quantity: 0 })).toEqual([
      'itemId is empty',
      'quantity 0 is not a non-zero number',
    ]);
  });
});
