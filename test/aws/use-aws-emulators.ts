/**
 * The AWS emulators for one test file or describe block: started before its tests, stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { type AwsEmulators, startAwsEmulators } from './emulators.ts';

/**
 * Registers the hooks that start and stop the emulators, and returns them; use the result only inside
 * tests and hooks (it throws before `beforeAll` has run).
 */
export function useAwsEmulators(): AwsEmulators {
  let started: AwsEmulators | undefined;
  beforeAll(async () => {
    started = await startAwsEmulators();
  });
  afterAll(async () => {
    await started?.stop();
    started = undefined;
  });
  const aws = (): AwsEmulators => {
    if (!started) throw new Error('the AWS emulators run only while the tests that use them run');
    return started;
  };
  return {
    get dynamoEndpoint() {
      return aws().dynamoEndpoint;
    },
    get sqsEndpoint() {
      return aws().sqsEndpoint;
    },
    get dynamo() {
      return aws().dynamo;
    },
    get sqs() {
      return aws().sqs;
    },
    createAuditTable: (name) => aws().createAuditTable(name),
    createStateTable: (name) => aws().createStateTable(name),
    createQueues: (...args) => aws().createQueues(...args),
    newDynamoClient: () => aws().newDynamoClient(),
    newSqsClient: () => aws().newSqsClient(),
    stop: () => aws().stop(),
  };
}
