/**
 * The cdk-nag (AwsSolutions) findings the design accepts on purpose, each acknowledged on the construct it
 * concerns with the reason. cdk-nag v3 needs one acknowledgement per finding id.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';

export interface NagTargets {
  readonly functions: lambda.Function[];
  readonly functionRoles: iam.Role[];
  /** Role of the schedules and the functions it invokes. */
  readonly scheduleRole: iam.Role;
  readonly scheduledFunctions: lambda.Function[];
  readonly secrets: secretsmanager.Secret[];
  readonly schedulerDlq: sqs.Queue;
  readonly inVpc: boolean;
}

const KMS_WILDCARDS =
  'The CDK grant for the customer-managed key: kms:GenerateDataKey* and kms:ReEncrypt* are action families ' +
  'SQS/DynamoDB/Secrets Manager envelope encryption needs, and the statement is limited to this one key.';

/** A finding id that names a resource by its CloudFormation logical id, as cdk-nag prints it. */
function logicalId(construct: IConstruct): string {
  const element = construct.node.defaultChild as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
}

/** Acknowledges one finding of the AwsSolutions pack (ids are qualified by the plugin name). */
function ack(construct: IConstruct, rule: string, reason: string): void {
  Validations.of(construct).acknowledge({ id: `AwsSolutions::${rule}`, reason });
}

/** Acknowledges the accepted findings on the given constructs (one call per MlConnector). */
export function acknowledgeNagFindings(t: NagTargets): void {
  for (const fn of t.functions) {
    ack(
      fn,
      'AwsSolutions-L1',
      'nodejs22.x is the runtime the connector is built and tested for (Node 22 LTS, supported by Lambda ' +
        'until 2027); moving to a newer runtime is a deliberate, tested upgrade.',
    );
  }
  for (const role of [...t.functionRoles, t.scheduleRole]) {
    ack(role, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', KMS_WILDCARDS);
    ack(role, 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', KMS_WILDCARDS);
    if (t.inVpc && role !== t.scheduleRole) {
      ack(
        role,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        'The AWS-managed policy Lambda needs to create and delete its network interfaces in the customer VPC; ' +
          'the EC2 network-interface actions it grants cannot be limited to resources.',
      );
    }
  }
  for (const fn of t.scheduledFunctions) {
    ack(
      t.scheduleRole,
      `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
      'The Scheduler target grant covers the versions and aliases of this one function; no other function ' +
        'can be invoked.',
    );
  }
  for (const secret of t.secrets) {
    ack(
      secret,
      'AwsSolutions-SMG4',
      'Third-party credentials (Walmart client secret, PeopleSoft user or OAuth2 client) are issued by those ' +
        'systems; the operator rotates them there and puts the new value in. Secrets Manager cannot rotate them.',
    );
  }
  ack(
    t.schedulerDlq,
    'AwsSolutions-SQS3',
    'This queue is itself a dead-letter queue: EventBridge Scheduler sends it the invocations it could not ' +
      'deliver (an SQS redrive policy is not how Scheduler DLQs are attached).',
  );
}
