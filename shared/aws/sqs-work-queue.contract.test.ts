import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, vi } from 'vitest';
import { describeWorkQueueContract } from '../../test/contracts/work-queue.contract.ts';
import {
  type AwsEmulators,
  startAwsEmulators,
  TEST_AWS_CREDENTIALS,
  TEST_REGION,
} from '../../test/aws/emulators.ts';
import { SqsWorkQueue } from './sqs-work-queue.ts';

// Visibility timeouts run on the emulator's real timers; the contract lets a full minute pass in one test.
vi.setConfig({ testTimeout: 120_000 });

let aws: AwsEmulators;
let n = 0;
beforeAll(async () => {
  aws = await startAwsEmulators();
});
afterAll(async () => {
  await aws.stop();
});

// A standard queue: message groups are not exclusive (the matcher serialises an item's lines itself).
describeWorkQueueContract(
  'SqsWorkQueue on local-aws-sqs (two clients)',
  async (_clock, { maxReceives }) => {
    const urls = await aws.createQueues(`contract-${++n}`, maxReceives);
    const second = new SQSClient({
      endpoint: aws.sqsEndpoint,
      region: TEST_REGION,
      credentials: TEST_AWS_CREDENTIALS,
    });
    const make = (client: SQSClient) =>
      new SqsWorkQueue({
        queueUrl: urls.queueUrl,
        deadLetterQueueUrl: urls.dlqUrl,
        client,
        moveTaskPollMs: 100,
        deadLetterWaitSeconds: 0,
      });
    return {
      queue: make(aws.sqs),
      peer: make(second),
      // Visibility timers run inside the emulator: let real time pass.
      advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      cleanup: async () => second.destroy(),
    };
  },
  { exclusiveGroups: false },
);
