/**
 * The AWS runtime's test bed for one test file: the emulators and the Secrets Manager fake for the whole
 * file, and one stack of tables, queues and sandboxes per test (closed after it).
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type AwsStack, type AwsStackOptions, startAwsStack } from './aws-stack.ts';
import { type AwsEmulators, startAwsEmulators } from './emulators.ts';
import type { SqsHandler } from './lambda-harness.ts';
import { type SecretsManagerFake, startSecretsManagerFake } from './secrets-manager-fake.ts';

export interface AwsTestbed {
  /** The emulators (only inside tests and hooks). */
  aws(): AwsEmulators;
  /** A fresh stack for this test, with the matcher wired to `matcher`. */
  start(matcher: SqsHandler, options: AwsStackOptions): Promise<AwsStack>;
}

/** Registers the hooks and returns the test bed. */
export function useAwsTestbed(): AwsTestbed {
  let aws: AwsEmulators | undefined;
  let secrets: SecretsManagerFake | undefined;
  let stack: AwsStack | undefined;
  beforeAll(async () => {
    aws = await startAwsEmulators();
    secrets = await startSecretsManagerFake();
  });
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });
  afterAll(async () => {
    await secrets?.stop();
    await aws?.stop();
  });
  const running = () => {
    if (!aws || !secrets) throw new Error('the AWS test bed runs only while its tests run');
    return { aws, secrets };
  };
  return {
    aws: () => running().aws,
    async start(matcher, options) {
      const { aws: emulators, secrets: fake } = running();
      stack = await startAwsStack(emulators, fake, matcher, options);
      return stack;
    },
  };
}
