/**
 * The embedded store's throughput on this machine's disk: audit trail writes (create + update, each with its
 * history entry, one durable transaction each) and work-queue receive + delete.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry, LineRecord } from '../shared/domain/index.ts';
import { openEmbeddedStorage } from '../shared/embedded/index.ts';
import { type BenchRow, formatCount, measure, rate } from './measure.ts';

function record(i: number, now: number): LineRecord {
  const purchaseOrderId = String(3_000_000_000_000 + i);
  return {
    key: `${purchaseOrderId}#1`,
    purchaseOrderId,
    lineNumber: '1',
    sku: `SKU-${i % 500}`,
    quantity: 1,
    unit: 'EACH',
    orderDate: now,
    walmartStatus: 'Created',
    status: 'RECEIVED',
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

function entry(r: LineRecord, now: number, from?: LineRecord['status']): AuditEntry {
  return {
    key: r.key,
    purchaseOrderId: r.purchaseOrderId,
    lineNumber: r.lineNumber,
    at: now,
    actor: from ? 'match' : 'poll',
    ...(from ? { from } : {}),
    to: r.status,
    detail: from ? 'Matched to a PO schedule.' : 'Polled from Walmart.',
  };
}

export interface SqliteBenchOptions {
  auditWrites: number;
  queueItems: number;
  /** `FULL` (the store's default: every commit fsynced) or `NORMAL`. */
  synchronous: 'FULL' | 'NORMAL';
}

/** Runs both store benchmarks on a fresh file in the temp folder; returns their rows. */
export async function sqliteBench(o: SqliteBenchOptions): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ml-connector-bench-'));
  const storage = openEmbeddedStorage({ path: join(dir, 'bench.sqlite'), synchronous: o.synchronous });
  try {
    const now = Date.now();
    const creates = Math.ceil(o.auditWrites / 2);
    const audit = await measure(async () => {
      for (let i = 0; i < creates; i++) {
        const r = record(i, now);
        await storage.audit.create(r, entry(r, now));
      }
      for (let i = 0; i < o.auditWrites - creates; i++) {
        const r = { ...record(i, now), status: 'MATCHED' as const, poRef: 'US001/0001000000/1/1' };
        await storage.audit.update(r, 1, entry(r, now, 'RECEIVED'));
      }
    });
    await storage.queue.send(
      Array.from({ length: o.queueItems }, (_, i) => ({
        key: `${4_000_000_000_000 + i}#1`,
        group: `SKU-${i % 500}`,
      })),
    );
    let handled = 0;
    const queue = await measure(async () => {
      for (;;) {
        const batch = await storage.queue.receive(10, 60_000);
        if (batch.length === 0) break;
        for (const w of batch) await storage.queue.delete(w.handle);
        handled += batch.length;
      }
    });
    return [
      {
        name: `SQLite audit trail writes (${o.synchronous})`,
        size: `${formatCount(o.auditWrites)} writes`,
        wallMs: audit.wallMs,
        throughput: rate(o.auditWrites, audit.wallMs, 'writes'),
        peakRssMb: audit.peakRssMb,
        heapDeltaMb: audit.heapDeltaMb,
        notes: `half creates, half versioned updates; each one transaction with its history entry, synchronous=${o.synchronous}`,
      },
      {
        name: `SQLite queue receive + delete (${o.synchronous})`,
        size: `${formatCount(handled)} items`,
        wallMs: queue.wallMs,
        throughput: rate(handled, queue.wallMs, 'items'),
        peakRssMb: queue.peakRssMb,
        heapDeltaMb: queue.heapDeltaMb,
        notes: 'receive 10 at a time (one claim transaction), then delete each',
      },
    ];
  } finally {
    storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
