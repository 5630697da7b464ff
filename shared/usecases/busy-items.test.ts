import { describe, expect, it } from 'vitest';
import { itemVendor, memoryEngine, orderLine, poSchedule } from '../memory/index.ts';
import { busyDelayMs, mayPostpone } from './busy-items.ts';
import { drainQueue } from './drain-queue.ts';
import { itemLease, matchAndPost } from './match-and-post.ts';
import { pollOrders } from './poll-orders.ts';

const ACME = '0000012345';
const setup = () =>
  memoryEngine({
    config: { orders: { maxAttempts: 3, busyRetrySeconds: 5, maxBusyRetries: 4 } },
    erp: {
      schedules: [poSchedule({ poId: 'P1', itemId: 'SKU-1' })],
      itemVendors: [itemVendor('SKU-1', ACME)],
    },
  });

describe('lines of a busy item', () => {
  it('are reported busy, not merely failed, while another worker holds the item', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '100', sku: 'SKU-1' }));
    await pollOrders(e);
    await e.checkpoints.acquireLease(itemLease('SKU-1'), 'other-worker', 600_000);
    const r = await matchAndPost(e, ['100#1']);
    expect(r.results).toEqual([
      {
        key: '100#1',
        ok: false,
        busy: true,
        error: 'item SKU-1 is being worked by another worker; retried later',
      },
    ]);
  });

  it('wait in the queue without using up attempts, then are worked once the item is free', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '100', sku: 'SKU-1' }));
    await pollOrders(e);
    await e.checkpoints.acquireLease(itemLease('SKU-1'), 'other-worker', 600_000);
    // More drains than maxAttempts: a failure each time would dead-letter the line.
    for (let i = 0; i < 4; i++) {
      const d = await drainQueue(e, { batchSize: 10 });
      expect(d).toMatchObject({ waiting: 1, failed: 0, ok: 0 });
      e.clock.advance(10_001);
    }
    expect(await e.queue.deadLetters()).toEqual([]);
    expect(e.queue.pending()).toEqual([{ key: '100#1', group: 'SKU-1', postponed: 4 }]);
    await e.checkpoints.releaseLease(itemLease('SKU-1'), 'other-worker');
    const d = await drainQueue(e, { batchSize: 10 });
    expect(d).toMatchObject({ waiting: 0, ok: 1, receiptsPosted: 1 });
    expect((await e.audit.get('100#1'))?.status).toBe('POSTED');
  });

  it('count as attempts again after orders.maxBusyRetries waits', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '100', sku: 'SKU-1' }));
    await pollOrders(e);
    await e.checkpoints.acquireLease(itemLease('SKU-1'), 'other-worker', 86_400_000);
    for (let i = 0; i < 8; i++) {
      await drainQueue(e, { batchSize: 10 });
      e.clock.advance(20 * 60_000);
    }
    expect(await e.queue.deadLetters()).toMatchObject([{ key: '100#1' }]);
  });

  it('wait orders.busyRetrySeconds plus up to as much again', () => {
    const config = { orders: { busyRetrySeconds: 5 } } as Parameters<typeof busyDelayMs>[0];
    expect(busyDelayMs(config, () => 0)).toBe(5000);
    expect(busyDelayMs(config, () => 0.999)).toBe(9995);
    const limits = { orders: { maxBusyRetries: 2 } } as Parameters<typeof mayPostpone>[0];
    expect(mayPostpone(limits, { key: 'k', group: 'g' })).toBe(true);
    expect(mayPostpone(limits, { key: 'k', group: 'g', postponed: 1 })).toBe(true);
    expect(mayPostpone(limits, { key: 'k', group: 'g', postponed: 2 })).toBe(false);
  });
});
