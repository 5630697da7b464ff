import { describeCheckpointsContract } from '../../test/contracts/checkpoints.contract.ts';
import { useAwsEmulators } from '../../test/aws/use-aws-emulators.ts';
import { DynamoCheckpoints } from './dynamo-checkpoints.ts';

const aws = useAwsEmulators();
let n = 0;

describeCheckpointsContract('DynamoCheckpoints on dynalite (two clients)', async (clock) => {
  const tableName = await aws.createStateTable(`state-contract-${++n}`);
  const second = aws.newDynamoClient();
  return {
    checkpoints: new DynamoCheckpoints({ tableName, client: aws.dynamo, clock }),
    peer: new DynamoCheckpoints({ tableName, client: second, clock }),
    cleanup: async () => second.destroy(),
  };
});
