import type { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * The customer-managed key that encrypts tables, queues, secrets and the alarm topic: the given key, or a new
 * one with yearly rotation. A new key lets CloudWatch use it, because alarms publish to the encrypted topic.
 */
export function connectorKey(
  scope: Construct,
  existing: kms.IKey | undefined,
  removalPolicy: RemovalPolicy,
): kms.IKey {
  if (existing) return existing;
  const key = new kms.Key(scope, 'Key', {
    description: 'ml-connector: encrypts the audit trail, work queues, credentials and alarm topic',
    enableKeyRotation: true,
    removalPolicy,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublishToEncryptedTopic',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
  return key;
}
