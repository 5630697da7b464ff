/** The AWS runtime's adapters: the DynamoDB audit trail and item store, the SQS work queue, Secrets Manager credentials. */
export { AwsEnvironmentError } from './aws-errors.ts';
export { DynamoAuditTrail } from './dynamo-audit-trail.ts';
export { DynamoCheckpoints } from './dynamo-checkpoints.ts';
export { FlagTally } from './flag-tally.ts';
export { SecretsManagerCredentials } from './secrets-manager-credentials.ts';
export { SqsWorkQueue } from './sqs-work-queue.ts';
export { AUDIT_TABLE, ENV, STATE_TABLE, WORK_QUEUE } from './table-design.ts';
export { processWorkBatch } from './work-batch.ts';
