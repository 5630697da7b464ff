/**
 * Errors of the AWS adapters. Each names the resource (table, queue, secret ARN or name) and what to do;
 * none ever carries a secret value.
 */
import { ConfigurationError, StoreError } from '../errors.ts';

/** A line's state change was stored but its history entry could not be written afterwards. */
export class AuditHistoryWriteError extends StoreError {
  override readonly name = 'AuditHistoryWriteError';
  constructor(
    readonly table: string,
    readonly key: string,
    readonly version: number,
    options?: { cause?: unknown },
  ) {
    super(
      `order line ${key}: version ${version} was stored in ${table} but its history entry was not written; ` +
        'the entry is kept on the line record and is rewritten by the next change of the line (retry the step)',
      options,
    );
  }
}

/** SQS refused some messages of a batch even after retries. */
export class WorkQueueSendError extends StoreError {
  override readonly name = 'WorkQueueSendError';
  constructor(
    readonly queueUrl: string,
    readonly keys: string[],
    reason: string,
  ) {
    super(
      `could not enqueue order lines ${keys.join(', ')} on ${queueUrl}: ${reason}; ` +
        'the next poll enqueues them again (check the queue exists and the function may sqs:SendMessage)',
    );
  }
}

/** A secret could not be read from Secrets Manager (missing, no permission, KMS, throttled). */
export class SecretUnavailableError extends StoreError {
  override readonly name = 'SecretUnavailableError';
  constructor(
    readonly secretId: string,
    readonly errorCode: string,
    options?: { cause?: unknown },
  ) {
    super(
      `cannot read secret ${secretId} from Secrets Manager (${errorCode}); check that the secret exists in this ` +
        'account and Region and that the function may secretsmanager:GetSecretValue and kms:Decrypt it',
      options,
    );
  }
}

/** A secret was read but does not have the expected JSON shape. Names the field, never the value. */
export class SecretFormatError extends ConfigurationError {
  override readonly name = 'SecretFormatError';
  constructor(
    readonly secretId: string,
    readonly field: string,
    problem: string,
    expected: string,
  ) {
    super(`secret ${secretId}: ${field} ${problem}; store it as JSON ${expected}`);
  }
}

/** The function's environment is missing a variable the CDK construct sets. */
export class AwsEnvironmentError extends ConfigurationError {
  override readonly name = 'AwsEnvironmentError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(
      `environment variable ${variable} ${problem}; it is set by the MlConnector construct (redeploy the stack)`,
    );
  }
}

/** True for DynamoDB's failed condition (the version or lease moved on). */
export function isConditionalCheckFailed(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}
