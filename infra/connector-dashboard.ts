import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { FunctionId } from './function-catalog.ts';
import { METRIC_NAMESPACE, METRICS } from './metric-catalog.ts';
import type { WorkQueues } from './work-queues.ts';

export interface ConnectorDashboardProps {
  readonly queues: WorkQueues;
  readonly functions: Record<FunctionId, lambda.IFunction>;
  readonly alarms: cloudwatch.IAlarm[];
}

const PERIOD = Duration.minutes(5);

/**
 * Every series of a custom metric, one line per dimension value (e.g. per flag reason or per system).
 * SEARCH matches whatever dimensions the publisher adds, so the graphs need no knowledge of them.
 */
export function searchSum(metricName: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('Namespace="${METRIC_NAMESPACE}" MetricName="${metricName}"', 'Sum', ${PERIOD.toSeconds()})`,
    usingMetrics: {},
    period: PERIOD,
  });
}

const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
  new cloudwatch.GraphWidget({ title, left, right, width: 12, height: 6, period: PERIOD });

/**
 * One dashboard for the whole flow: orders, matching and flags by reason, receipts, inventory, API errors and
 * throttles per system, work queue depth and age, dead-letter queues, function errors, and alarm states.
 */
export class ConnectorDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ConnectorDashboardProps) {
    super(scope, id);
    const { queues, functions } = props;
    const max = { period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM };
    const fnMetrics = (pick: (fn: lambda.IFunction) => cloudwatch.Metric) =>
      Object.entries(functions).map(([fid, fn]) => pick(fn).with({ label: fid, period: PERIOD }));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown:
              '# ml-connector\nWalmart orders → PeopleSoft receipts and adjustments; PeopleSoft stock → Walmart. ' +
              'Flagged lines need review in the audit trail; a non-empty DLQ is redriven after fixing the cause ' +
              '(docs/deploy-aws.md).',
            width: 24,
            height: 2,
          }),
        ],
        [
          graph('Orders polled and lines enqueued', [
            searchSum(METRICS.ordersPolled),
            searchSum(METRICS.linesEnqueued),
          ]),
          graph('Lines matched, flagged by reason, and waiting for a busy item', [
            searchSum(METRICS.linesMatched),
            searchSum(METRICS.linesFlagged),
            searchSum(METRICS.linesWaiting),
          ]),
        ],
        [
          graph('Receipts and adjustments', [
            searchSum(METRICS.receiptsPosted),
            searchSum(METRICS.receiptsConfirmed),
            searchSum(METRICS.receiptsNotLoaded),
            searchSum(METRICS.adjustmentsPosted),
          ]),
          graph('Inventory pushed to Walmart', [
            searchSum(METRICS.inventoryPushed),
            searchSum(METRICS.inventoryFailed),
          ]),
        ],
        [
          graph('API errors by system', [searchSum(METRICS.apiErrors)]),
          graph('API throttles (429) by system', [searchSum(METRICS.apiThrottles)]),
        ],
        [
          graph(
            'Work queue: depth (left) and age of oldest message, s (right)',
            [
              queues.work.metricApproximateNumberOfMessagesVisible(max).with({ label: 'visible' }),
              queues.work.metricApproximateNumberOfMessagesNotVisible(max).with({ label: 'in flight' }),
            ],
            [queues.work.metricApproximateAgeOfOldestMessage(max).with({ label: 'oldest (s)' })],
          ),
          graph('Dead-letter queues: depth', [
            queues.workDlq.metricApproximateNumberOfMessagesVisible(max).with({ label: 'work DLQ' }),
            queues.schedulerDlq
              .metricApproximateNumberOfMessagesVisible(max)
              .with({ label: 'scheduler DLQ' }),
          ]),
        ],
        [
          graph(
            'Function errors',
            fnMetrics((fn) => fn.metricErrors({ statistic: cloudwatch.Stats.SUM })),
          ),
          graph(
            'Function duration, p95 (ms)',
            fnMetrics((fn) => fn.metricDuration({ statistic: cloudwatch.Stats.percentile(95) })),
          ),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 4 })],
      ],
    });
  }
}
