import { afterAll, beforeAll } from 'vitest';
import { describeAuditTrailContract } from '../../test/contracts/audit-trail.contract.ts';
import { type AwsEmulators, startAwsEmulators } from '../../test/aws/emulators.ts';
import { DynamoAuditTrail } from './dynamo-audit-trail.ts';

let aws: AwsEmulators;
let n = 0;
beforeAll(async () => {
  aws = await startAwsEmulators();
});
afterAll(async () => {
  await aws.stop();
});

describeAuditTrailContract('DynamoAuditTrail on dynalite', async (clock) => {
  const tableName = await aws.createAuditTable(`audit-contract-${++n}`);
  return {
    audit: new DynamoAuditTrail({ tableName, client: aws.dynamo, clock }),
    cleanup: async () => {},
  };
});
