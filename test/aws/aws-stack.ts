/**
 * The AWS runtime assembled locally for end-to-end tests: fresh tables and queues on the emulators, both
 * credentials in the Secrets Manager fake, the Walmart and PeopleSoft sandboxes seeded from one World, and
 * the environment variables the CDK construct would give the functions. The real handlers then run
 * unchanged: their SDK clients find the emulators through `AWS_ENDPOINT_URL_*`.
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { resetAwsRuntime } from '../../functions/runtime/index.ts';
import { DynamoAuditTrail, ENV, SqsWorkQueue } from '../../shared/aws/index.ts';
import type { ConfigInput } from '../../shared/config/index.ts';
import { clearWalmartTokenCache } from '../../shared/walmart/index.ts';
import { type PeopleSoftSandbox, startPeopleSoftSandbox } from '../../sandbox/peoplesoft/index.ts';
import {
  startWalmartSandbox,
  type WalmartSandbox,
  type WalmartSandboxKnobs,
  type WalmartSandboxOptions,
} from '../../sandbox/walmart/index.ts';
import type { World } from '../../sandbox/world.ts';
import { type AwsEmulators, TEST_AWS_CREDENTIALS, TEST_REGION } from './emulators.ts';
import { EventSourceMapping, lambdaContext, type SqsHandler } from './lambda-harness.ts';
import type { SecretsManagerFake } from './secrets-manager-fake.ts';

export interface AwsStackOptions {
  world: World;
  /** Receives before a work item is dead-lettered (default 3, to keep the tests short). */
  maxReceiveCount?: number;
  /** Config over the sandbox defaults. */
  config?: Partial<ConfigInput>;
  /** Behaviour of the Walmart sandbox (feed processing time, faults). */
  walmartKnobs?: Partial<WalmartSandboxKnobs>;
  /** Rate limits of the Walmart sandbox's endpoints (default: generous). */
  walmartRateLimits?: WalmartSandboxOptions['rateLimits'];
}

export interface AwsStack {
  world: World;
  walmart: WalmartSandbox;
  peoplesoft: PeopleSoftSandbox;
  queueUrl: string;
  dlqUrl: string;
  /** Test-side views of the same table and queues the functions use. */
  audit: DynamoAuditTrail;
  queue: SqsWorkQueue;
  /** The matcher's event source mapping on the work queue. */
  matcher: EventSourceMapping;
  /** Invokes a scheduled function's handler as EventBridge Scheduler would (with `remainingMs` to run). */
  invoke<R>(handler: ScheduledHandler<R>, job: string, remainingMs?: number): Promise<R>;
  close(): Promise<void>;
}

type ScheduledHandler<R> = (event: { job: string; scheduledTime: string }, context: Context) => Promise<R>;

let stackCount = 0;

/** Builds a fresh stack; the handlers see it from their next invocation on. */
export async function startAwsStack(
  aws: AwsEmulators,
  secrets: SecretsManagerFake,
  matchHandler: SqsHandler,
  options: AwsStackOptions,
): Promise<AwsStack> {
  const n = ++stackCount;
  const walmart = await startWalmartSandbox({
    world: options.world,
    knobs: options.walmartKnobs ?? {},
    ...(options.walmartRateLimits ? { rateLimits: options.walmartRateLimits } : {}),
  });
  const peoplesoft = await startPeopleSoftSandbox({ world: options.world });
  const auditTable = await aws.createAuditTable(`ml-audit-${n}`);
  const stateTable = await aws.createStateTable(`ml-state-${n}`);
  const { queueUrl, dlqUrl } = await aws.createQueues(`ml-work-${n}`, options.maxReceiveCount ?? 3, 300);
  const walmartArn = secrets.put(`ml-connector/walmart-${n}`, {
    clientId: walmart.clientId,
    clientSecret: walmart.clientSecret,
  });
  const peoplesoftArn = secrets.put(`ml-connector/peoplesoft-${n}`, peoplesoft.basicCredentials);

  const config: ConfigInput = {
    ...options.config,
    walmart: { baseUrl: walmart.url, maxRetries: 1, ...options.config?.walmart },
    peoplesoft: {
      ...peoplesoft.peoplesoftConfig({ maxRetries: 0, timeoutMs: 10_000 }),
      ...options.config?.peoplesoft,
    },
  };
  Object.assign(process.env, {
    AWS_REGION: TEST_REGION,
    AWS_ACCESS_KEY_ID: TEST_AWS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_AWS_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: aws.dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: aws.sqsEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    [ENV.auditTable]: auditTable,
    [ENV.stateTable]: stateTable,
    [ENV.workQueueUrl]: queueUrl,
    [ENV.deadLetterQueueUrl]: dlqUrl,
    [ENV.walmartSecretArn]: walmartArn,
    [ENV.peoplesoftSecretArn]: peoplesoftArn,
    [ENV.config]: JSON.stringify(config),
  });
  resetAwsRuntime();
  clearWalmartTokenCache();

  return {
    world: options.world,
    walmart,
    peoplesoft,
    queueUrl,
    dlqUrl,
    audit: new DynamoAuditTrail({ tableName: auditTable, client: aws.dynamo }),
    queue: new SqsWorkQueue({
      queueUrl,
      deadLetterQueueUrl: dlqUrl,
      client: aws.sqs,
      moveTaskPollMs: 100,
      deadLetterWaitSeconds: 0,
    }),
    matcher: new EventSourceMapping({ sqs: aws.sqs, queueUrl, handler: matchHandler, batchSize: 10 }),
    invoke: (handler, job, remainingMs) =>
      handler({ job, scheduledTime: new Date().toISOString() }, lambdaContext(job, remainingMs)),
    async close() {
      resetAwsRuntime();
      await Promise.all([walmart.close(), peoplesoft.close()]);
    },
  };
}

/** Each line's status and reason, by order line key (the shape of SCENARIO_EXPECTATIONS). */
export async function statuses(s: AwsStack): Promise<Record<string, { status: string; reason?: string }>> {
  const out: Record<string, { status: string; reason?: string }> = {};
  for (const r of await s.audit.list({}))
    out[r.key] = { status: r.status, ...(r.reason ? { reason: r.reason } : {}) };
  return out;
}

/** Messages in a queue, visible or in flight. */
export async function queueDepth(sqs: SQSClient, url: string): Promise<number> {
  const res = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(res.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(res.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** Messages in a queue: visible, in flight, or delayed (put back to wait for a busy item). */
export async function messagesIn(sqs: SQSClient, url: string): Promise<number> {
  const res = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  const a = res.Attributes ?? {};
  return (
    Number(a.ApproximateNumberOfMessages ?? 0) +
    Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(a.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}
