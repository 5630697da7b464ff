/**
 * The work queue on SQS: a standard queue whose redrive policy dead-letters a message after N receives.
 * Bodies are `{key, group}` (work-message.ts); duplicates are harmless because the work is idempotent by key.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { type Log, type ReceivedWork, silentLog, type WorkItem, type WorkQueue } from '../ports.ts';
import { sendWorkItems } from './sqs-send.ts';
import { decodeWorkMessage } from './work-message.ts';

interface SqsWorkQueueOptions {
  queueUrl: string;
  deadLetterQueueUrl: string;
  client?: SQSClient;
  /** Long-poll wait of `receive`, seconds (0 = return at once). */
  waitTimeSeconds?: number;
  /** Most dead letters `deadLetters` and a keyed `redrive` look at. */
  maxDeadLetterScan?: number;
  /**
   * Long-poll wait of each dead-letter read, seconds (default 1). Short polls sample only some SQS servers
   * and may answer empty while messages wait; a long poll asks them all.
   */
  deadLetterWaitSeconds?: number;
  /** How long `redrive()` follows the SQS message move task before returning (default 2 minutes). */
  moveTaskTimeoutMs?: number;
  /** Interval between reads of the move task's progress (default 1 s). */
  moveTaskPollMs?: number;
  log?: Log;
}

const SQS_BATCH = 10;
const MAX_VISIBILITY_S = 43_200;
/** How long peeked dead letters stay hidden while the scan goes on (they are made visible again after). */
const PEEK_VISIBILITY_S = 30;

/** WorkQueue port over an SQS queue and its dead-letter queue. */
export class SqsWorkQueue implements WorkQueue {
  private readonly sqs: SQSClient;
  private readonly log: Log;
  private readonly arns = new Map<string, Promise<string>>();

  constructor(private readonly options: SqsWorkQueueOptions) {
    this.sqs = options.client ?? new SQSClient({});
    this.log = options.log ?? silentLog;
  }

  /** Enqueues the items, ten per SQS call; throws WorkQueueSendError naming the keys SQS refused. */
  async send(items: WorkItem[]): Promise<void> {
    await this.sendTo(this.options.queueUrl, items);
  }

  /** Receives up to `max` items and hides them for `visibilityTimeoutMs`. Unreadable bodies are left to dead-letter. */
  async receive(max: number, visibilityTimeoutMs: number): Promise<ReceivedWork[]> {
    const out: ReceivedWork[] = [];
    while (out.length < max) {
      const messages = await this.receiveFrom(
        this.options.queueUrl,
        Math.min(SQS_BATCH, max - out.length),
        toSeconds(visibilityTimeoutMs),
        out.length === 0 ? (this.options.waitTimeSeconds ?? 0) : 0,
      );
      if (messages.length === 0) break;
      for (const m of messages) {
        const item = decodeWorkMessage(m.Body);
        if (!item || !m.ReceiptHandle) {
          this.log.warn('work queue message is not a work item; it will go to the dead-letter queue', {
            messageId: m.MessageId,
          });
          continue;
        }
        out.push({ ...item, handle: m.ReceiptHandle, receiveCount: receiveCount(m) });
      }
    }
    return out;
  }

  /** Removes a processed item. */
  async delete(handle: string): Promise<void> {
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: handle }));
  }

  /** Makes the item visible again after `delayMs` (rounded up to whole seconds, at most 12 h). */
  async release(handle: string, delayMs: number): Promise<void> {
    await this.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.options.queueUrl,
        ReceiptHandle: handle,
        VisibilityTimeout: toSeconds(delayMs),
      }),
    );
  }

  /**
   * Puts the item back without using up a receive: SQS counts every receive of a message, so a fresh copy
   * (its `postponed` count one higher) is sent with a delay of up to 15 minutes, then the received message is
   * deleted. Should the delete fail, the old message comes back too: a duplicate, harmless by key.
   */
  async postpone(work: ReceivedWork, delayMs: number): Promise<void> {
    const { handle: _handle, receiveCount: _count, ...item } = work;
    await this.sendTo(
      this.options.queueUrl,
      [{ ...item, postponed: (item.postponed ?? 0) + 1 }],
      Math.min(900, toSeconds(delayMs)),
    );
    await this.delete(work.handle).catch((e: Error) =>
      this.log.debug('postponed message not deleted; its copy is a harmless duplicate', {
        key: work.key,
        error: e.message,
      }),
    );
  }

  /**
   * Messages hidden right now (in flight with a matcher, or delayed), and the latest they can stay so: a
   * visibility timeout from now (an approximate count, as SQS gives it).
   */
  async hidden(now: number = Date.now()): Promise<{ count: number; until?: number }> {
    const res = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.options.queueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
          'VisibilityTimeout',
        ],
      }),
    );
    const a = res.Attributes ?? {};
    const count =
      Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
    const timeoutS = Number(a.VisibilityTimeout ?? 0);
    return count > 0 && timeoutS > 0 ? { count, until: now + timeoutS * 1000 } : { count };
  }

  /** The work items in the dead-letter queue; they stay there (peeked, then made visible again). */
  async deadLetters(): Promise<WorkItem[]> {
    const messages = await this.scanDeadLetters();
    await this.makeVisible(messages);
    return messages.flatMap((m) => {
      const item = decodeWorkMessage(m.Body);
      return item ? [item] : [];
    });
  }

  /**
   * Moves dead letters back to the work queue. Without keys: one SQS message move task for the whole DLQ,
   * followed until it finishes (or `moveTaskTimeoutMs`, after which it goes on inside SQS); returns how many
   * messages it moved. With keys: those items only, sent again then deleted from the DLQ.
   */
  async redrive(keys?: string[]): Promise<number> {
    if (keys === undefined) return this.redriveAll();
    if (keys.length === 0) return 0;
    const wanted = new Set(keys);
    const messages = await this.scanDeadLetters();
    const moving: { message: Message; item: WorkItem }[] = [];
    const staying: Message[] = [];
    for (const m of messages) {
      const item = decodeWorkMessage(m.Body);
      if (item && wanted.has(item.key)) moving.push({ message: m, item });
      else staying.push(m);
    }
    await this.makeVisible(staying);
    // Send before delete: a crash in between duplicates the item, which the key-idempotent work absorbs.
    await this.sendTo(
      this.options.queueUrl,
      moving.map((m) => m.item),
    );
    for (const { message } of moving) {
      await this.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: this.options.deadLetterQueueUrl,
          ReceiptHandle: message.ReceiptHandle,
        }),
      );
    }
    return moving.length;
  }

  private async redriveAll(): Promise<number> {
    const dlq = this.options.deadLetterQueueUrl;
    const attrs = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    if (Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0) === 0) return 0;
    const sourceArn = await this.arnOf(dlq);
    const task = await this.sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: sourceArn,
        DestinationArn: await this.arnOf(this.options.queueUrl),
      }),
    );
    const deadline = Date.now() + (this.options.moveTaskTimeoutMs ?? 120_000);
    for (;;) {
      const list = await this.sqs.send(
        new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }),
      );
      const mine = (list.Results ?? []).find((r) => r.TaskHandle === task.TaskHandle) ?? list.Results?.[0];
      const moved = mine?.ApproximateNumberOfMessagesMoved ?? 0;
      if (!mine || mine.Status !== 'RUNNING') {
        if (mine?.Status === 'FAILED') {
          this.log.warn('dead-letter redrive task failed', { reason: mine.FailureReason, moved });
        }
        return moved;
      }
      if (Date.now() >= deadline) {
        this.log.info('dead-letter redrive still running inside SQS', { moved });
        return moved;
      }
      await delay(this.options.moveTaskPollMs ?? 1000);
    }
  }

  private sendTo(queueUrl: string, items: WorkItem[], delaySeconds?: number): Promise<void> {
    return sendWorkItems(this.sqs, queueUrl, items, delaySeconds);
  }

  private async receiveFrom(queueUrl: string, max: number, visibilityS: number, waitS: number) {
    const res = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: max,
        VisibilityTimeout: visibilityS,
        WaitTimeSeconds: waitS,
        // Emulators only return ApproximateReceiveCount for the older parameter; AWS honours both.
        AttributeNames: ['All'],
      }),
    );
    return res.Messages ?? [];
  }

  private async scanDeadLetters(): Promise<Message[]> {
    const cap = this.options.maxDeadLetterScan ?? 1000;
    const seen = new Map<string, Message>();
    while (seen.size < cap) {
      const batch = await this.receiveFrom(
        this.options.deadLetterQueueUrl,
        SQS_BATCH,
        PEEK_VISIBILITY_S,
        this.options.deadLetterWaitSeconds ?? 1,
      );
      if (batch.length === 0) break;
      for (const m of batch) seen.set(m.MessageId ?? m.ReceiptHandle ?? String(seen.size), m);
    }
    return [...seen.values()];
  }

  private async makeVisible(messages: Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += SQS_BATCH) {
      const batch = messages.slice(i, i + SQS_BATCH);
      await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.options.deadLetterQueueUrl,
          Entries: batch.map((m, n) => ({
            Id: String(n),
            ReceiptHandle: m.ReceiptHandle,
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
  }

  private arnOf(queueUrl: string): Promise<string> {
    let arn = this.arns.get(queueUrl);
    if (!arn) {
      arn = this.sqs
        .send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
        .then((r) => {
          const value = r.Attributes?.QueueArn;
          if (!value) throw new Error(`SQS returned no QueueArn for ${queueUrl}`);
          return value;
        });
      arn.catch(() => this.arns.delete(queueUrl));
      this.arns.set(queueUrl, arn);
    }
    return arn;
  }
}

function toSeconds(ms: number): number {
  return Math.min(MAX_VISIBILITY_S, Math.max(0, Math.ceil(ms / 1000)));
}

function receiveCount(m: Message): number {
  const n = Number(m.Attributes?.ApproximateReceiveCount);
  return Number.isFinite(n) && n > 0 ? n : 1;
}
