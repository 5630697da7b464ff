import { ConfigurationError } from '../shared/errors.ts';
import { type App, Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { resolveAppConfig } from './app-config.ts';
import { MlConnector, type MlConnectorProps } from './ml-connector-construct.ts';

export interface MlConnectorStackProps extends StackProps {
  /** Everything the MlConnector construct takes (config included). */
  readonly connector: MlConnectorProps;
  /** ARN of an existing customer-managed key to use instead of creating one. */
  readonly kmsKeyArn?: string;
  /** ARN of an existing SNS topic for the alarms instead of creating one. */
  readonly alarmTopicArn?: string;
}

/** One stack holding one MlConnector. */
export class MlConnectorStack extends Stack {
  readonly connector: MlConnector;

  constructor(scope: Construct, id: string, props: MlConnectorStackProps) {
    super(scope, id, props);
    const kmsKey = props.kmsKeyArn ? kms.Key.fromKeyArn(this, 'ExistingKey', props.kmsKeyArn) : undefined;
    const alarmTopic = props.alarmTopicArn
      ? sns.Topic.fromTopicArn(this, 'ExistingAlarmTopic', props.alarmTopicArn)
      : undefined;
    this.connector = new MlConnector(this, 'Connector', {
      ...props.connector,
      kmsKey: props.connector.kmsKey ?? kmsKey,
      alarmTopic: props.connector.alarmTopic ?? alarmTopic,
    });
    const c = this.connector;
    // The names an operator needs after deploying (docs/deploy-aws.md): secrets to fill, queues to watch.
    const outputs: Record<string, [string, string]> = {
      WalmartSecretArn: [c.secrets.walmart.secretArn, 'Put the Walmart credentials here'],
      PeopleSoftSecretArn: [c.secrets.peoplesoft.secretArn, 'Put the PeopleSoft credentials here'],
      WorkQueueUrl: [c.queues.work.queueUrl, 'Work queue (one message per order line)'],
      WorkDlqUrl: [c.queues.workDlq.queueUrl, 'Work dead-letter queue: redrive after fixing the cause'],
      SchedulerDlqUrl: [
        c.queues.schedulerDlq.queueUrl,
        'Invocations EventBridge Scheduler could not deliver',
      ],
      AuditTableName: [c.tables.audit.tableName, 'Audit trail table'],
      StateTableName: [c.tables.state.tableName, 'Checkpoints and leases table'],
      AlarmTopicArn: [c.alarmTopic.topicArn, 'Alarm notifications'],
      DashboardUrl: [
        `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${c.dashboard.dashboard.dashboardName}`,
        'CloudWatch dashboard',
      ],
    };
    for (const [id, [value, description]] of Object.entries(outputs))
      new CfnOutput(this, id, { value, description });
  }
}

/** A context value (`-c key=value`) the app cannot use; names the key and the fix. */
export class AppContextError extends ConfigurationError {
  override readonly name = 'AppContextError';
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`context "${key}" ${problem}`);
  }
}

/** Region used for an offline synth when neither `-c region=…` nor the AWS CLI profile gives one. */
export const FALLBACK_REGION = 'us-east-1';

function optionalString(app: App, key: string): string | undefined {
  const v = app.node.tryGetContext(key);
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new AppContextError(key, `must be a string, not ${JSON.stringify(v)}`);
  return v;
}

function optionalInt(app: App, key: string): number | undefined {
  const v = app.node.tryGetContext(key);
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n))
    throw new AppContextError(key, `must be a whole number, not ${JSON.stringify(v)}`);
  return n;
}

/**
 * Adds the connector stack to the app from its context: `config` or `configFile` (see app-config.ts),
 * `stackName` (default MlConnector), `region`, `alarmEmail`, `alarmTopicArn`, `kmsKeyArn`,
 * `logRetentionDays`, `matcherMaxConcurrency`. Throws ConfigError / AppContextError / MlConnectorPropsError
 * naming the bad key.
 */
export function addConnectorStack(app: App, cwd: string = process.cwd()): MlConnectorStack {
  const { config, isExample } = resolveAppConfig(
    { config: app.node.tryGetContext('config'), configFile: app.node.tryGetContext('configFile') },
    cwd,
  );
  const region = optionalString(app, 'region') ?? process.env.CDK_DEFAULT_REGION;
  const logRetention = optionalInt(app, 'logRetentionDays');
  if (logRetention !== undefined && !Object.values(logs.RetentionDays).includes(logRetention)) {
    throw new AppContextError(
      'logRetentionDays',
      `is ${logRetention}; CloudWatch Logs accepts 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, … days`,
    );
  }
  const stack = new MlConnectorStack(app, optionalString(app, 'stackName') ?? 'MlConnector', {
    description:
      'ml-connector: Walmart Marketplace orders to PeopleSoft FSCM receipts, stock back to Walmart',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: region ?? FALLBACK_REGION },
    kmsKeyArn: optionalString(app, 'kmsKeyArn'),
    alarmTopicArn: optionalString(app, 'alarmTopicArn'),
    connector: {
      config,
      alarmEmail: optionalString(app, 'alarmEmail'),
      matcherMaxConcurrency: optionalInt(app, 'matcherMaxConcurrency'),
      logRetention,
    },
  });
  if (isExample) {
    Annotations.of(stack).addWarningV2(
      'ml-connector:exampleConfig',
      'No ml-connector.config.json found: synthesized with the built-in example config (placeholder hosts). ' +
        'Deploy with -c configFile=PATH.',
    );
  }
  if (!region) {
    Annotations.of(stack).addWarningV2(
      'ml-connector:fallbackRegion',
      `No region from -c region=… or the AWS profile: synthesized for ${FALLBACK_REGION}.`,
    );
  }
  return stack;
}
