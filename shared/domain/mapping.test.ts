import { describe, expect, it } from 'vitest';
import { resolveItemId, skusOfItem } from './item-mapping.ts';
import { mapUnit } from './unit-of-measure.ts';

describe('units of measure', () => {
  it('maps Walmart EACH and EA to EA whatever the config says', () => {
    expect(mapUnit('EACH', {})).toBe('EA');
    expect(mapUnit('EA', { CASE: 'CS' })).toBe('EA');
    expect(mapUnit(' each ', {})).toBe('EA');
  });

  it('maps other units only when configured, ignoring case', () => {
    expect(mapUnit('CASE', {})).toBeUndefined();
    expect(mapUnit('case', { CASE: 'CS' })).toBe('CS');
  });
});

describe('SKU ↔ item', () => {
  it('is identity unless matching.items maps the SKU', () => {
    expect(resolveItemId('A1', {})).toBe('A1');
    expect(resolveItemId('A1', { A1: '10001' })).toBe('10001');
  });

  it('reverses the map for pushing stock, every SKU of an item', () => {
    const skus = skusOfItem({ A1: '10001', A2: '10001', B1: '20002' });
    expect(skus('10001')).toEqual(['A1', 'A2']);
    expect(skus('30003')).toEqual(['30003']);
  });
});
