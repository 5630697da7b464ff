/**
 * Pure matching: build the schedule index of a batch and decide every line against it, as the matcher does
 * once per batch, with no I/O. Input: a generated world's schedules, item–vendor rows and order lines.
 */
import { generateWorld } from '../sandbox/generate-world.ts';
import { type Config, configSchema } from '../shared/config/index.ts';
import {
  decideReceivedLine,
  type ItemVendor,
  lineKey,
  type LineRecord,
  type PoSchedule,
  ScheduleIndex,
} from '../shared/domain/index.ts';
import { type BenchRow, formatCount, measure, rate } from './measure.ts';

export interface MatchingBenchOptions {
  lines: number;
  schedules: number;
}

/** A config good enough for deciding lines (no system is called). */
export function benchConfig(): Config {
  return configSchema.parse({
    peoplesoft: {
      restBaseUrl: 'https://peoplesoft.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
      httpListenerUrl: 'https://peoplesoft.example.com/PSIGW/HttpListeningConnector',
      businessUnit: 'US001',
    },
  });
}

/** Runs the matching benchmark and returns its table row. */
export async function matchingBench(o: MatchingBenchOptions): Promise<BenchRow> {
  const linesPerOrder = 2;
  const world = generateWorld({
    orders: Math.ceil(o.lines / linesPerOrder),
    skus: o.schedules,
    linesPerOrder,
    seed: 7,
  });
  const vendorName = new Map(world.vendors.map((v) => [v.vendorId, v.name]));
  const schedules: PoSchedule[] = world.schedules.map((s) => ({
    ...s,
    vendorName: vendorName.get(s.vendorId) ?? '',
  }));
  const itemVendors: ItemVendor[] = world.itemVendors.map((iv) => ({
    ...iv,
    vendorName: vendorName.get(iv.vendorId) ?? '',
  }));
  const now = Date.now();
  const records: LineRecord[] = world.orders
    .flatMap((order) => order.lines.map((l) => ({ order, l })))
    .slice(0, o.lines)
    .map(({ order, l }) => ({
      key: lineKey({ purchaseOrderId: order.purchaseOrderId, lineNumber: l.lineNumber }),
      purchaseOrderId: order.purchaseOrderId,
      lineNumber: l.lineNumber,
      sku: l.sku,
      quantity: l.quantity,
      unit: 'EACH',
      orderDate: order.orderDate,
      walmartStatus: l.status,
      status: 'RECEIVED',
      createdAt: now,
      updatedAt: now,
      version: 1,
    }));
  const config = benchConfig();
  const outcomes = new Map<string, number>();

  const m = await measure(() => {
    const index = new ScheduleIndex({ schedules, itemVendors });
    for (const r of records) {
      const d = decideReceivedLine(r, index, config, now);
      if (d.take) index.take(d.take.ref, d.take.quantity);
      outcomes.set(d.outcome, (outcomes.get(d.outcome) ?? 0) + 1);
    }
  });
  return {
    name: 'matching (index build + decide)',
    size: `${formatCount(records.length)} lines / ${formatCount(schedules.length)} schedules`,
    wallMs: m.wallMs,
    throughput: rate(records.length, m.wallMs, 'lines'),
    peakRssMb: m.peakRssMb,
    heapDeltaMb: m.heapDeltaMb,
    notes: [...outcomes].map(([k, n]) => `${formatCount(n)} ${k}`).join(', '),
  };
}
