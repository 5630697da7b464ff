/**
 * One cycle of the AWS runtime on the emulators (dynalite, the SQS emulator, a Secrets Manager fake): the
 * real handlers invoked as EventBridge Scheduler and the SQS event source mapping would, against both
 * sandboxes with 20 ms per request. Run once per matcher setting (messages per invocation × concurrent
 * invocations) to choose the defaults the construct deploys with (docs/performance.md).
 */
import './quiet-lambdas.ts';
import { handler as confirmReceipts } from '../functions/confirm-receipts.ts';
import { handler as matchOrders } from '../functions/match-orders.ts';
import { handler as pollOrders } from '../functions/poll-orders.ts';
import { handler as syncInventory } from '../functions/sync-inventory.ts';
import { generateWorld } from '../sandbox/generate-world.ts';
import { renderGrid } from './bench-table.ts';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { type AwsStack, messagesIn, startAwsStack } from '../test/aws/aws-stack.ts';
import { startAwsEmulators } from '../test/aws/emulators.ts';
import { EventSourceMapping, type SqsHandler } from '../test/aws/lambda-harness.ts';
import { startSecretsManagerFake } from '../test/aws/secrets-manager-fake.ts';

export interface AwsCycleRun {
  orders: number;
  lines: number;
  batchSize: number;
  concurrency: number;
  wallMs: number;
  /** Wall time of the matcher stage alone. */
  matchMs: number;
  invocations: number;
  peoplesoftCalls: number;
  problems: string[];
}

const matcher = matchOrders as unknown as SqsHandler;
const LATENCY_MS = 20;

/** Runs one AWS cycle of `orders` orders per matcher setting, each on fresh tables and queues. */
export async function awsCycles(
  orders: number,
  settings: readonly { batchSize: number; concurrency: number }[],
): Promise<AwsCycleRun[]> {
  const aws = await startAwsEmulators();
  const secrets = await startSecretsManagerFake();
  const runs: AwsCycleRun[] = [];
  try {
    for (const setting of settings) {
      const world = generateWorld({ orders, skus: 200, linesPerOrder: [1, 3], seed: 9, poSpanDays: 180 });
      const s = await startAwsStack(aws, secrets, matcher, {
        world,
        maxReceiveCount: 5,
        walmartKnobs: { latencyMs: LATENCY_MS, feedProcessingMs: 500 },
        config: { walmart: { feedPollIntervalMs: 250 } },
      });
      try {
        runs.push(await oneCycle(s, aws.sqs, setting));
      } finally {
        await s.close();
      }
    }
  } finally {
    await secrets.stop();
    await aws.stop();
  }
  return runs;
}

async function oneCycle(
  s: AwsStack,
  sqs: SQSClient,
  setting: { batchSize: number; concurrency: number },
): Promise<AwsCycleRun> {
  s.peoplesoft.applyFaults({ latencyMs: LATENCY_MS });
  const lines = s.world.orders.reduce((n, o) => n + o.lines.length, 0);
  const start = performance.now();
  await s.invoke(pollOrders, 'pollOrders');
  const matchStart = performance.now();
  let invocations = 0;
  const worker = async () => {
    const mapping = new EventSourceMapping({
      sqs,
      queueUrl: s.queueUrl,
      handler: matcher,
      batchSize: setting.batchSize,
    });
    const report = { invocations: 0, failedMessageIds: [], failedKeys: [], errors: [] };
    for (;;) {
      if (await mapping.deliverOnce(report)) continue;
      if ((await messagesIn(sqs, s.queueUrl)) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    invocations += report.invocations;
  };
  await Promise.all(Array.from({ length: setting.concurrency }, worker));
  const matchMs = performance.now() - matchStart;
  await s.invoke(confirmReceipts, 'confirmReceipts');
  await s.invoke(syncInventory, 'syncInventory');
  const wallMs = performance.now() - start;

  const staged = new Map<string, number>();
  for (const t of s.peoplesoft.staged()) staged.set(t.reference, (staged.get(t.reference) ?? 0) + 1);
  let bad = 0;
  for (const o of s.world.orders)
    for (const l of o.lines) {
      const ref = `WM-${o.purchaseOrderId}-${l.lineNumber}`;
      if (staged.get(ref) !== 1 || staged.get(`${ref}-ADJ`) !== 1) bad++;
    }
  return {
    orders: s.world.orders.length,
    lines,
    ...setting,
    wallMs,
    matchMs,
    invocations,
    peoplesoftCalls: s.peoplesoft.requestCount(),
    problems: bad > 0 ? [`${bad} lines without exactly one receipt and one adjustment`] : [],
  };
}

/** The AWS rows side by side, one per matcher setting. */
export function renderAwsTable(runs: AwsCycleRun[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return renderGrid(
    [
      'orders',
      'lines',
      'messages/invocation',
      'concurrency',
      'wall',
      'matcher stage',
      'invocations',
      'PeopleSoft calls',
      'check',
    ],
    runs.map((r) => [
      r.orders.toLocaleString('en-US'),
      r.lines.toLocaleString('en-US'),
      String(r.batchSize),
      String(r.concurrency),
      s(r.wallMs),
      s(r.matchMs),
      String(r.invocations),
      String(r.peoplesoftCalls),
      r.problems.length === 0 ? 'valid' : `INVALID: ${r.problems.join('; ')}`,
    ]),
    1,
  );
}
