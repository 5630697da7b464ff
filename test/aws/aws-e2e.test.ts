/**
 * The AWS runtime end to end, on local stand-ins: dynalite, local-aws-sqs, a Secrets Manager fake and the
 * two sandboxes. The real Lambda handlers run as deployed; a harness plays the SQS event source mapping.
 */
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as confirmReceipts } from '../../functions/confirm-receipts.ts';
import { handler as feedFollowUp } from '../../functions/feed-follow-up.ts';
import { handler as matchOrders } from '../../functions/match-orders.ts';
import { handler as pollOrders } from '../../functions/poll-orders.ts';
import { handler as syncInventory } from '../../functions/sync-inventory.ts';
import { SCENARIO_EXPECTATIONS, scenarioWorld } from '../../sandbox/scenario-world.ts';
import type { LineRecord } from '../../shared/domain/index.ts';
import { type AwsStack, type AwsStackOptions, queueDepth, statuses } from './aws-stack.ts';
import type { SqsHandler } from './lambda-harness.ts';
import { useAwsTestbed } from './use-aws-testbed.ts';

const matcher = matchOrders as unknown as SqsHandler;

const bed = useAwsTestbed();
const output: string[] = [];

// The functions' logs and EMF metrics go to stdout: kept to check the metrics and that no secret is logged.
beforeAll(() => {
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
    output.push(String(chunk));
    return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
  });
});
afterAll(() => {
  vi.restoreAllMocks();
});

function start(options: Partial<AwsStackOptions> = {}): Promise<AwsStack> {
  return bed.start(matcher, { world: scenarioWorld(), ...options });
}

/** Poll, then let the matcher drain the queue. */
async function pollAndMatch(s: AwsStack) {
  const poll = await s.invoke(pollOrders, 'pollOrders');
  const matched = await s.matcher.drain();
  return { poll, matched };
}

/** Metric values published (EMF lines on stdout) since output index `from`, by name and dimension value. */
function metricTotals(from = 0): Map<string, number> {
  const totals = new Map<string, number>();
  for (const chunk of output.slice(from)) {
    for (const line of chunk.split('\n')) {
      if (!line.includes('"_aws"')) continue;
      const emf = JSON.parse(line) as Record<string, unknown> & {
        _aws: { CloudWatchMetrics: { Metrics: { Name: string }[]; Dimensions: string[][] }[] };
      };
      for (const set of emf._aws.CloudWatchMetrics) {
        const dims = set.Dimensions.flat().filter((d) => d !== 'service');
        for (const m of set.Metrics) {
          const suffix = dims.map((d) => `:${emf[d]}`).join('');
          const value = Number(emf[m.Name]);
          totals.set(m.Name + suffix, (totals.get(m.Name + suffix) ?? 0) + value);
        }
      }
    }
  }
  return totals;
}

function expectEachReferencePostedOnce(s: AwsStack) {
  expect(s.peoplesoft.duplicates()).toEqual([]);
  expect(Object.values(s.peoplesoft.postCounts()).every((n) => n === 1)).toBe(true);
}

describe('AWS runtime end to end', () => {
  it('runs a full cycle: poll → match → confirm → inventory', async () => {
    const s = await start();
    const mark = output.length;
    const { poll, matched } = await pollAndMatch(s);
    expect(poll.lines).toBe(12);
    expect(matched.failedKeys).toEqual([]);
    s.peoplesoft.runBatchLoad();
    const confirmed = await s.invoke(confirmReceipts, 'confirmReceipts');
    expect(confirmed.confirmed).toBe(3);
    const inventory = await s.invoke(syncInventory, 'syncInventory');
    expect(inventory.failed).toEqual([]);

    expect(await statuses(s)).toEqual(SCENARIO_EXPECTATIONS);
    expectEachReferencePostedOnce(s);
    // I5: every SKU PeopleSoft knows now carries max(0, QTY_AVAILABLE - safetyStock); others are untouched.
    for (const b of s.peoplesoft.balances()) {
      expect(s.walmart.inventory.get(b.itemId)).toBe(Math.max(0, b.qtyAvailable));
    }
    expect(s.walmart.inventory.get('ZZZ-NOT-IN-PEOPLESOFT')).toBe(7);
    expect(await queueDepth(bed.aws().sqs, s.queueUrl)).toBe(0);
    expect(await queueDepth(bed.aws().sqs, s.dlqUrl)).toBe(0);

    const metrics = metricTotals(mark);
    expect(metrics.get('OrdersPolled')).toBe(7);
    expect(metrics.get('LinesEnqueued')).toBe(poll.enqueued);
    expect(metrics.get('LinesMatched')).toBe(3);
    expect(metrics.get('ReceiptsPosted')).toBe(3);
    expect(metrics.get('ReceiptsConfirmed')).toBe(3);
    expect(metrics.get('LinesFlagged:AMBIGUOUS_PO')).toBe(1);
    expect(metrics.get('LinesFlagged:INVALID_ORDER_DATA')).toBe(1);
    expect(metrics.get('InventoryPushed')).toBe(inventory.pushed);
  });

  it('records every quantity set in DynamoDB, and the reconcile job heals a drifted Walmart', async () => {
    const s = await start();
    const first = await s.invoke(syncInventory, 'syncInventory');
    expect(first.failed).toEqual([]);
    const recorded: string[] = [];
    for await (const e of s.audit.inventoryEntries({})) {
      expect(e).toMatchObject({ outcome: 'SET', trigger: 'cycle' });
      recorded.push(e.sku);
    }
    expect(recorded.sort()).toEqual(
      s.peoplesoft
        .balances()
        .map((b) => b.itemId)
        .sort(),
    );

    // Walmart changed by hand: no PeopleSoft balance changed, so only a reconcile sets it back.
    s.walmart.inventory.set('GLV-100', 1);
    const cycle = await s.invoke(syncInventory, 'syncInventory');
    expect(cycle.pushed).toBe(0);
    const healed = await s.invoke(syncInventory, 'reconcile');
    expect(healed).toMatchObject({ pushed: 1, failed: [], changedBalances: 1, via: 'put' });
    const glv = s.peoplesoft.balances().find((b) => b.itemId === 'GLV-100')!;
    expect(s.walmart.inventory.get('GLV-100')).toBe(glv.qtyAvailable);
    const [newest] = await firstOf(s.audit.inventoryEntries({ sku: 'GLV-100', limit: 1 }));
    expect(newest).toMatchObject({ trigger: 'reconcile', quantity: glv.qtyAvailable, outcome: 'SET' });
  });

  it('dead-letters a poison message after the maximum receives, and finishes every other line', async () => {
    const s = await start();
    await bed
      .aws()
      .sqs.send(new SendMessageCommand({ QueueUrl: s.queueUrl, MessageBody: 'not a work item' }));
    await bed.aws().sqs.send(
      new SendMessageCommand({
        QueueUrl: s.queueUrl,
        MessageBody: JSON.stringify({ key: '999#1', group: 'X' }),
      }),
    );
    const { matched } = await pollAndMatch(s);

    expect(matched.failedKeys.filter((k) => k === '999#1')).toHaveLength(3);
    expect(new Set(matched.failedKeys)).toEqual(new Set(['999#1']));
    expect(await queueDepth(bed.aws().sqs, s.queueUrl)).toBe(0);
    expect(await queueDepth(bed.aws().sqs, s.dlqUrl)).toBe(2);
    expect(await s.queue.deadLetters()).toEqual([{ key: '999#1', group: 'X' }]);
    const lines = await statuses(s);
    expect(Object.values(lines).filter((l) => l.status === 'RECEIVED')).toEqual([]);
  });

  it('redrives dead letters after an outage without posting any receipt twice', async () => {
    const s = await start();
    s.peoplesoft.applyFaults({ failureRate: { rate: 1, scope: 'query' } });
    const { matched } = await pollAndMatch(s);
    expect(matched.failedMessageIds.length).toBe(3 * 10);
    expect(s.peoplesoft.postCounts()).toEqual({});
    const dead = await s.queue.deadLetters();
    expect(dead).toHaveLength(10);

    s.peoplesoft.applyFaults({ clear: true });
    expect(await s.queue.redrive()).toBe(10);
    expect((await s.matcher.drain()).failedKeys).toEqual([]);
    expect(await queueDepth(bed.aws().sqs, s.dlqUrl)).toBe(0);
    const posted = s.peoplesoft.postCounts();
    expect(posted['WM-1796277083022-1']).toBe(1);

    // A second copy of a finished line's message (a late duplicate) dead-lettered and redriven: no new post.
    await bed.aws().sqs.send(
      new SendMessageCommand({
        QueueUrl: s.dlqUrl,
        MessageBody: JSON.stringify({ key: '1796277083022#1', group: 'GLV-100' }),
      }),
    );
    expect(await s.queue.redrive(['1796277083022#1'])).toBe(1);
    expect((await s.matcher.drain()).failedKeys).toEqual([]);
    expect(s.peoplesoft.postCounts()).toEqual(posted);

    s.peoplesoft.runBatchLoad();
    await s.invoke(confirmReceipts, 'confirmReceipts');
    expect(await statuses(s)).toEqual(SCENARIO_EXPECTATIONS);
    expectEachReferencePostedOnce(s);
  });

  it('reverses a late-cancelled sale once, even when its message is dead-lettered and redriven', async () => {
    const s = await start();
    await pollAndMatch(s);
    s.peoplesoft.runBatchLoad();
    await s.invoke(confirmReceipts, 'confirmReceipts');
    const key = '1796277083022#1';
    expect((await s.audit.get(key))?.status).toBe('RECEIPTED');

    s.walmart.cancelLine('1796277083022', '1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await s.invoke(pollOrders, 'pollOrders');
    expect(await s.audit.get(key)).toMatchObject({ status: 'FLAGGED', reason: 'CANCELLED_AFTER_RECEIPT' });
    expect((await s.matcher.drain()).failedKeys).toEqual([]);
    const reference = 'WM-1796277083022-1-ADJR';
    expect(s.peoplesoft.postCounts()[reference]).toBe(1);
    const staged = s.peoplesoft.staged().find((r) => r.reference === reference);
    expect(staged).toMatchObject({ kind: 'adjustment', quantity: (await s.audit.get(key))!.quantity });

    // The same line's message dead-lettered and redriven later: nothing is posted again.
    await bed.aws().sqs.send(
      new SendMessageCommand({
        QueueUrl: s.dlqUrl,
        MessageBody: JSON.stringify({ key, group: 'GLV-100' }),
      }),
    );
    expect(await s.queue.redrive([key])).toBe(1);
    expect((await s.matcher.drain()).failedKeys).toEqual([]);
    s.peoplesoft.runBatchLoad();
    await s.invoke(confirmReceipts, 'confirmReceipts');
    expect(s.peoplesoft.postCounts()[reference]).toBe(1);
    expect(await s.audit.get(key)).toMatchObject({ reversal: { reference, state: 'LOADED' } });
    expectEachReferencePostedOnce(s);
  });

  it('the poll summary says how many work items wait in the queue and until when at the latest', async () => {
    const s = await start();
    const first = await s.invoke(pollOrders, 'pollOrders');
    expect(first.waiting).toBe(0);
    // A matcher holds three messages (or died holding them): hidden until their visibility timeout.
    await bed.aws().sqs.send(new ReceiveMessageCommand({ QueueUrl: s.queueUrl, MaxNumberOfMessages: 3 }));
    const before = Date.now();
    const second = await s.invoke(pollOrders, 'pollOrders');
    expect(second.waiting).toBe(3);
    const until = Date.parse(second.waitingUntil ?? '');
    expect(until).toBeGreaterThanOrEqual(before + 299_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 300_000);
  });

  it('settles receipts whose PeopleSoft answer was lost without posting them again', async () => {
    const s = await start();
    s.peoplesoft.applyFaults({ loseNext: { count: 1, scope: 'post' } });
    const { matched } = await pollAndMatch(s);
    expect(s.peoplesoft.requests().filter((r) => (r as { lost?: boolean }).lost)).toHaveLength(1);
    const inDoubt = (await s.audit.list({})).filter((r: LineRecord) => r.receipt?.state === 'IN_DOUBT');
    expect(inDoubt.length).toBeGreaterThan(0);
    // A retry of the batch must not post an in-doubt receipt again.
    await s.queue.send(inDoubt.map((r) => ({ key: r.key, group: r.itemId ?? r.sku })));
    await s.matcher.drain();
    expect(matched.errors).toEqual([]);
    expectEachReferencePostedOnce(s);

    s.peoplesoft.runBatchLoad();
    await s.invoke(confirmReceipts, 'confirmReceipts');
    expect(await statuses(s)).toEqual(SCENARIO_EXPECTATIONS);
    expectEachReferencePostedOnce(s);
  });

  it('flags a receipt PeopleSoft rejects with an IBResponse error sent as HTTP 200', async () => {
    const s = await start();
    const mark = output.length;
    s.peoplesoft.applyFaults({
      ibErrorFor: {
        references: ['WM-1796277083022-1'],
        messageSet: 18040,
        messageId: 7,
        message: 'PO closed',
      },
    });
    await pollAndMatch(s);
    const line = await s.audit.get('1796277083022#1');
    expect(line).toMatchObject({ status: 'FLAGGED', reason: 'RECEIPT_REJECTED' });
    expect(line?.receipt?.error).toMatchObject({ messageSet: '18040', messageId: '7' });
    expect(line?.receipt?.error?.message).toContain('PO closed');
    expect(s.peoplesoft.staged().some((t) => t.reference === 'WM-1796277083022-1')).toBe(false);
    expect(metricTotals(mark).get('LinesFlagged:RECEIPT_REJECTED')).toBeGreaterThanOrEqual(1);
    expect(await queueDepth(bed.aws().sqs, s.dlqUrl)).toBe(0);
  });

  it('recovers from a Walmart 401 in the middle of a cycle with one token refresh', async () => {
    const s = await start();
    await pollAndMatch(s);
    const tokens = s.walmart.tokensIssued();
    // Every token is revoked after three more Walmart calls: in the middle of the nine inventory PUTs.
    s.walmart.knobs.revokeTokensAfterRequests = 3;
    const inventory = await s.invoke(syncInventory, 'syncInventory');
    expect(inventory.failed).toEqual([]);
    expect(inventory.pushed).toBe(9);
    expect(s.walmart.tokensIssued()).toBe(tokens + 1);
    expect(s.walmart.counters.inventory.statuses['401']).toBe(1);
    s.walmart.revokeTokens();
    const again = await s.invoke(pollOrders, 'pollOrders');
    expect(again.failures).toBe(0);
    expect(s.walmart.tokensIssued()).toBe(tokens + 2);
  });

  it('follows an inventory feed the inventory function could not wait for', async () => {
    const s = await start({
      config: {
        inventory: { feedThreshold: 5 },
        walmart: { feedPollIntervalMs: 20 },
      },
      walmartKnobs: { feedProcessingMs: 2000 },
    });
    const mark = output.length;
    // 30 s are kept in reserve: 100 ms are left to follow the feed, which takes 2 s.
    const inventory = await s.invoke(syncInventory, 'syncInventory', 30_100);
    expect(inventory.via).toBe('feed');
    expect(inventory.pushed).toBe(0);
    expect(metricTotals(mark).get('InventoryFailed')).toBeUndefined();

    const early = await s.invoke(feedFollowUp, 'feedFollowUp');
    expect(early).toMatchObject({ finished: [], stillProcessing: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const done = await s.invoke(feedFollowUp, 'feedFollowUp');
    expect(done.finished).toHaveLength(1);
    expect(done.finished[0]?.items.every((i) => i.ok)).toBe(true);
    expect(done.stillProcessing).toBe(0);
    expect(metricTotals(mark).get('InventoryPushed')).toBe(9);
    expect(await s.invoke(feedFollowUp, 'feedFollowUp')).toMatchObject({ finished: [], stillProcessing: 0 });
  });

  it('never writes a secret to the function logs (I6)', () => {
    const text = output.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const secret of ['sandbox-client-secret', 'sandbox-only-password'])
      expect(text).not.toContain(secret);
  });
});

async function firstOf<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}
