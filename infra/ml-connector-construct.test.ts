import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import { MlConnector } from './ml-connector-construct.ts';
import { connectorStack, NO_BUNDLING, STUB_HANDLERS, TEST_CONFIG } from './synth-fixtures.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

const ofType = (t: Template, type: string) =>
  Object.entries(t.toJSON().Resources as Resources).filter(([, r]) => r.Type === type);
const logicalIdOf = (t: Template, type: string, fragment: string) => {
  const hit = ofType(t, type).find(([id]) => id.includes(fragment));
  if (!hit) throw new Error(`no ${type} whose id contains ${fragment}`);
  return hit[0];
};

describe('MlConnector (default props, e-mail alarms)', () => {
  let t: Template;
  beforeAll(() => {
    const { stack } = connectorStack({ alarmEmail: 'ops@example.com', matcherMaxConcurrency: 7 });
    t = Template.fromStack(stack);
  }, 180_000);

  it('creates five Node 22 arm64 functions with Powertools settings and a secret-free environment', () => {
    const fns = ofType(t, 'AWS::Lambda::Function');
    expect(fns).toHaveLength(5);
    for (const [, fn] of fns) {
      const p = fn.Properties as {
        Runtime: string;
        Architectures: string[];
        Environment: { Variables: Record<string, unknown> };
      };
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Architectures).toEqual(['arm64']);
      const env = p.Environment.Variables;
      expect(env.POWERTOOLS_SERVICE_NAME).toBe('ml-connector');
      expect(env.POWERTOOLS_METRICS_NAMESPACE).toBe('MlConnector');
      for (const name of ['ML_AUDIT_TABLE', 'ML_STATE_TABLE', 'ML_WORK_QUEUE_URL', 'ML_WALMART_SECRET_ARN']) {
        expect(env[name]).toEqual({ Ref: expect.any(String) });
      }
      const config = JSON.parse(env.ML_CONFIG as string);
      expect(config.peoplesoft.businessUnit).toBe('US001');
      expect(JSON.stringify(env)).not.toMatch(/password|clientSecret|client_secret/i);
    }
  });

  it('runs each scheduled poller one at a time and lets the matcher scale', () => {
    const reserved = ofType(t, 'AWS::Lambda::Function').map(([id, fn]) => [
      id,
      fn.Properties.ReservedConcurrentExecutions,
    ]);
    for (const [id, value] of reserved) {
      expect(value, String(id)).toBe(String(id).includes('MatchOrders') ? undefined : 1);
    }
    t.resourceCountIs('AWS::Lambda::EventInvokeConfig', 4);
    t.allResourcesProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });

  it('gives the work queue a DLQ after at least 5 receives and 6x the matcher timeout of visibility', () => {
    const matcher = ofType(t, 'AWS::Lambda::Function').find(([id]) => id.includes('MatchOrders'));
    const timeout = matcher?.[1].Properties.Timeout as number;
    const dlq = logicalIdOf(t, 'AWS::SQS::Queue', 'WorkDlq');
    t.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: timeout * 6,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] }, maxReceiveCount: 5 },
      KmsMasterKeyId: Match.anyValue(),
    });
    t.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
  });

  it('denies non-TLS access to every queue', () => {
    t.resourceCountIs('AWS::SQS::QueuePolicy', 3);
    t.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('feeds the matcher from the work queue with partial batch failures and the configured concurrency', () => {
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
      ScalingConfig: { MaximumConcurrency: 7 },
    });
  });

  it('creates on-demand tables with PITR, TTL and the customer-managed key', () => {
    const key = logicalIdOf(t, 'AWS::KMS::Key', 'Key');
    t.resourceCountIs('AWS::DynamoDB::GlobalTable', 2);
    t.allResourcesProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': [key, 'Arn'] } },
        }),
      ],
    });
  });

  it('indexes the audit trail by status + updatedAt and by purchase order', () => {
    t.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'updatedAt', AttributeType: 'N' }]),
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'updatedAt', KeyType: 'RANGE' },
          ],
        }),
        Match.objectLike({
          IndexName: 'byOrder',
          KeySchema: [
            { AttributeName: 'purchaseOrderId', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      ]),
    });
  });

  it('encrypts both credential secrets with the rotating customer-managed key, holding no credential', () => {
    const key = logicalIdOf(t, 'AWS::KMS::Key', 'Key');
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const secrets = ofType(t, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(2);
    for (const [, s] of secrets) {
      expect(s.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [key, 'Arn'] });
      expect(Object.keys(JSON.parse(s.Properties.SecretString as string))).toEqual(['note']);
    }
  });

  it('schedules the four pollers with cron, time zone, explicit retries and a DLQ', () => {
    const dlq = logicalIdOf(t, 'AWS::SQS::Queue', 'SchedulerDlq');
    const schedules = ofType(t, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(4);
    t.allResourcesProperties('AWS::Scheduler::Schedule', {
      ScheduleExpressionTimezone: 'America/Chicago',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
      }),
    });
    const expressions = Object.fromEntries(
      schedules.map(([id, s]) => [
        id.replace(/^ConnectorSchedules|[0-9A-F]{8}$/g, ''),
        s.Properties.ScheduleExpression,
      ]),
    );
    expect(expressions).toEqual({
      PollOrders: 'cron(0/15 * * * ? *)',
      ConfirmReceipts: 'cron(0/15 * * * ? *)',
      SyncInventory: 'cron(0 6-22 ? * MON-FRI *)',
      FeedFollowUp: 'cron(0/5 * * * ? *)',
    });
  });

  it('adds a full reconcile of the inventory function only when schedule.reconcile is set', () => {
    const { stack } = connectorStack({
      config: { ...TEST_CONFIG, schedule: { ...TEST_CONFIG.schedule, reconcile: '30 2 * * *' } },
    });
    const withReconcile = Template.fromStack(stack);
    const schedules = ofType(withReconcile, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(5);
    const [, reconcile] = schedules.find(([id]) => id.includes('Reconcile'))!;
    expect(reconcile.Properties.ScheduleExpression).toBe('cron(30 2 * * ? *)');
    const target = (r: typeof reconcile) => r.Properties.Target as { Input: string; Arn: unknown };
    expect(JSON.parse(target(reconcile).Input)).toMatchObject({ job: 'reconcile' });
    const [, inventory] = schedules.find(([id]) => id.includes('SyncInventory'))!;
    expect(target(reconcile).Arn).toEqual(target(inventory).Arn);
    expect(ofType(t, 'AWS::Scheduler::Schedule').some(([id]) => id.includes('Reconcile'))).toBe(false);
  });

  it('lets the schedule role send to the encrypted scheduler DLQ', () => {
    const role = logicalIdOf(t, 'AWS::IAM::Role', 'SchedulesRole');
    const policy = ofType(t, 'AWS::IAM::Policy').find(([, p]) =>
      JSON.stringify(p.Properties.Roles).includes(role),
    );
    const text = JSON.stringify(policy?.[1].Properties.PolicyDocument);
    expect(text).toContain('sqs:SendMessage');
    expect(text).toContain('kms:GenerateDataKey');
    expect(text).toContain('lambda:InvokeFunction');
  });

  it('raises the operator alarms, all to the KMS-encrypted topic, missing data not breaching', () => {
    const topic = logicalIdOf(t, 'AWS::SNS::Topic', 'Topic');
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    t.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: topic }],
      OKActions: [{ Ref: topic }],
      TreatMissingData: 'notBreaching',
    });
    const dlq = logicalIdOf(t, 'AWS::SQS::Queue', 'WorkDlq');
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    const schedulerDlq = logicalIdOf(t, 'AWS::SQS::Queue', 'SchedulerDlq');
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [schedulerDlq, 'QueueName'] } }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 3600,
    });
    const errorAlarms = ofType(t, 'AWS::CloudWatch::Alarm').filter(
      ([, a]) => a.Properties.MetricName === 'Errors',
    );
    expect(errorAlarms).toHaveLength(5);
    for (const metric of ['LinesFlagged', 'ReceiptsNotLoaded']) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: [Match.objectLike({ Expression: `SELECT SUM(${metric}) FROM MlConnector`, Period: 3600 })],
      });
    }
  });

  it('builds a dashboard over every custom metric, the queues and the alarms', () => {
    const [[, dashboard]] = ofType(t, 'AWS::CloudWatch::Dashboard') as [[string, Resources[string]]];
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const name of [
      'OrdersPolled',
      'LinesEnqueued',
      'LinesMatched',
      'LinesFlagged',
      'LinesWaiting',
      'ReceiptsPosted',
      'ReceiptsConfirmed',
      'ReceiptsNotLoaded',
      'AdjustmentsPosted',
      'InventoryPushed',
      'InventoryFailed',
      'ApiErrors',
      'ApiThrottles',
      'ApproximateAgeOfOldestMessage',
      'ApproximateNumberOfMessagesVisible',
    ]) {
      expect(body).toContain(name);
    }
    expect(body).toContain('alarm');
  });

  it('gives each function its own role with no managed policy and only the secrets it needs', () => {
    const roles = ofType(t, 'AWS::IAM::Role').filter(([id]) => id.includes('Functions'));
    expect(roles).toHaveLength(5);
    for (const [, role] of roles) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const walmart = logicalIdOf(t, 'AWS::SecretsManager::Secret', 'Walmart');
    const peoplesoft = logicalIdOf(t, 'AWS::SecretsManager::Secret', 'PeopleSoft');
    const policyOf = (fragment: string) => {
      const role = logicalIdOf(t, 'AWS::IAM::Role', `${fragment}Role`);
      return JSON.stringify(
        ofType(t, 'AWS::IAM::Policy').find(([, p]) => JSON.stringify(p.Properties.Roles).includes(role))?.[1],
      );
    };
    expect(policyOf('PollOrders')).toContain(walmart);
    expect(policyOf('PollOrders')).not.toContain(peoplesoft);
    expect(policyOf('PollOrders')).toContain('sqs:SendMessage');
    expect(policyOf('MatchOrders')).toContain(peoplesoft);
    expect(policyOf('MatchOrders')).toContain('sqs:ReceiveMessage');
    expect(policyOf('FeedFollowUp')).not.toContain(peoplesoft);
    expect(policyOf('SyncInventory')).not.toContain('sqs:SendMessage');
    expect(policyOf('PollOrders')).not.toContain('/index/*');
  });

  it('keeps logs for the configured retention', () => {
    t.resourceCountIs('AWS::Logs::LogGroup', 5);
    t.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
});

describe('MlConnector with existing key, topic and VPC', () => {
  it('uses them instead of creating its own', { timeout: 180_000 }, () => {
    const app = new App({ context: NO_BUNDLING });
    const stack = new Stack(app, 'Existing', { env: { region: 'eu-west-1', account: '111122223333' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const kmsKey = kms.Key.fromKeyArn(
      stack,
      'Key',
      'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    const alarmTopic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:eu-west-1:111122223333:ops');
    new MlConnector(stack, 'Connector', {
      config: TEST_CONFIG,
      handlersDir: STUB_HANDLERS,
      kmsKey,
      alarmTopic,
      vpc,
      logRetention: 30,
      matcherTimeout: Duration.minutes(2),
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::KMS::Key', 0);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: ['arn:aws:sns:eu-west-1:111122223333:ops'],
    });
    t.allResourcesProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 720 });
    t.allResourcesProperties('AWS::SecretsManager::Secret', { KmsKeyId: kmsKey.keyArn });
    t.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});
