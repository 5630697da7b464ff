import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FakeErp, FakeMarketplace, ManualClock, orderLine, T0 } from '../shared/memory/index.ts';
import { type ProgressCounts, withProgress } from './progress-ports.ts';
import { Progress } from './terminal.ts';

describe('progress', () => {
  it('counts a line read by both windows, and a SKU set by feed then PUT, once', async () => {
    const marketplace = new FakeMarketplace();
    marketplace.addLine(orderLine({ purchaseOrderId: '100' }));
    marketplace.addLine(orderLine({ purchaseOrderId: '101' }));
    let last: ProgressCounts | undefined;
    const wrapped = withProgress({ marketplace, erp: new FakeErp(new ManualClock()) }, (c) => {
      last = { ...c };
    });
    for (const by of ['created', 'modified'] as const) {
      for await (const _ of wrapped.marketplace.orderLines({ start: T0 - 86_400_000, end: T0 + 1, by })) {
        // read the window
      }
    }
    await wrapped.marketplace.submitInventoryFeed([
      { sku: 'A', quantity: 1 },
      { sku: 'B', quantity: 2 },
    ]);
    await wrapped.marketplace.putInventory('A', 1);
    expect(last).toMatchObject({ lines: 2, skus: 2 });
  });

  it('never writes a status line wider than the terminal', () => {
    const out = new PassThrough() as PassThrough & { columns: number };
    out.columns = 40;
    let written = '';
    out.on('data', (d: Buffer) => {
      written += d.toString();
    });
    new Progress(out, true).update('x'.repeat(200));
    const line = written.replace('\r\u001b[2K', '');
    expect(line.length).toBeLessThan(40);
    expect(line.endsWith('…')).toBe(true);
  });
});
