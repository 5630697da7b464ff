import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FunctionId } from './function-catalog.ts';
import { METRIC_NAMESPACE, METRICS } from './metric-catalog.ts';
import type { MlConnectorSettings } from './ml-connector-props.ts';
import type { WorkQueues } from './work-queues.ts';

export interface ConnectorAlarmsProps {
  readonly settings: MlConnectorSettings;
  readonly key: kms.IKey;
  readonly queues: WorkQueues;
  readonly functions: Record<FunctionId, lambda.IFunction>;
  readonly alarmTopic?: sns.ITopic;
  readonly alarmEmail?: string;
}

/**
 * A custom metric summed over every dimension it carries (Reason, System, service), as a Metrics Insights
 * query: alarms cannot use SEARCH, and the flag reasons are more than an alarm's ten-metric math limit.
 */
export function insightsSum(metricName: string, period: Duration, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SELECT SUM(${metricName}) FROM ${METRIC_NAMESPACE}`,
    usingMetrics: {},
    period,
    label,
  });
}

/**
 * The alarms an operator acts on, all sending ALARM and OK to one SNS topic (KMS-encrypted when created here,
 * with an optional e-mail subscription). Missing data never breaches: an idle connector is a healthy one.
 */
export class ConnectorAlarms extends Construct {
  readonly topic: sns.ITopic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ConnectorAlarmsProps) {
    super(scope, id);
    const { settings, queues } = props;
    this.topic =
      props.alarmTopic ??
      new sns.Topic(this, 'Topic', {
        displayName: 'ml-connector alarms',
        masterKey: props.key,
        enforceSSL: true,
      });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const prefix = Stack.of(this).stackName;

    const add = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const alarm = new cloudwatch.Alarm(this, name, {
        alarmName: `${prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      alarm.addOkAction(new actions.SnsAction(this.topic));
      this.alarms.push(alarm);
      return alarm;
    };

    const fiveMinutesMax = { period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM };
    add(
      'WorkDlqNotEmpty',
      queues.workDlq.metricApproximateNumberOfMessagesVisible(fiveMinutesMax),
      1,
      'Order lines failed every attempt and wait in the work dead-letter queue. Fix the cause (see the matcher ' +
        'logs and the audit trail), then redrive the DLQ (SQS console: Start DLQ redrive). Redrive is safe.',
    );
    add(
      'WorkQueueOldestMessage',
      queues.work.metricApproximateAgeOfOldestMessage(fiveMinutesMax),
      settings.maxMessageAge.toSeconds(),
      `An order line has waited more than ${settings.maxMessageAge.toHumanString()} in the work queue: the matcher ` +
        'is failing, throttled or too slow. Check its errors and PeopleSoft reachability.',
    );
    add(
      'SchedulerDlqNotEmpty',
      queues.schedulerDlq.metricApproximateNumberOfMessagesVisible(fiveMinutesMax),
      1,
      'EventBridge Scheduler could not invoke a poller (the message says which). Check the function exists and ' +
        'the schedule role; the next scheduled run catches up from the checkpoint.',
    );
    for (const [fid, fn] of Object.entries(props.functions)) {
      add(
        `${fid}Errors`,
        fn.metricErrors({ period: Duration.minutes(15), statistic: cloudwatch.Stats.SUM }),
        1,
        `The ${fid} function failed. Its log group names the cause (credentials, reachability, configuration); ` +
          'the next run resumes where the last successful one stopped.',
      );
    }
    add(
      'LinesFlagged',
      insightsSum(METRICS.linesFlagged, Duration.hours(1), 'Lines flagged'),
      settings.flaggedLinesAlarmThreshold,
      'Order lines were flagged for review (no supplier, no open PO, ambiguous match, rejected receipt, ...). ' +
        'List them with the audit trail (status FLAGGED) and resolve each one.',
    );
    add(
      'ReceiptsNotLoaded',
      insightsSum(METRICS.receiptsNotLoaded, Duration.hours(1), 'Receipts not loaded'),
      1,
      'PeopleSoft did not load staged receipts within peoplesoft.receiptLoadTimeoutMinutes. Check the EIP ' +
        'staging tables and that the receipt load process runs.',
    );
  }
}
