import { describeAuditTrailContract } from '../../test/contracts/audit-trail.contract.ts';
import { useAwsEmulators } from '../../test/aws/use-aws-emulators.ts';
import { DynamoAuditTrail } from './dynamo-audit-trail.ts';

const aws = useAwsEmulators();
let n = 0;

describeAuditTrailContract('DynamoAuditTrail on dynalite', async (clock) => {
  const tableName = await aws.createAuditTable(`audit-contract-${++n}`);
  return {
    audit: new DynamoAuditTrail({ tableName, client: aws.dynamo, clock }),
    cleanup: async () => {},
  };
});
