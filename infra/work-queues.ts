import { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WorkQueuesProps {
  readonly key: kms.IKey;
  /** Six times the matcher timeout, so a slow batch is never handed to a second matcher. */
  readonly visibilityTimeout: Duration;
  readonly maxReceiveCount: number;
}

/**
 * The work queue (one message per order line key), its dead-letter queue, and the dead-letter queue of the
 * schedules. Messages keep their original enqueue time when moved to a DLQ, so the DLQs retain them for the
 * SQS maximum of 14 days, well past the work queue's 4.
 */
export class WorkQueues extends Construct {
  readonly work: sqs.Queue;
  readonly workDlq: sqs.Queue;
  readonly schedulerDlq: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkQueuesProps) {
    super(scope, id);
    const encrypted = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      dataKeyReuse: Duration.minutes(15),
      enforceSSL: true,
    };
    this.workDlq = new sqs.Queue(this, 'WorkDlq', { ...encrypted, retentionPeriod: Duration.days(14) });
    this.work = new sqs.Queue(this, 'Work', {
      ...encrypted,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.workDlq, maxReceiveCount: props.maxReceiveCount },
    });
    this.schedulerDlq = new sqs.Queue(this, 'SchedulerDlq', {
      ...encrypted,
      retentionPeriod: Duration.days(14),
    });
  }
}
