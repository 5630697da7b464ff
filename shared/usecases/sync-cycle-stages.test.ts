/** How a cycle reports its stages: incomplete polls and confirmations, a busy inventory half, the lease, the sums. */
import { describe, expect, it } from 'vitest';
import { PeopleSoftAuthError } from '../peoplesoft/index.ts';
import { itemVendor, memoryEngine, orderLine, poSchedule, T0 } from '../memory/index.ts';
import type { Log } from '../ports.ts';
import { runSyncCycle, stageError } from './sync-cycle.ts';

function capturingLog() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      void lines.push({ level, message, fields });
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

const setup = (log?: Log) => {
  const e = memoryEngine({
    ...(log ? { log } : {}),
    config: { walmart: { acknowledge: 'all' } },
    erp: {
      schedules: [poSchedule({ poId: 'P1', qtyPo: 100 })],
      itemVendors: [itemVendor('SKU-1', '0000012345')],
      balances: [
        { itemId: 'SKU-1', qtyAvailable: 40, qtyOnHand: 40, qtyReserved: 0, changedAt: T0 - 86_400_000 },
      ],
    },
  });
  e.marketplace.addLine(orderLine({ purchaseOrderId: '100', quantity: 2 }));
  e.marketplace.addLine(orderLine({ purchaseOrderId: '101', status: 'Cancelled' }));
  return e;
};

describe('stageError', () => {
  it('names the class, and the system and fault where the error carries them', () => {
    expect(stageError('confirm', new PeopleSoftAuthError('OPR', 401, 'qas', 'refused'))).toEqual({
      stage: 'confirm',
      error: 'PeopleSoftAuthError',
      message: expect.any(String),
      system: 'peoplesoft',
      fault: 'credentials',
    });
    expect(stageError('poll', new TypeError('x'))).toEqual({
      stage: 'poll',
      error: 'TypeError',
      message: 'x',
    });
    expect(stageError('poll', 'a string')).toEqual({ stage: 'poll', error: 'Error', message: 'a string' });
    const nameless = Object.assign(new Error('y'), { name: '' });
    expect(stageError('match', nameless)).toEqual({ stage: 'match', error: 'Error', message: 'y' });
  });
});

describe('runSyncCycle stages', () => {
  it('reports a poll that could not record a line, naming the first one', async () => {
    const e = setup();
    const create = e.audit.create.bind(e.audit);
    e.audit.create = async (record, entry) => {
      if (record.key === '100#1') throw new Error('disk full');
      return create(record, entry);
    };
    const r = await runSyncCycle(e);
    expect(r.stageErrors).toEqual([
      {
        stage: 'poll',
        error: 'PollIncomplete',
        message:
          '1 order lines could not be recorded (first: 100#1: disk full); their window is read again next cycle',
      },
    ]);
  });

  it('reports a confirmation that could not settle every line', async () => {
    const e = setup();
    await runSyncCycle(e);
    e.erp.load();
    const update = e.audit.update.bind(e.audit);
    e.audit.update = async (next, version, entry) => {
      if (entry.actor === 'confirm') throw new Error('throttled');
      return update(next, version, entry);
    };
    const r = await runSyncCycle(e);
    expect(r.stageErrors).toEqual([
      { stage: 'confirm', error: 'ConfirmIncomplete', message: '1 lines not settled; retried next cycle' },
    ]);
  });

  it('runs the orders half when another inventory cycle holds its lease, and says so', async () => {
    const e = setup();
    await e.checkpoints.acquireLease('cycle:inventory', 'other', 60_000);
    const r = await runSyncCycle(e);
    expect(r.summary.receipts.posted).toBe(1);
    expect(r.summary.inventory).toEqual({ pushed: 0, failed: 0 });
    expect(r.stageErrors).toEqual([
      {
        stage: 'inventory',
        error: 'CycleBusyError',
        message: expect.stringContaining('another inventory cycle is running'),
        system: 'store',
      },
    ]);
    expect(e.marketplace.acknowledged).toEqual(['100']);
  });

  it('rethrows what is not a busy lease from the inventory half', async () => {
    const e = setup();
    const acquire = e.checkpoints.acquireLease.bind(e.checkpoints);
    e.checkpoints.acquireLease = async (name, owner, ttl) => {
      if (name === 'cycle:inventory') throw new Error('store locked');
      return acquire(name, owner, ttl);
    };
    await expect(runSyncCycle(e)).rejects.toThrow('store locked');
  });

  it('warns when the lease is lost between stages, and releases both leases when done', async () => {
    const { log, lines } = capturingLog();
    const e = setup(log);
    const acquire = e.checkpoints.acquireLease.bind(e.checkpoints);
    let calls = 0;
    e.checkpoints.acquireLease = async (name, owner, ttl) => {
      if (name === 'cycle:orders' && calls++ > 0) return false;
      return acquire(name, owner, ttl);
    };
    await runSyncCycle(e);
    const lost = lines.filter((l) => l.message === 'cycle lease lost');
    expect(lost.length).toBeGreaterThanOrEqual(3);
    expect(lost[0]).toEqual({
      level: 'warn',
      message: 'cycle lease lost',
      fields: { lease: 'cycle:orders' },
    });
    e.checkpoints.acquireLease = acquire;
    expect(await e.checkpoints.acquireLease('cycle:orders', 'next', 60_000)).toBe(true);
    expect(await e.checkpoints.acquireLease('cycle:inventory', 'next', 60_000)).toBe(true);
  });

  it('logs a failed stage with its name and goes on', async () => {
    const { log, lines } = capturingLog();
    const e = setup(log);
    e.marketplace.faults.orderLines.push({ error: new Error('Walmart unreachable') });
    await runSyncCycle(e);
    expect(lines.filter((l) => l.level === 'error')).toEqual([
      {
        level: 'error',
        message: 'poll stage failed; the cycle goes on',
        fields: { stage: 'poll', error: 'Walmart unreachable' },
      },
    ]);
  });

  it('counts each cycle on its own: calls, flags and skips of this cycle only', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '102', sku: 'NO-PO' }));
    const first = await runSyncCycle(e);
    expect(first.summary).toMatchObject({ flagged: 1, skipped: 1 });
    e.erp.failStaging('WM-100-1', 'Period closed');
    e.clock.advance(15 * 60_000);
    const walmart = e.marketplace.callCount();
    const peoplesoft = e.erp.callCount();
    const second = await runSyncCycle(e);
    // The rejected receipt is flagged by confirmation, in this cycle's count.
    expect(second.summary).toMatchObject({ flagged: 1, skipped: 0, receipts: { posted: 0, confirmed: 0 } });
    expect(second.summary.apiCalls).toEqual({
      walmart: e.marketplace.callCount() - walmart,
      peoplesoft: e.erp.callCount() - peoplesoft,
    });
    expect(second.summary.apiCalls.peoplesoft).toBeGreaterThan(0);
  });

  it('adds the lines a reviewer skipped while matching to the skipped count', async () => {
    const e = setup();
    e.marketplace.addLine(orderLine({ purchaseOrderId: '102', sku: 'NO-PO' }));
    await runSyncCycle(e);
    const flagged = await e.audit.get('102#1');
    await e.audit.update(
      { ...flagged!, status: 'RECEIVED', reason: undefined, resolution: { skip: true, by: 'dana', at: T0 } },
      flagged!.version,
      {
        key: '102#1',
        purchaseOrderId: '102',
        lineNumber: '1',
        at: T0,
        actor: 'resolve',
        from: 'FLAGGED',
        to: 'RECEIVED',
        detail: 'skip',
      },
    );
    await e.queue.send([{ key: '102#1', group: 'NO-PO' }]);
    const r = await runSyncCycle(e);
    expect(r.summary.skipped).toBe(1);
  });
});
