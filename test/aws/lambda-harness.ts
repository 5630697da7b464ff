/**
 * Plays the parts of AWS Lambda that no emulator provides: the invocation context, and the SQS event source
 * mapping (receive a batch, invoke the handler, delete what succeeded, hand back what failed). A failed
 * message is made visible again at once, standing in for its visibility timeout running out; the queue's
 * redrive policy then moves it to the DLQ once it reached the maximum receive count, as on AWS.
 */
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** A Lambda context good enough for middy and the Powertools middlewares. */
export function lambdaContext(functionName: string, remainingMs = 300_000): Context {
  const requestId = globalThis.crypto.randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface EventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: SqsHandler;
  functionName?: string;
  /** Messages per invocation; above 10 it gathers several receives, as a batching window does. */
  batchSize?: number;
}

export interface DrainReport {
  invocations: number;
  /** Message ids the handler reported failed (or all of a batch whose invocation threw). */
  failedMessageIds: string[];
  /** Keys of the bodies of failed messages, when they are work items. */
  failedKeys: string[];
  errors: Error[];
}

/** The event source mapping between one queue and one handler. */
export class EventSourceMapping {
  private arn: string | undefined;

  constructor(private readonly options: EventSourceOptions) {}

  /** Delivers batches until the queue has nothing visible (or `maxInvocations`). */
  async drain(maxInvocations = 50): Promise<DrainReport> {
    const report: DrainReport = { invocations: 0, failedMessageIds: [], failedKeys: [], errors: [] };
    while (report.invocations < maxInvocations) {
      const delivered = await this.deliverOnce(report);
      if (!delivered) break;
    }
    return report;
  }

  /** Receives one batch and invokes the handler; false when nothing was visible. */
  async deliverOnce(report?: DrainReport): Promise<boolean> {
    const { sqs, queueUrl, handler } = this.options;
    const batchSize = this.options.batchSize ?? 10;
    const messages: Message[] = [];
    while (messages.length < batchSize) {
      const res = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(10, batchSize - messages.length),
          AttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      if (!res.Messages?.length) break;
      messages.push(...res.Messages);
    }
    if (messages.length === 0) return false;
    this.arn ??= await this.queueArn();
    const arn = this.arn;
    const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m, arn)) };
    let failed: Set<string>;
    try {
      const response = await handler(event, lambdaContext(this.options.functionName ?? 'match-orders'));
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (e) {
      report?.errors.push(e as Error);
      failed = new Set(event.Records.map((r) => r.messageId));
    }
    if (report) report.invocations += 1;
    for (const r of event.Records) {
      if (failed.has(r.messageId)) {
        report?.failedMessageIds.push(r.messageId);
        const key = keyOf(r.body);
        if (key) report?.failedKeys.push(key);
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queueUrl,
            ReceiptHandle: r.receiptHandle,
            VisibilityTimeout: 0,
          }),
        );
      } else {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: r.receiptHandle }));
      }
    }
    // Let the emulator's zero-delay visibility timers run (and dead-letter what reached the maximum).
    await new Promise((resolve) => setTimeout(resolve, 5));
    return true;
  }

  private toRecord(
    m: {
      MessageId?: string;
      ReceiptHandle?: string;
      Body?: string;
      Attributes?: Record<string, string>;
      MD5OfBody?: string;
    },
    arn: string,
  ): SQSRecord {
    const a = m.Attributes ?? {};
    return {
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
        SentTimestamp: a.SentTimestamp ?? String(Date.now()),
        SenderId: a.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
      awsRegion: 'us-east-1',
    };
  }

  private async queueArn(): Promise<string> {
    const res = await this.options.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: this.options.queueUrl, AttributeNames: ['QueueArn'] }),
    );
    return res.Attributes?.QueueArn ?? '';
  }
}

function keyOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { key?: unknown };
    return typeof parsed.key === 'string' ? parsed.key : undefined;
  } catch {
    return undefined;
  }
}
