import type { SQSClient } from '@aws-sdk/client-sqs';
import { vi } from 'vitest';
import { describeWorkQueueContract } from '../../test/contracts/work-queue.contract.ts';
import { useAwsEmulators } from '../../test/aws/use-aws-emulators.ts';
import { SqsWorkQueue } from './sqs-work-queue.ts';

// Visibility timeouts run on the emulator's real timers; the contract lets a full minute pass in one test.
vi.setConfig({ testTimeout: 120_000 });

const aws = useAwsEmulators();
let n = 0;

// A standard queue: message groups are not exclusive (the matcher serialises an item's lines itself).
describeWorkQueueContract(
  'SqsWorkQueue on local-aws-sqs (two clients)',
  async (_clock, { maxReceives }) => {
    const urls = await aws.createQueues(`contract-${++n}`, maxReceives);
    const second = aws.newSqsClient();
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
