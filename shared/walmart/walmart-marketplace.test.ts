import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../memory/index.ts';
import { startWalmartSandbox, type WalmartSandbox } from '../../sandbox/walmart/index.ts';
import { walmartSchema } from '../config/index.ts';
import { WALMART_DEFAULT_LIMITS } from './walmart-limits.ts';
import {
  WalmartMarketplace,
  walmartLimitsFromConfig,
  walmartMarketplaceFromConfig,
} from './walmart-marketplace.ts';
import { clearWalmartTokenCache } from './walmart-token.ts';

const sandboxes: WalmartSandbox[] = [];
afterEach(async () => {
  clearWalmartTokenCache();
  for (const s of sandboxes.splice(0)) await s.close();
});

describe('walmartLimitsFromConfig', () => {
  it('turns the configured rates into token buckets; 0 switches pacing off', () => {
    const defaults = walmartSchema.parse({}).rateLimits;
    expect(walmartLimitsFromConfig(defaults)).toEqual(WALMART_DEFAULT_LIMITS);
    const custom = walmartLimitsFromConfig({ ...defaults, feedsPerHour: 6, inventoryPerMinute: 0 });
    expect(custom.feeds).toEqual({ capacity: 6, perSecond: 6 / 3600 });
    expect(custom.inventory).toBeNull();
  });
});

describe('walmartMarketplaceFromConfig', () => {
  it('applies the walmart section: base URL, service name, pacing, Basic auth on calls', async () => {
    const clock = new ManualClock();
    const sandbox = await startWalmartSandbox({ clock, inventory: { A: 1 }, knobs: { feedProcessingMs: 0 } });
    sandboxes.push(sandbox);
    const config = walmartSchema.parse({
      baseUrl: sandbox.url,
      serviceName: 'Acme Distribution',
      basicAuthOnCalls: true,
      rateLimits: { feedsPerHour: 1 },
    });
    const walmart = walmartMarketplaceFromConfig(
      config,
      { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
      { clock },
    );
    expect(walmart).toBeInstanceOf(WalmartMarketplace);
    await walmart.submitInventoryFeed([{ sku: 'A', quantity: 1 }]);
    const before = clock.now();
    await walmart.submitInventoryFeed([{ sku: 'A', quantity: 2 }]);
    // One upload per hour: the second waited for the bucket to refill.
    expect(clock.now() - before).toBe(3_600_000);
    const feedCall = sandbox.requests.find((r) => r.endpoint === 'feeds')!;
    expect(feedCall.headers['wm_svc.name']).toBe('Acme Distribution');
    expect(feedCall.headers.authorization).toBe('[redacted]');
    expect(walmart.callCount()).toBe(sandbox.requests.length);
  });
});
