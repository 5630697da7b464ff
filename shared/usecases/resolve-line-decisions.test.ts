/** A reviewer's decision, word for word: what is refused and why, and what is recorded when it is taken. */
import { describe, expect, it } from 'vitest';
import type { LineRecord } from '../domain/index.ts';
import { itemVendor, memoryEngine, poSchedule, T0 } from '../memory/index.ts';
import { resolveLine } from './resolve-line.ts';

const KEY = '7#1';

function flagged(over: Partial<LineRecord> = {}): LineRecord {
  return {
    key: KEY,
    purchaseOrderId: '7',
    lineNumber: '1',
    sku: 'SKU-1',
    itemId: 'SKU-1',
    quantity: 2,
    unit: 'EACH',
    orderDate: T0,
    walmartStatus: 'Created',
    status: 'FLAGGED',
    reason: 'AMBIGUOUS_PO',
    poRef: 'US001/P1/1/1',
    vendorId: '0000012345',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...over,
  };
}

async function engineWith(record?: LineRecord) {
  const e = memoryEngine({
    erp: {
      schedules: [poSchedule({ poId: 'P1' }), poSchedule({ poId: 'P2' })],
      itemVendors: [itemVendor('SKU-1', '0000012345')],
    },
  });
  if (record) {
    await e.audit.create(record, {
      key: record.key,
      purchaseOrderId: record.purchaseOrderId,
      lineNumber: record.lineNumber,
      at: T0,
      actor: 'match',
      to: record.status,
      detail: 'seeded',
    });
  }
  return e;
}

const refusal = (reason: string, message: string) => ({
  name: 'ResolveError',
  key: KEY,
  reason,
  message: `cannot resolve ${KEY}: ${message}`,
});

describe('resolveLine refusals', () => {
  it.each([
    [{ skip: true, by: '  ' }, 'say who decides (by)'],
    [{ skip: true, by: '' }, 'say who decides (by)'],
    [
      { poRef: 'US001/P1/1/1', skip: true, by: 'dana' },
      'give either a PO schedule (--po BU/PO_ID/LINE/SCHED) or --skip',
    ],
    [{ by: 'dana' }, 'give either a PO schedule (--po BU/PO_ID/LINE/SCHED) or --skip'],
  ])('refuses %j as INVALID_INPUT', async (input, message) => {
    const e = await engineWith(flagged());
    await expect(resolveLine(e, KEY, input as never)).rejects.toMatchObject(
      refusal('INVALID_INPUT', message),
    );
  });

  it('refuses an unknown line, one in doubt, and one not flagged', async () => {
    await expect(resolveLine(await engineWith(), KEY, { skip: true, by: 'dana' })).rejects.toMatchObject(
      refusal('UNKNOWN_LINE', 'no such order line in the audit trail'),
    );
    const doubt = await engineWith(flagged({ status: 'IN_DOUBT', reason: undefined }));
    await expect(resolveLine(doubt, KEY, { skip: true, by: 'dana' })).rejects.toMatchObject(
      refusal(
        'IN_DOUBT',
        'its post to PeopleSoft is in doubt; the next sync settles it from the receipt-status query',
      ),
    );
    const posted = await engineWith(flagged({ status: 'POSTED', reason: undefined }));
    await expect(resolveLine(posted, KEY, { poRef: 'US001/P1/1/1', by: 'dana' })).rejects.toMatchObject(
      refusal('NOT_FLAGGED', 'it is POSTED, and only FLAGGED lines take a decision'),
    );
  });

  it('refuses a schedule for a line that cannot be received, and lets it be skipped', async () => {
    for (const over of [
      { reason: 'INVALID_ORDER_DATA' as const },
      { reason: 'CANCELLED_AFTER_RECEIPT' as const, walmartStatus: 'Cancelled' as const },
    ]) {
      const e = await engineWith(flagged(over));
      await expect(resolveLine(e, KEY, { poRef: 'US001/P1/1/1', by: 'dana' })).rejects.toMatchObject(
        refusal(
          'NOT_RECEIVABLE',
          `it is ${over.reason} (Walmart status ${over.walmartStatus ?? 'Created'}); only --skip applies`,
        ),
      );
      expect(await resolveLine(e, KEY, { skip: true, by: 'dana' })).toMatchObject({ status: 'SKIPPED' });
    }
  });

  it('refuses a second receipt for a line whose receipt may be in PeopleSoft', async () => {
    const e = await engineWith(
      flagged({
        reason: 'RECEIPT_NOT_LOADED',
        receipt: { reference: 'WM-7-1', state: 'STAGED', intentAt: T0, attempts: 1 },
      }),
    );
    await expect(resolveLine(e, KEY, { poRef: 'US001/P2/1/1', by: 'dana' })).rejects.toMatchObject(
      refusal(
        'RECEIPT_IN_ERP',
        'its receipt WM-7-1 is STAGED in PeopleSoft; a second receipt would double the stock',
      ),
    );
  });

  it('refuses a line that changed while the decision was recorded, naming the change', async () => {
    const e = await engineWith(flagged());
    e.audit.beforeUpdate = async () => {
      e.audit.beforeUpdate = undefined;
      const cur = (await e.audit.get(KEY))!;
      await e.audit.update({ ...cur, status: 'POSTED', reason: undefined }, cur.version, {
        ...e.audit.entriesOf(KEY)[0]!,
        detail: 'posted meanwhile',
      });
    };
    await expect(resolveLine(e, KEY, { skip: true, by: 'dana' })).rejects.toMatchObject(
      refusal(
        'CHANGED',
        `it changed meanwhile: cannot resolve ${KEY}: it is POSTED, and only FLAGGED lines take a decision`,
      ),
    );
    expect(e.queue.pending()).toEqual([]);
  });
});

describe('resolveLine decisions', () => {
  it('records the chosen schedule with who, when and why, and sends the line to be matched again', async () => {
    const e = await engineWith(flagged());
    const r = await resolveLine(e, KEY, { poRef: 'US001/P2/1/1', by: 'dana', note: 'per buyer' });
    const resolution = { poRef: 'US001/P2/1/1', note: 'per buyer', by: 'dana', at: T0 };
    expect(r).toEqual({
      ...flagged(),
      status: 'RECEIVED',
      reason: undefined,
      poRef: undefined,
      vendorId: undefined,
      detail: 'dana chose PO schedule US001/P2/1/1 (per buyer); the line is matched again.',
      resolution,
      version: 2,
      updatedAt: T0,
    });
    expect(e.audit.entriesOf(KEY).at(-1)).toMatchObject({
      actor: 'resolve',
      from: 'FLAGGED',
      to: 'RECEIVED',
      detail: 'dana chose PO schedule US001/P2/1/1 (per buyer); the line is matched again.',
      data: { resolution, previousReason: 'AMBIGUOUS_PO' },
    });
    expect(e.queue.pending()).toEqual([{ key: KEY, group: 'SKU-1' }]);
    // Only the schedules are read to check the choice, not the item's vendors.
    expect(e.erp.reads).toContain('openSchedules');
    expect(e.erp.reads).not.toContain('itemVendors');
  });

  it('drops a rejected receipt so the chosen schedule gets a fresh one, its attempts kept', async () => {
    const e = await engineWith(
      flagged({
        reason: 'RECEIPT_REJECTED',
        receipt: { reference: 'WM-7-1', state: 'REJECTED', intentAt: T0, attempts: 1 },
      }),
    );
    const r = await resolveLine(e, KEY, { poRef: 'US001/P1/1/1', by: 'dana' });
    expect(r.receipt).toBeUndefined();
    expect(r.priorAttempts).toEqual({ receipt: 1 });
    expect(r.detail).toBe('dana chose PO schedule US001/P1/1/1; the line is matched again.');
  });

  it('skips with the note, sending nothing', async () => {
    const e = await engineWith(flagged());
    const r = await resolveLine(e, KEY, { skip: true, by: 'dana', note: 'sample order' });
    expect(r).toMatchObject({
      status: 'SKIPPED',
      reason: 'RESOLVED_SKIP',
      detail: 'Skipped by dana: sample order.',
      resolution: { skip: true, note: 'sample order', by: 'dana', at: T0 },
    });
    expect(e.audit.entriesOf(KEY).at(-1)).toMatchObject({
      actor: 'resolve',
      detail: 'Skipped by dana: sample order.',
      data: { resolution: { skip: true, note: 'sample order', by: 'dana', at: T0 } },
    });
    expect(e.queue.pending()).toEqual([]);
    const bare = await engineWith(flagged());
    expect((await resolveLine(bare, KEY, { skip: true, by: 'dana' })).detail).toBe('Skipped by dana.');
  });
});
