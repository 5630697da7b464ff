/**
 * Matcher invocations side by side on few items, as the deployed event source mapping runs them (maximum
 * concurrency 5, dead-letter after 5 receives; batches of 10 rather than the template's 100, so that 60 lines
 * make several batches that race), with no fault injected. Lines of one item race
 * for the item's lease; the loser waits (its message is put back) instead of failing, so no line reaches the
 * dead-letter queue and every line is posted exactly once, run after run.
 */
import { describe, expect, it } from 'vitest';
import { handler as matchOrders } from '../../functions/match-orders.ts';
import { handler as pollOrders } from '../../functions/poll-orders.ts';
import { generateWorld } from '../../sandbox/generate-world.ts';
import { scheduleViolations, worldKeys } from '../e2e/invariants.ts';
import { type AwsStack, messagesIn as queued, statuses } from './aws-stack.ts';
import { EventSourceMapping, type SqsHandler } from './lambda-harness.ts';
import { useAwsTestbed } from './use-aws-testbed.ts';

const matcher = matchOrders as unknown as SqsHandler;
/** The template's concurrency and redrive policy (infra/), with batches small enough to race. */
const TEMPLATE = { batchSize: 10, maxConcurrency: 5, maxReceiveCount: 5 };

const bed = useAwsTestbed();
const messagesIn = (url: string) => queued(bed.aws().sqs, url);

/**
 * Runs `maxConcurrency` pollers of the event source mapping until the work queue is empty (or a deadline),
 * each invoking the matcher with up to `batchSize` messages as soon as any are visible.
 */
async function runMatchers(
  s: AwsStack,
  deadlineMs: number,
): Promise<{ invocations: number; failed: number; waited: number }> {
  const deadline = Date.now() + deadlineMs;
  let invocations = 0;
  let failed = 0;
  let waited = 0;
  // Counts deliveries of messages that were put back to wait for a busy item.
  const counting: SqsHandler = (event, context) => {
    waited += event.Records.filter((r) => r.body.includes('"postponed"')).length;
    return matcher(event, context);
  };
  const worker = async () => {
    const mapping = new EventSourceMapping({
      sqs: bed.aws().sqs,
      queueUrl: s.queueUrl,
      handler: counting,
      batchSize: TEMPLATE.batchSize,
    });
    while (Date.now() < deadline) {
      const report = { invocations: 0, failedMessageIds: [], failedKeys: [], errors: [] };
      if (await mapping.deliverOnce(report)) {
        invocations += report.invocations;
        failed += report.failedMessageIds.length;
      } else if ((await messagesIn(s.queueUrl)) === 0) return;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await Promise.all(Array.from({ length: TEMPLATE.maxConcurrency }, worker));
  return { invocations, failed, waited };
}

describe('parallel matchers on few items', () => {
  const seeds = [1, 2, 3, 4, 5, 6];
  let waitedInAll = 0;

  it.each(seeds)('seed %i: no line dead-lettered, every line posted once', async (seed) => {
    const world = generateWorld({ orders: 60, skus: 6, linesPerOrder: 1, seed });
    const s = await bed.start(matcher, {
      world,
      maxReceiveCount: TEMPLATE.maxReceiveCount,
      config: { orders: { busyRetrySeconds: 1 } },
    });
    // PeopleSoft answers take a while, so batches of one item overlap.
    s.peoplesoft.applyFaults({ latencyMs: 15 });
    const poll = await s.invoke(pollOrders, 'pollOrders');
    expect(poll.enqueued).toBe(60);

    const run = await runMatchers(s, 120_000);
    s.peoplesoft.applyFaults({ clear: true });

    expect(await messagesIn(s.dlqUrl), 'messages in the dead-letter queue').toBe(0);
    expect(await messagesIn(s.queueUrl), 'messages left in the work queue').toBe(0);
    expect(run.failed, 'messages the matcher reported failed').toBe(0);
    const lines = await statuses(s);
    for (const key of worldKeys(world)) expect(lines[key]?.status, key).toBe('POSTED');
    const counts = s.peoplesoft.postCounts();
    expect(Object.keys(counts)).toHaveLength(120);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    expect(s.peoplesoft.duplicates()).toEqual([]);
    expect(scheduleViolations(world, s.peoplesoft)).toEqual([]);
    waitedInAll += run.waited;
  });

  it('the runs above raced for items (so the waits were exercised)', () => {
    expect(waitedInAll).toBeGreaterThan(0);
  });
});
