import { Stack, Token } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AuditTables } from './audit-tables.ts';
import { ConnectorAlarms } from './connector-alarms.ts';
import { ConnectorDashboard } from './connector-dashboard.ts';
import { ConnectorFunctions } from './connector-functions.ts';
import { ConnectorSchedules } from './connector-schedules.ts';
import { CredentialSecrets } from './credential-secrets.ts';
import { connectorKey } from './encryption-key.ts';
import { SCHEDULED_FUNCTIONS } from './function-catalog.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';
import {
  type MlConnectorProps,
  MlConnectorPropsError,
  type MlConnectorSettings,
  resolveSettings,
} from './ml-connector-props.ts';
import { WorkQueues } from './work-queues.ts';

export type { MlConnectorProps, MlConnectorSchedules } from './ml-connector-props.ts';

/**
 * ml-connector on AWS: EventBridge Scheduler → poller Lambdas → SQS work queue (with DLQ) → matcher Lambda;
 * DynamoDB audit trail and state; Secrets Manager credentials; everything encrypted with one customer-managed
 * KMS key; a CloudWatch dashboard and alarms to SNS.
 *
 * @example
 * new MlConnector(stack, 'Connector', { config: loadConfigFile('ml-connector.config.json'), alarmEmail: 'ops@example.com' });
 */
export class MlConnector extends Construct {
  readonly settings: MlConnectorSettings;
  readonly key: kms.IKey;
  readonly tables: AuditTables;
  readonly queues: WorkQueues;
  readonly secrets: CredentialSecrets;
  readonly functions: ConnectorFunctions;
  readonly schedules: ConnectorSchedules;
  readonly alarms: ConnectorAlarms;
  readonly dashboard: ConnectorDashboard;

  constructor(scope: Construct, id: string, props: MlConnectorProps) {
    super(scope, id);
    if (Token.isUnresolved(Stack.of(this).region)) {
      // TableV2 encryption with a customer-managed key is rendered per region.
      throw new MlConnectorPropsError(
        '(stack env)',
        'needs a region: create the stack with env: { region }.',
      );
    }
    this.settings = resolveSettings(props);
    const { settings } = this;
    this.key = connectorKey(this, props.kmsKey, settings.removalPolicy);
    this.tables = new AuditTables(this, 'Tables', { key: this.key, removalPolicy: settings.removalPolicy });
    this.queues = new WorkQueues(this, 'Queues', {
      key: this.key,
      visibilityTimeout: settings.workVisibilityTimeout,
      maxReceiveCount: settings.maxReceiveCount,
    });
    this.secrets = new CredentialSecrets(this, 'Secrets', {
      key: this.key,
      peoplesoftAuthType: settings.config.peoplesoft.auth.type,
      removalPolicy: settings.removalPolicy,
    });
    this.functions = new ConnectorFunctions(this, 'Functions', {
      settings,
      tables: this.tables,
      queues: this.queues,
      secrets: this.secrets,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
    });
    this.schedules = new ConnectorSchedules(this, 'Schedules', {
      settings,
      functions: this.functions.functions,
      deadLetterQueue: this.queues.schedulerDlq,
    });
    this.alarms = new ConnectorAlarms(this, 'Alarms', {
      settings,
      key: this.key,
      queues: this.queues,
      functions: this.functions.functions,
      alarmTopic: props.alarmTopic,
      alarmEmail: props.alarmEmail,
    });
    this.dashboard = new ConnectorDashboard(this, 'Dashboard', {
      queues: this.queues,
      functions: this.functions.functions,
      alarms: this.alarms.alarms,
    });
    acknowledgeNagFindings({
      functions: Object.values(this.functions.functions),
      functionRoles: Object.values(this.functions.roles),
      scheduleRole: this.schedules.role,
      scheduledFunctions: SCHEDULED_FUNCTIONS.map((fid) => this.functions.functions[fid]),
      secrets: [this.secrets.walmart, this.secrets.peoplesoft],
      schedulerDlq: this.queues.schedulerDlq,
      inVpc: props.vpc !== undefined,
    });
  }

  /** The topic the alarms notify. */
  get alarmTopic(): sns.ITopic {
    return this.alarms.topic;
  }
}
