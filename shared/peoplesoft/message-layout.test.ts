import { afterEach, describe, expect, it } from 'vitest';
import { type Kit, SAMPLE_ADJUSTMENT, SAMPLE_RECEIPT, startKit } from '../../sandbox/peoplesoft/index.ts';
import { ConfigError, parseConfig, peoplesoftSchema } from '../config/index.ts';
import { ADJUSTMENT_MESSAGE_FIELDS, RECEIPT_MESSAGE_FIELDS } from '../domain/index.ts';
import {
  buildAdjustmentMessage,
  buildReceiptMessage,
  DEFAULT_ADJUSTMENT_LAYOUT,
  DEFAULT_RECEIPT_LAYOUT,
} from './eip-xml.ts';
import { resolveMessageLayout } from './message-layout.ts';

let kit: Kit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const receipt = SAMPLE_RECEIPT;
const adjustment = SAMPLE_ADJUSTMENT;

const base = {
  restBaseUrl: 'https://ps.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
  httpListenerUrl: 'https://ps.example.com/PSIGW/HttpListeningConnector',
  businessUnit: 'US001',
};

/** Every `<NAME>` or `<NAME class=…>` element opened in the message. */
const elements = (xml: string) => new Set([...xml.matchAll(/<([A-Za-z_][\w.-]*)[\s>]/g)].map((m) => m[1]));

describe('resolveMessageLayout', () => {
  it('is the delivered layout when nothing is configured', () => {
    expect(resolveMessageLayout()).toEqual({
      receipt: DEFAULT_RECEIPT_LAYOUT,
      adjustment: DEFAULT_ADJUSTMENT_LAYOUT,
    });
    expect(resolveMessageLayout(undefined, {})).toEqual(resolveMessageLayout());
  });

  it('merges each part over the defaults, field names by field, later overrides winning', () => {
    const layouts = resolveMessageLayout(
      { receipt: { headerRecord: 'ZZ_RC_HDR', fieldNames: { BILL_OF_LADING: 'PACKSLIP_NO', QTY: 'QTY_X' } } },
      { receipt: { fieldNames: { QTY: 'QTY_RCVD' } }, adjustment: { record: 'ZZ_ADJ', root: undefined } },
    );
    expect(layouts.receipt).toEqual({
      ...DEFAULT_RECEIPT_LAYOUT,
      headerRecord: 'ZZ_RC_HDR',
      fieldNames: { BILL_OF_LADING: 'PACKSLIP_NO', QTY: 'QTY_RCVD' },
    });
    expect(layouts.adjustment).toEqual({ ...DEFAULT_ADJUSTMENT_LAYOUT, record: 'ZZ_ADJ' });
  });

  it('accepts every message field in config, and each one renames its element', () => {
    const rename = <F extends string>(fields: readonly F[]) =>
      Object.fromEntries(fields.map((f) => [f, `Z_${f}`])) as Record<F, string>;
    const config = peoplesoftSchema.parse({
      ...base,
      messageLayout: {
        receipt: { fieldNames: rename(RECEIPT_MESSAGE_FIELDS) },
        adjustment: { fieldNames: rename(ADJUSTMENT_MESSAGE_FIELDS) },
      },
    });
    const layouts = resolveMessageLayout(config.messageLayout);
    const receiptXml = elements(buildReceiptMessage([receipt], config.receipt, layouts.receipt));
    for (const f of RECEIPT_MESSAGE_FIELDS) {
      expect(receiptXml, f).toContain(`Z_${f}`);
      expect(receiptXml, f).not.toContain(f);
    }
    const settings = { source: 'MLC', ...config.adjustment };
    const adjustmentXml = elements(buildAdjustmentMessage([adjustment], settings, layouts.adjustment));
    for (const f of ADJUSTMENT_MESSAGE_FIELDS) {
      expect(adjustmentXml, f).toContain(`Z_${f}`);
      expect(adjustmentXml, f).not.toContain(f);
    }
  });
});

describe('peoplesoft.messageLayout and peoplesoft.stageStatusCodes in config', () => {
  const problems = (peoplesoft: Record<string, unknown>) => {
    try {
      parseConfig({ peoplesoft: { ...base, ...peoplesoft } });
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return '';
  };

  it('are optional', () => {
    const config = parseConfig({ peoplesoft: base });
    expect(config.peoplesoft.messageLayout).toBeUndefined();
    expect(config.peoplesoft.stageStatusCodes).toBeUndefined();
  });

  it('name the key and the fix for an unknown field, a misspelt part or a name XML cannot hold', () => {
    expect(problems({ messageLayout: { receipt: { fieldNames: { VENDOR: 'SUPPLIER' } } } })).toMatch(
      /peoplesoft\.messageLayout\.receipt\.fieldNames\.VENDOR: is not a field of the receipt message; use one of EIP_TRANS_SRC, .*VENDOR_ID/,
    );
    expect(problems({ messageLayout: { receipt: { headerRecrod: 'X' } } })).toMatch(
      /peoplesoft\.messageLayout\.receipt: .*headerRecrod/,
    );
    expect(problems({ messageLayout: { adjustment: { record: 'BAD NAME' } } })).toMatch(
      /peoplesoft\.messageLayout\.adjustment\.record: must be an XML element name/,
    );
    expect(problems({ stageStatusCodes: { N: 'DONE' } })).toMatch(/peoplesoft\.stageStatusCodes\.N: /);
  });
});

describe('a site layout from config, posted to PeopleSoft', () => {
  const siteLayout = {
    receiptRoot: 'ZZ_PO_RECEIPT',
    receiptHeader: 'ZZ_RC_HDR',
    receiptDetail: 'ZZ_RC_DTL',
    adjustmentRoot: 'ZZ_INV_ADJUST',
    adjustmentRecord: 'ZZ_INV_ADJ',
  };
  const messageLayout = {
    receipt: { root: 'ZZ_PO_RECEIPT', headerRecord: 'ZZ_RC_HDR', detailRecord: 'ZZ_RC_DTL' },
    adjustment: { root: 'ZZ_INV_ADJUST', record: 'ZZ_INV_ADJ' },
  };

  it('changes the posted XML: a site expecting its own records stages what the default layout cannot', async () => {
    kit = await startKit({ sandbox: { layout: siteLayout } });
    const rejected = await kit.erp.postReceipts([receipt]);
    expect(rejected[0]).toMatchObject({ kind: 'rejected', message: expect.stringMatching(/ZZ_PO_RECEIPT/) });

    const site = kit.client({ messageLayout });
    expect((await site.postReceipts([receipt]))[0]?.kind).toBe('staged');
    expect((await site.postAdjustments([adjustment]))[0]?.kind).toBe('staged');
    expect(kit.sandbox.staged().map((s) => s.reference)).toEqual([receipt.reference, adjustment.reference]);
  });

  it('renames fields as configured: the site sees the renamed element and not the contract one', async () => {
    kit = await startKit();
    const site = kit.client({ messageLayout: { receipt: { fieldNames: { VENDOR_ID: 'SUPPLIER_ID' } } } });
    const [outcome] = await site.postReceipts([receipt]);
    // This site still reads VENDOR_ID, so the renamed message is refused for lacking it.
    expect(outcome).toMatchObject({
      kind: 'rejected',
      message: expect.stringMatching(/BCT_C_PO_RC_EVW\.VENDOR_ID is required/),
    });
    expect(kit.sandbox.staged()).toEqual([]);
  });

  it('reads the site STAGE_STATUS codes from config, in any case', async () => {
    kit = await startKit();
    const since = kit.clock.now();
    await kit.erp.postReceipts([receipt]);
    kit.sandbox.data.staging[0]!.status = 'N' as never;
    const plain = await kit.erp.stagedTransactions(since);
    expect(plain.rows).toEqual([]);
    expect(plain.invalid[0]?.message).toMatch(/peoplesoft\.stageStatusCodes/);
    const site = kit.client({ stageStatusCodes: { n: 'PENDING' } });
    const mapped = await site.stagedTransactions(since);
    expect(mapped.rows.map((r) => [r.reference, r.status])).toEqual([[receipt.reference, 'PENDING']]);
  });
});
