import { describe, expect, it } from 'vitest';
import { itemVendor } from '../memory/index.ts';
import { resolveSupplier } from './resolve-supplier.ts';
import { VendorDirectory } from './vendor-directory.ts';

const rows = [
  itemVendor('10001', '0000012345', 1, 'ACME SUPPLY CO'),
  itemVendor('10001', '0000067890', 2, 'GLOBEX'),
  itemVendor('20002', '0000012345', 1, 'ACME SUPPLY CO'),
  itemVendor('20002', '0000067890', 1, 'GLOBEX'),
];
const dir = new VendorDirectory(rows);
const line = (sku: string, itemId = sku) => ({ sku, itemId });

describe('resolveSupplier', () => {
  it('takes the single vendor with the best (lowest) priority', () => {
    expect(resolveSupplier(line('10001'), {}, rows, dir)).toMatchObject({
      ok: true,
      vendorId: '0000012345',
      source: 'item-vendors',
    });
  });

  it('flags a tie for best priority as AMBIGUOUS_SUPPLIER with both candidates', () => {
    const r = resolveSupplier(line('20002'), {}, rows, dir);
    expect(r).toMatchObject({ ok: false, reason: 'AMBIGUOUS_SUPPLIER' });
    expect(r.ok === false && r.candidates.map((c) => c.vendorId)).toEqual(['0000012345', '0000067890']);
  });

  it('flags an item without vendors as NO_SUPPLIER', () => {
    expect(resolveSupplier(line('30003'), {}, rows, dir)).toMatchObject({ ok: false, reason: 'NO_SUPPLIER' });
  });

  it('lets matching.suppliers win, by VENDOR_ID', () => {
    expect(resolveSupplier(line('20002'), { '20002': '0000067890' }, rows, dir)).toMatchObject({
      ok: true,
      vendorId: '0000067890',
      source: 'config',
    });
  });

  it('accepts a supplier name ignoring case, and an id without leading zeros', () => {
    expect(resolveSupplier(line('10001'), { '10001': 'globex' }, rows, dir)).toMatchObject({
      ok: true,
      vendorId: '0000067890',
    });
    expect(resolveSupplier(line('10001'), { '10001': '67890' }, rows, dir)).toMatchObject({
      ok: true,
      vendorId: '0000067890',
    });
  });

  it('flags a configured name that several vendors share', () => {
    const twins = new VendorDirectory([...rows, itemVendor('40004', '0000099999', 1, 'Globex')]);
    expect(resolveSupplier(line('10001'), { '10001': 'GLOBEX' }, rows, twins)).toMatchObject({
      ok: false,
      reason: 'AMBIGUOUS_SUPPLIER',
      configured: 'GLOBEX',
    });
  });

  it('resolves by the mapped item, keyed by the SKU', () => {
    expect(resolveSupplier(line('WM-ABC', '10001'), {}, rows, dir)).toMatchObject({
      ok: true,
      vendorId: '0000012345',
    });
  });
});
