/**
 * Faults in the AWS runtime, on the same local stand-ins as aws-e2e.test.ts: 5xx bursts on PeopleSoft while
 * matching, 5xx and 429 bursts on Walmart while polling and pushing inventory, two matcher invocations at
 * once on the same lines, and a second poll over the same window. Each case ends with the contract's
 * invariants checked against the PeopleSoft sandbox and the DynamoDB audit trail (I1–I3, and I5 where
 * inventory ran).
 */
import { ChangeMessageVisibilityCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as confirmReceipts } from '../../functions/confirm-receipts.ts';
import { handler as matchOrders } from '../../functions/match-orders.ts';
import { handler as pollOrders } from '../../functions/poll-orders.ts';
import { handler as syncInventory } from '../../functions/sync-inventory.ts';
import { SCENARIO_EXPECTATIONS, scenarioWorld } from '../../sandbox/scenario-world.ts';
import type { ConfigInput } from '../../shared/config/index.ts';
import { type AuditEntry, type LineRecord, TERMINAL_STATUSES } from '../../shared/domain/index.ts';
import { keyOfReference, scheduleViolations, worldKeys, writeOfReference } from '../e2e/invariants.ts';
import { type AwsStack, type AwsStackOptions, queueDepth, statuses } from './aws-stack.ts';
import { type DrainReport, lambdaContext, type SqsHandler } from './lambda-harness.ts';
import { useAwsTestbed } from './use-aws-testbed.ts';

const matcher = matchOrders as unknown as SqsHandler;

const bed = useAwsTestbed();

function start(options: Partial<AwsStackOptions> = {}): Promise<AwsStack> {
  return bed.start(matcher, { world: scenarioWorld(), ...options });
}

/** Walmart settings over the stack's own (its base URL stays the sandbox's). */
function walmartConfig(settings: Partial<ConfigInput['walmart']>): Partial<ConfigInput> {
  return { walmart: settings as ConfigInput['walmart'] };
}

/** Every audit entry of the world's orders, by order line key. */
async function histories(s: AwsStack): Promise<Map<string, AuditEntry[]>> {
  const byKey = new Map<string, AuditEntry[]>();
  for (const order of s.world.orders) {
    for (const e of await s.audit.history(order.purchaseOrderId))
      byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
  }
  return byKey;
}

/**
 * The contract's invariants over what PeopleSoft holds and what the DynamoDB audit trail records:
 * I1 one staging row per reference, each known to its line; I2 receipts per schedule within its open
 * quantity at the start; I3 every line of the world terminal, in the queues, or waiting on a recorded write.
 */
async function awsViolations(s: AwsStack): Promise<string[]> {
  const violations: string[] = [];
  const records = new Map<string, LineRecord>((await s.audit.list({})).map((r) => [r.key, r]));
  const history = await histories(s);
  const staged = s.peoplesoft.staged();

  for (const [reference, n] of Object.entries(s.peoplesoft.postCounts())) {
    if (n > 1) violations.push(`I1: ${reference} reached PeopleSoft ${n} times`);
  }
  for (const row of staged) {
    const key = keyOfReference(row.reference);
    const record = key ? records.get(key) : undefined;
    const write = writeOfReference(record, row.reference);
    if (write?.reference !== row.reference)
      violations.push(
        `I1: ${row.reference} is in PeopleSoft but line ${key ?? '?'} records no such ${row.kind}`,
      );
  }

  violations.push(...scheduleViolations(s.world, s.peoplesoft));

  const inQueues =
    (await queueDepth(bed.aws().sqs, s.queueUrl)) + (await queueDepth(bed.aws().sqs, s.dlqUrl));
  for (const key of worldKeys(s.world)) {
    const r = records.get(key);
    if (!r) violations.push(`I3: order line ${key} was polled but is not in the audit trail`);
    else if ((history.get(key) ?? []).length === 0)
      violations.push(`I3: order line ${key} has no audit entry`);
    else if (!TERMINAL_STATUSES.has(r.status) && inQueues === 0 && !(r.receipt || r.adjustment))
      violations.push(
        `I3: order line ${key} is ${r.status} with no queue item, dead letter or pending write`,
      );
  }
  return violations;
}

async function expectAwsInvariants(s: AwsStack): Promise<void> {
  const violations = await awsViolations(s);
  expect(violations, violations.join('\n')).toEqual([]);
}

/** Loads what PeopleSoft staged, confirms, and checks every line reached its scenario outcome. */
async function settleAndCheck(s: AwsStack): Promise<void> {
  s.peoplesoft.runBatchLoad();
  await s.invoke(confirmReceipts, 'confirmReceipts');
  expect(await statuses(s)).toEqual(SCENARIO_EXPECTATIONS);
  expect(s.peoplesoft.duplicates()).toEqual([]);
  expect(Object.values(s.peoplesoft.postCounts()).every((n) => n === 1)).toBe(true);
  expect(await queueDepth(bed.aws().sqs, s.queueUrl)).toBe(0);
  expect(await queueDepth(bed.aws().sqs, s.dlqUrl)).toBe(0);
  await expectAwsInvariants(s);
}

/** I5: every SKU PeopleSoft knows carries max(0, QTY_AVAILABLE - safetyStock); others are untouched. */
function expectInventoryPushed(s: AwsStack): void {
  for (const b of s.peoplesoft.balances()) {
    expect(s.walmart.inventory.get(b.itemId), b.itemId).toBe(Math.max(0, b.qtyAvailable));
  }
  expect(s.walmart.inventory.get('ZZZ-NOT-IN-PEOPLESOFT')).toBe(7);
}

function walmartStatusCount(s: AwsStack, status: string): number {
  return Object.values(s.walmart.counters).reduce((n, c) => n + (c.statuses[status] ?? 0), 0);
}

/** Takes up to `max` messages off the work queue as the event source mapping would, keeping them in flight. */
async function receiveRecords(s: AwsStack, max: number): Promise<SQSRecord[]> {
  const records: SQSRecord[] = [];
  while (records.length < max) {
    const res = await bed.aws().sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: s.queueUrl,
        MaxNumberOfMessages: Math.min(10, max - records.length),
        AttributeNames: ['All'],
      }),
    );
    const messages = res.Messages ?? [];
    if (messages.length === 0) break;
    for (const m of messages) {
      records.push({
        messageId: m.MessageId ?? '',
        receiptHandle: m.ReceiptHandle ?? '',
        body: m.Body ?? '',
        attributes: {
          ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
          SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: m.MD5OfBody ?? '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:work',
        awsRegion: 'us-east-1',
      });
    }
  }
  return records;
}

/** Makes in-flight messages visible again (their visibility timeout ran out). */
async function makeVisible(s: AwsStack, records: SQSRecord[]): Promise<void> {
  for (const r of records) {
    await bed
      .aws()
      .sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: s.queueUrl,
          ReceiptHandle: r.receiptHandle,
          VisibilityTimeout: 0,
        }),
      )
      // A message the handler already finished is deleted; nothing to make visible.
      .catch(() => undefined);
  }
}

describe('AWS runtime under faults', { timeout: 120_000 }, () => {
  it('a PeopleSoft 5xx burst on reads is absorbed by splitting the query window', async () => {
    const s = await start();
    const poll = await s.invoke(pollOrders, 'pollOrders');
    expect(poll.lines).toBe(12);
    s.peoplesoft.applyFaults({ failNext: { count: 3, status: 503, scope: 'query' } });
    const matched = await s.matcher.drain();
    expect(s.peoplesoft.requests().filter((r) => r.status >= 500)).toHaveLength(3);
    expect(matched.errors).toEqual([]);
    await settleAndCheck(s);
  });

  it('a PeopleSoft outage while matching: the lines are retried through the queue, then posted once', async () => {
    const s = await start({ maxReceiveCount: 5 });
    const poll = await s.invoke(pollOrders, 'pollOrders');
    s.peoplesoft.applyFaults({ failureRate: { rate: 1, status: 503, scope: 'query' } });
    const first: DrainReport = { invocations: 0, failedMessageIds: [], failedKeys: [], errors: [] };
    expect(await s.matcher.deliverOnce(first)).toBe(true);
    expect(first.failedKeys.length).toBe(Math.min(10, poll.enqueued));
    expect(s.peoplesoft.postCounts()).toEqual({});
    s.peoplesoft.applyFaults({ clear: true });
    s.peoplesoft.faults.failNext(2, { status: 500, scope: 'query', body: 'ibresponse' });

    const rest = await s.matcher.drain();
    expect(rest.failedKeys.filter((k) => !first.failedKeys.includes(k))).toEqual([]);
    expect(await queueDepth(bed.aws().sqs, s.dlqUrl)).toBe(0);
    await settleAndCheck(s);
  });

  it('a PeopleSoft 5xx on a post: in doubt, proven absent, re-enqueued and posted once', async () => {
    // The shortest grace the config allows: a post in doubt is settled one timeout after it was sent.
    const s = await start({
      config: { peoplesoft: { timeoutMs: 2_000, inDoubtGraceMinutes: 0.001 } } as Partial<ConfigInput>,
    });
    await s.invoke(pollOrders, 'pollOrders');
    s.peoplesoft.faults.failNext(1, { status: 500, scope: 'post', body: 'ibresponse' });
    await s.matcher.drain();
    const inDoubt = (await s.audit.list({})).filter((r) => r.status === 'IN_DOUBT');
    expect(inDoubt.length).toBeGreaterThan(0);
    expect(s.peoplesoft.postCounts()).not.toHaveProperty(inDoubt[0]!.receipt!.reference);

    const until = Date.now() + 30_000;
    let reposted = 0;
    while (reposted < inDoubt.length && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      reposted += (await s.invoke(confirmReceipts, 'confirmReceipts')).reposted;
    }
    expect(reposted).toBe(inDoubt.length);
    expect((await s.matcher.drain()).failedKeys).toEqual([]);
    await settleAndCheck(s);
  });

  it('a Walmart 5xx burst while polling and pushing inventory: nothing lost, quantities right', async () => {
    const s = await start({ config: walmartConfig({ maxRetries: 3 }) });
    s.walmart.knobs.failNext = { token: 1, orders: 2, inventory: 2 };
    const poll = await s.invoke(pollOrders, 'pollOrders');
    expect(poll.lines).toBe(12);
    expect(poll.failures).toBe(0);
    await s.matcher.drain();
    const inventory = await s.invoke(syncInventory, 'syncInventory');
    expect(inventory.failed).toEqual([]);
    expect(inventory.pushed).toBe(9);
    expect(walmartStatusCount(s, '500')).toBe(5);
    expectInventoryPushed(s);
    await settleAndCheck(s);
  });

  it('a Walmart 5xx burst longer than the retries: the next poll reads the window again', async () => {
    const s = await start({ config: walmartConfig({ maxRetries: 1 }) });
    s.walmart.knobs.failStatus = 503;
    s.walmart.knobs.failNext = { orders: 2 };
    const first = await s.invoke(pollOrders, 'pollOrders').catch((e: Error) => e);
    expect(first instanceof Error || first.lines < 12).toBe(true);
    const again = await s.invoke(pollOrders, 'pollOrders');
    expect(again.failures).toBe(0);
    expect(Object.keys(await statuses(s)).sort()).toEqual(worldKeys(s.world).sort());
    await s.matcher.drain();
    await settleAndCheck(s);
  });

  it('a Walmart 429 burst while polling and pushing inventory: waits, retries, nothing lost', async () => {
    const s = await start({ config: walmartConfig({ maxRetries: 3 }) });
    s.walmart.knobs.throttleWaitMs = 200;
    s.walmart.knobs.throttleNext = { orders: 2, inventory: 2 };
    const poll = await s.invoke(pollOrders, 'pollOrders');
    expect(poll.lines).toBe(12);
    expect(poll.failures).toBe(0);
    await s.matcher.drain();
    s.walmart.knobs.retryAfterSeconds = 1;
    s.walmart.knobs.throttleNext = { inventory: 1 };
    const inventory = await s.invoke(syncInventory, 'syncInventory');
    expect(inventory.failed).toEqual([]);
    expect(inventory.pushed).toBe(9);
    expect(walmartStatusCount(s, '429')).toBe(3);
    expectInventoryPushed(s);
    await settleAndCheck(s);
  });

  it('two matcher invocations at once on the same lines: one set of writes, no schedule over-received', async () => {
    const s = await start({ maxReceiveCount: 10, config: { orders: { busyRetrySeconds: 0 } } });
    const poll = await s.invoke(pollOrders, 'pollOrders');
    const records = await receiveRecords(s, poll.enqueued);
    expect(records).toHaveLength(poll.enqueued);
    // The second event is a duplicate delivery of the same keys (other message ids, reversed order).
    const copy: SQSRecord[] = records
      .map((r, i) => ({ ...r, messageId: `duplicate-${i}`, receiptHandle: `duplicate-${i}` }))
      .reverse();
    s.peoplesoft.applyFaults({ latencyMs: 30 });
    const events: SQSEvent[] = [{ Records: records }, { Records: copy }];
    const answers = await Promise.all(events.map((e) => matcher(e, lambdaContext('match-orders'))));
    s.peoplesoft.applyFaults({ clear: true });

    expect(s.peoplesoft.duplicates()).toEqual([]);
    await expectAwsInvariants(s);
    // Each item's lease let one invocation through; the other put those keys back to wait, failing none.
    expect(answers.flatMap((a) => a?.batchItemFailures ?? [])).toEqual([]);
    const waiting = await receiveRecords(s, poll.enqueued);
    expect(waiting.length, 'keys the two invocations contended for').toBeGreaterThan(0);
    expect(waiting.every((r) => JSON.parse(r.body).postponed === 1)).toBe(true);
    expect(waiting.every((r) => r.attributes.ApproximateReceiveCount === '1')).toBe(true);
    // Every message comes back (as after a lost delete): what was finished stays finished, the rest is done now.
    await makeVisible(s, [...records, ...waiting]);
    const drained = await s.matcher.drain();
    expect(drained.failedKeys).toEqual([]);
    await settleAndCheck(s);
  });

  it('the poller run twice over the same window creates nothing new', async () => {
    // An overlap of three days: the second poll reads every order again.
    const s = await start({ config: { orders: { overlapMinutes: 3 * 24 * 60 } } });
    const first = await s.invoke(pollOrders, 'pollOrders');
    await s.matcher.drain();
    const staged = s.peoplesoft.staged().length;
    const before = await statuses(s);
    const beforeHistory = await histories(s);

    const second = await s.invoke(pollOrders, 'pollOrders');
    expect(second.lines).toBe(first.lines);
    expect(second.enqueued).toBe(0);
    expect(second.failures).toBe(0);
    await s.matcher.drain();
    expect(s.peoplesoft.staged().length).toBe(staged);
    expect(await statuses(s)).toEqual(before);
    const afterHistory = await histories(s);
    for (const [key, entries] of beforeHistory)
      expect(afterHistory.get(key)?.length, key).toBe(entries.length);
    await settleAndCheck(s);
  });
});
