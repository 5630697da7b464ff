/**
 * The props of the MlConnector construct and their resolution into checked settings with defaults.
 */
import { ConfigurationError } from '../shared/errors.ts';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { type Config, type ConfigInput, parseConfig } from '../shared/config/index.ts';
import { isTimeZone } from '../shared/domain/index.ts';
import { toSchedulerExpression } from './cron-expression.ts';

/** Cron expressions (Unix 5-field, or Scheduler `cron(…)`/`rate(…)`) of the scheduled functions. */
export interface MlConnectorSchedules {
  /** Orders poller. Default: config `schedule.orders`. */
  readonly orders?: string;
  /** Receipt confirmer. Default: config `schedule.orders` (the orders cycle includes confirmation). */
  readonly confirmReceipts?: string;
  /** Inventory sync. Default: config `schedule.inventory`. */
  readonly inventory?: string;
  /** Follow-up of submitted inventory feeds. Default: every 5 minutes. */
  readonly feedFollowUp?: string;
  /** Full reconcile with push (inventory function). Default: config `schedule.reconcile`, else none. */
  readonly reconcile?: string;
  /** IANA time zone of the expressions. Default: config `schedule.timeZone`. */
  readonly timeZone?: string;
}

export interface MlConnectorProps {
  /** The connector configuration (the same JSON as `ml-connector.config.json`); validated with `parseConfig`. */
  readonly config: ConfigInput;
  /** Overrides of the schedules taken from the config. */
  readonly schedules?: MlConnectorSchedules;
  /** Scheduler retries of a failed invocation. Default: 2. */
  readonly scheduleRetryAttempts?: number;
  /** Scheduler gives up delivering an invocation older than this (1 minute – 24 hours). Default: 10 minutes. */
  readonly scheduleMaxEventAge?: Duration;
  /** E-mail address subscribed to the alarm topic (the recipient confirms the subscription). */
  readonly alarmEmail?: string;
  /** An existing SNS topic for the alarms; when given, no topic is created. */
  readonly alarmTopic?: sns.ITopic;
  /** Retention of the functions' log groups. Default: three months. */
  readonly logRetention?: logs.RetentionDays;
  /**
   * An existing customer-managed KMS key for tables, queues, secrets and the alarm topic. Its key policy must
   * let CloudWatch (`cloudwatch.amazonaws.com`) use it for the alarm topic. Default: a new key with rotation.
   */
  readonly kmsKey?: kms.IKey;
  /** Run the functions in this VPC (it needs a route to the internet for Walmart and to PeopleSoft). */
  readonly vpc?: ec2.IVpc;
  /** Subnets of `vpc` for the functions. Default: the VPC's private subnets with egress. */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Security groups of the functions in `vpc`. Default: one group allowing all outbound traffic. */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /** Most concurrent matcher invocations the SQS event source starts (2–1000). Default: 5. */
  readonly matcherMaxConcurrency?: number;
  /** Timeout of the matcher function; the work queue's visibility timeout is six times it. Default: 5 minutes. */
  readonly matcherTimeout?: Duration;
  /**
   * Messages per matcher invocation (1–10000). Default: 100 — measured on the emulators (docs/performance.md):
   * half the invocations and PeopleSoft calls of 10, a little faster.
   */
  readonly matcherBatchSize?: number;
  /** How long the event source gathers messages before invoking (0–300 s). Default: 5 seconds. */
  readonly matcherBatchingWindow?: Duration;
  /** The oldest-message alarm fires when a work item waits longer than this. Default: 1 hour. */
  readonly maxMessageAge?: Duration;
  /** The flagged-lines alarm fires when at least this many lines are flagged in an hour. Default: 1. */
  readonly flaggedLinesAlarmThreshold?: number;
  /** What happens to tables, secrets and the key when the stack is deleted. Default: RETAIN. */
  readonly removalPolicy?: RemovalPolicy;
  /** Folder of the handler files, inside this repository. Default: `functions/`. */
  readonly handlersDir?: string;
}

/** A prop value the construct cannot use; names the prop and the fix. */
export class MlConnectorPropsError extends ConfigurationError {
  override readonly name = 'MlConnectorPropsError';
  constructor(
    readonly prop: string,
    problem: string,
  ) {
    super(`MlConnector prop ${prop} ${problem}`);
  }
}

export interface ResolvedSchedule {
  /** Config key or prop the expression came from (named in errors). */
  readonly source: string;
  readonly expression: string;
}

/** Props after validation, with every default applied. */
export interface MlConnectorSettings {
  readonly config: Config;
  readonly schedules: {
    readonly orders: ResolvedSchedule;
    readonly confirmReceipts: ResolvedSchedule;
    readonly inventory: ResolvedSchedule;
    readonly feedFollowUp: ResolvedSchedule;
    /** A full reconcile with push, run by the inventory function; absent when not configured. */
    readonly reconcile?: ResolvedSchedule;
  };
  readonly timeZone: string;
  readonly scheduleRetryAttempts: number;
  readonly scheduleMaxEventAge: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly matcherMaxConcurrency: number;
  readonly matcherTimeout: Duration;
  readonly matcherBatchSize: number;
  readonly matcherBatchingWindow: Duration;
  readonly workVisibilityTimeout: Duration;
  readonly maxReceiveCount: number;
  readonly maxMessageAge: Duration;
  readonly flaggedLinesAlarmThreshold: number;
  readonly removalPolicy: RemovalPolicy;
  readonly handlersDir: string | undefined;
}

/** SQS event sources and AWS guidance: the visibility timeout is at least six times the function timeout. */
export const VISIBILITY_TIMEOUT_FACTOR = 6;
/** At least five receives before a work item is dead-lettered, whatever `orders.maxAttempts` says. */
export const MIN_RECEIVE_COUNT = 5;

/**
 * Validates the props (the config with `parseConfig`, which throws a ConfigError naming each bad key) and
 * applies defaults. Throws MlConnectorPropsError or ScheduleExpressionError naming the prop or config key.
 */
export function resolveSettings(props: MlConnectorProps): MlConnectorSettings {
  const config = parseConfig(props.config, 'MlConnector config');
  const s = props.schedules ?? {};
  const pick = (prop: keyof MlConnectorSchedules, configKey: string, fallback: string): ResolvedSchedule => {
    const own = s[prop];
    const source = own ? `schedules.${prop}` : configKey;
    const raw = own ?? fallback;
    return { source, expression: toSchedulerExpression(raw, source) };
  };
  const timeZone = s.timeZone ?? config.schedule.timeZone;
  if (!isTimeZone(timeZone)) {
    const key = s.timeZone ? 'schedules.timeZone' : 'schedule.timeZone';
    throw new MlConnectorPropsError(
      key,
      `is "${timeZone}", not an IANA time zone such as "America/Chicago".`,
    );
  }

  const retryAttempts = props.scheduleRetryAttempts ?? 2;
  checkInt('scheduleRetryAttempts', retryAttempts, 0, 185);
  const maxEventAge = props.scheduleMaxEventAge ?? Duration.minutes(10);
  checkInt('scheduleMaxEventAge (seconds)', maxEventAge.toSeconds(), 60, 86_400);

  const matcherMaxConcurrency = props.matcherMaxConcurrency ?? 5;
  checkInt('matcherMaxConcurrency', matcherMaxConcurrency, 2, 1000);
  const matcherTimeout = props.matcherTimeout ?? Duration.minutes(5);
  checkInt('matcherTimeout (seconds)', matcherTimeout.toSeconds(), 30, 900);
  const matcherBatchSize = props.matcherBatchSize ?? 100;
  checkInt('matcherBatchSize', matcherBatchSize, 1, 10_000);
  const matcherBatchingWindow = props.matcherBatchingWindow ?? Duration.seconds(5);
  checkInt('matcherBatchingWindow (seconds)', matcherBatchingWindow.toSeconds(), 0, 300);
  if (matcherBatchSize > 10 && matcherBatchingWindow.toSeconds() < 1) {
    throw new MlConnectorPropsError(
      'matcherBatchingWindow',
      'must be at least 1 second when matcherBatchSize is above 10 (an SQS event source rule).',
    );
  }
  const flagged = props.flaggedLinesAlarmThreshold ?? 1;
  checkInt('flaggedLinesAlarmThreshold', flagged, 1, 1_000_000);
  if (props.alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(props.alarmEmail)) {
    throw new MlConnectorPropsError('alarmEmail', `is "${props.alarmEmail}", not an e-mail address.`);
  }
  if (props.vpcSubnets && !props.vpc) {
    throw new MlConnectorPropsError(
      'vpcSubnets',
      'is set without vpc; give the vpc too, or drop vpcSubnets.',
    );
  }

  return {
    config,
    schedules: {
      orders: pick('orders', 'schedule.orders', config.schedule.orders),
      confirmReceipts: pick('confirmReceipts', 'schedule.orders', config.schedule.orders),
      inventory: pick('inventory', 'schedule.inventory', config.schedule.inventory),
      feedFollowUp: pick('feedFollowUp', 'schedules.feedFollowUp', '*/5 * * * *'),
      ...(config.schedule.reconcile
        ? { reconcile: pick('reconcile', 'schedule.reconcile', config.schedule.reconcile) }
        : {}),
    },
    timeZone,
    scheduleRetryAttempts: retryAttempts,
    scheduleMaxEventAge: maxEventAge,
    logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    matcherMaxConcurrency,
    matcherTimeout,
    matcherBatchSize,
    matcherBatchingWindow,
    workVisibilityTimeout: Duration.seconds(matcherTimeout.toSeconds() * VISIBILITY_TIMEOUT_FACTOR),
    maxReceiveCount: Math.max(MIN_RECEIVE_COUNT, config.orders.maxAttempts),
    maxMessageAge: props.maxMessageAge ?? Duration.hours(1),
    flaggedLinesAlarmThreshold: flagged,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    handlersDir: props.handlersDir,
  };
}

function checkInt(prop: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MlConnectorPropsError(prop, `is ${value}; it must be a whole number from ${min} to ${max}.`);
  }
}
