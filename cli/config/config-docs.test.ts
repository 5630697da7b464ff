import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/index.ts';
import { configKeyDocs, renderConfigDocs } from './config-docs.ts';
import { EXAMPLE_CONFIG } from './config-example.ts';

const DOC = fileURLToPath(new URL('../../docs/configuration.md', import.meta.url));

describe('docs/configuration.md', () => {
  it('is exactly what the schema generates (regenerate: ml-connector config docs --write docs/configuration.md)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderConfigDocs());
  });

  it('documents every key with a type and a description', () => {
    const keys = configKeyDocs();
    for (const k of keys) {
      expect(k.description, `${k.key} has no description in the schema`).not.toBe('');
      expect(k.type, k.key).not.toBe('');
    }
    const names = keys.map((k) => k.key);
    for (const required of [
      'walmart.baseUrl',
      'walmart.acknowledge',
      'peoplesoft.restBaseUrl',
      'peoplesoft.httpListenerUrl',
      'peoplesoft.businessUnit',
      'peoplesoft.auth.type',
      'peoplesoft.maxRows',
      'peoplesoft.timeZone',
      'peoplesoft.queries.openPoLines',
      'peoplesoft.queries.itemVendors',
      'peoplesoft.queries.receiptStatus',
      'peoplesoft.queries.inventoryBalances',
      'matching.policy',
      'matching.suppliers',
      'matching.items',
      'orders.initialLookbackDays',
      'inventory.safetyStock',
      'inventory.feedThreshold',
      'store.path',
      'schedule.orders',
      'schedule.inventory',
    ]) {
      expect(names).toContain(required);
    }
  });

  it('shows an example that the schema accepts', () => {
    expect(() => parseConfig(EXAMPLE_CONFIG)).not.toThrow();
  });
});
