import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { describeCheckpointsContract } from '../../test/contracts/checkpoints.contract.ts';
import {
  type AwsEmulators,
  startAwsEmulators,
  TEST_AWS_CREDENTIALS,
  TEST_REGION,
} from '../../test/aws/emulators.ts';
import { DynamoCheckpoints } from './dynamo-checkpoints.ts';

let aws: AwsEmulators;
let n = 0;
beforeAll(async () => {
  aws = await startAwsEmulators();
});
afterAll(async () => {
  await aws.stop();
});

describeCheckpointsContract('DynamoCheckpoints on dynalite (two clients)', async (clock) => {
  const tableName = await aws.createStateTable(`state-contract-${++n}`);
  const second = new DynamoDBClient({
    endpoint: aws.dynamoEndpoint,
    region: TEST_REGION,
    credentials: TEST_AWS_CREDENTIALS,
  });
  return {
    checkpoints: new DynamoCheckpoints({ tableName, client: aws.dynamo, clock }),
    peer: new DynamoCheckpoints({ tableName, client: second, clock }),
    cleanup: async () => second.destroy(),
  };
});
