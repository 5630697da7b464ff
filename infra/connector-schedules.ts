import { Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduledFunctionId } from './function-catalog.ts';
import type { MlConnectorSettings, ResolvedSchedule } from './ml-connector-props.ts';

export interface ConnectorSchedulesProps {
  readonly settings: MlConnectorSettings;
  readonly functions: Record<ScheduledFunctionId, lambda.IFunction>;
  readonly deadLetterQueue: sqs.IQueue;
}

const SCHEDULE_OF: Record<
  ScheduledFunctionId,
  Exclude<keyof MlConnectorSettings['schedules'], 'reconcile'>
> = {
  pollOrders: 'orders',
  confirmReceipts: 'confirmReceipts',
  syncInventory: 'inventory',
  feedFollowUp: 'feedFollowUp',
};

/**
 * EventBridge Scheduler schedules for the four pollers: cron in the configured time zone, no flexible window
 * (runs never drift), an explicit retry policy instead of the 185 retries / 24 h default, and a DLQ for
 * invocations that could not be delivered. One execution role serves every schedule.
 */
export class ConnectorSchedules extends Construct {
  readonly schedules: Record<ScheduledFunctionId, scheduler.Schedule>;
  /** The full reconcile's schedule, when `schedule.reconcile` is set. */
  readonly reconcile?: scheduler.Schedule;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ConnectorSchedulesProps) {
    super(scope, id);
    const { settings } = props;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'ml-connector schedules: invoke the pollers, dead-letter undeliverable runs',
    });
    // The DLQ is encrypted with the customer-managed key; the target alone would grant SendMessage only.
    props.deadLetterQueue.grantSendMessages(this.role);

    const schedules = {} as Record<ScheduledFunctionId, scheduler.Schedule>;
    const jobs: { id: string; fid: ScheduledFunctionId; job: string; resolved: ResolvedSchedule }[] = (
      Object.keys(SCHEDULE_OF) as ScheduledFunctionId[]
    ).map((fid) => ({ id: capitalize(fid), fid, job: fid, resolved: settings.schedules[SCHEDULE_OF[fid]]! }));
    // The full reconcile runs in the inventory function, as its own job.
    const reconcile = settings.schedules.reconcile;
    if (reconcile)
      jobs.push({ id: 'Reconcile', fid: 'syncInventory', job: 'reconcile', resolved: reconcile });
    for (const { id, fid, job, resolved } of jobs) {
      const schedule = new scheduler.Schedule(this, id, {
        description: `ml-connector ${job} (${resolved.source})`,
        schedule: scheduler.ScheduleExpression.expression(
          resolved.expression,
          TimeZone.of(settings.timeZone),
        ),
        timeWindow: scheduler.TimeWindow.off(),
        target: new targets.LambdaInvoke(props.functions[fid], {
          role: this.role,
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: settings.scheduleRetryAttempts,
          maxEventAge: settings.scheduleMaxEventAge,
          input: scheduler.ScheduleTargetInput.fromObject({
            job,
            scheduledTime: scheduler.ContextAttribute.scheduledTime,
          }),
        }),
      });
      if (job === fid) schedules[fid] = schedule;
      else this.reconcile = schedule;
    }
    this.schedules = schedules;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
