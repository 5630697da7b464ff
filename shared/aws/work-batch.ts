/**
 * One SQS batch of work items, processed by order line key: the partial batch response of the matcher.
 *
 * Keys are deduplicated (a standard queue may deliver a key twice, a redrive may add a third copy); every
 * message carrying a failed key is reported failed, and every message carrying a finished key is deleted.
 * The message id is never an identity. A failed message is also hidden for the engine's backoff, so its
 * retry comes after seconds or minutes, not after the queue's (long) visibility timeout. A key reported busy
 * (its item held by another matcher) is no failure: its messages are put back to wait for a short delay,
 * which uses up none of the receives the dead-letter queue counts, and are reported done to Lambda.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Log, WorkItem, WorkQueue } from '../ports.ts';
import { decodeWorkMessage } from './work-message.ts';

/** What the work reports per key: `ok` means finished with (terminal or waiting on another stage). */
export interface KeyOutcome {
  key: string;
  ok: boolean;
  error?: string;
  /** Another worker holds the key's item: wait, do not fail. */
  busy?: boolean;
}

interface WorkBatchOptions {
  queue: Pick<WorkQueue, 'release' | 'postpone'>;
  log: Log;
  /** Backoff of a message received `receiveCount` times. */
  retryDelayMs(receiveCount: number): number;
  /** Wait of a message whose item is busy, or undefined when it has waited its most (then it fails). */
  busyDelayMs(item: WorkItem): number | undefined;
  /** Called with an error that failed the whole batch (metrics). */
  onBatchError?(e: unknown): void;
}

interface WorkBatchReport {
  response: SQSBatchResponse;
  keys: string[];
  failedKeys: string[];
  /** Keys put back to wait for a busy item. */
  waitingKeys: string[];
}

/**
 * Runs `work` once for the distinct keys of the batch and maps its per-key outcomes back to message ids.
 * A key the work does not report on is failed (never silently dropped); so is a message that is not a work
 * item, which thus ends in the dead-letter queue where it can be inspected.
 */
export async function processWorkBatch(
  event: SQSEvent,
  work: (keys: string[]) => Promise<KeyOutcome[]>,
  options: WorkBatchOptions,
): Promise<WorkBatchReport> {
  const { log } = options;
  const byKey = new Map<string, { record: SQSRecord; item: WorkItem }[]>();
  const failedRecords: SQSRecord[] = [];
  for (const record of event.Records) {
    const item = decodeWorkMessage(record.body);
    if (!item) {
      log.error('message is not a work item; it is left to go to the dead-letter queue', {
        messageId: record.messageId,
      });
      failedRecords.push(record);
      continue;
    }
    byKey.set(item.key, [...(byKey.get(item.key) ?? []), { record, item }]);
  }
  const keys = [...byKey.keys()];

  const failedKeys = new Set<string>();
  const busyKeys = new Set<string>();
  if (keys.length > 0) {
    try {
      const outcomes = new Map((await work(keys)).map((o) => [o.key, o]));
      for (const key of keys) {
        const outcome = outcomes.get(key);
        if (outcome?.ok) continue;
        if (outcome?.busy) {
          busyKeys.add(key);
          continue;
        }
        failedKeys.add(key);
        log.warn('order line not finished; it is retried', {
          key,
          error: outcome?.error ?? 'no outcome reported for the key',
        });
      }
    } catch (e) {
      options.onBatchError?.(e);
      log.error('work batch failed; every line of it is retried', { keys, error: (e as Error).message });
      for (const key of keys) failedKeys.add(key);
    }
  }
  const waitingKeys = new Set<string>();
  await Promise.all(
    [...busyKeys].flatMap((key) =>
      (byKey.get(key) ?? []).map(async ({ record, item }) => {
        const delay = options.busyDelayMs(item);
        if (delay !== undefined) {
          try {
            await options.queue.postpone(
              { ...item, handle: record.receiptHandle, receiveCount: receiveCountOf(record) },
              delay,
            );
            waitingKeys.add(key);
            return;
          } catch (e) {
            log.warn('could not put back a message of a busy item; it is retried as failed', {
              key,
              error: (e as Error).message,
            });
          }
        } else
          log.warn('order line waited its most for a busy item; this wait counts as an attempt', { key });
        failedKeys.add(key);
        failedRecords.push(record);
      }),
    ),
  );
  for (const key of failedKeys)
    if (!busyKeys.has(key)) failedRecords.push(...(byKey.get(key) ?? []).map((x) => x.record));

  await Promise.all(
    failedRecords.map(async (r) => {
      const delay = options.retryDelayMs(receiveCountOf(r));
      try {
        await options.queue.release(r.receiptHandle, delay);
      } catch (e) {
        // Without the shorter delay the message still returns, after the queue's visibility timeout.
        log.warn('could not shorten the retry delay of a message', {
          messageId: r.messageId,
          error: (e as Error).message,
        });
      }
    }),
  );
  return {
    response: { batchItemFailures: failedRecords.map((r) => ({ itemIdentifier: r.messageId })) },
    keys,
    failedKeys: [...failedKeys],
    waitingKeys: [...waitingKeys],
  };
}

function receiveCountOf(record: SQSRecord): number {
  return Number(record.attributes.ApproximateReceiveCount) || 1;
}
