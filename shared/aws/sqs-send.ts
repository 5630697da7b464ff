import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WorkItem } from '../ports.ts';
import { WorkQueueSendError } from './aws-errors.ts';
import { encodeWorkMessage } from './work-message.ts';

const SQS_BATCH = 10;

/**
 * Sends work items 10 per SendMessageBatch. Entries SQS refuses for a passing reason are tried twice more;
 * any left (or refused for the sender's fault) fail the send with their keys, so nothing is dropped unseen.
 */
export async function sendWorkItems(
  sqs: SQSClient,
  queueUrl: string,
  items: WorkItem[],
  delaySeconds?: number,
): Promise<void> {
  const refused: string[] = [];
  let reason = '';
  for (let i = 0; i < items.length; i += SQS_BATCH) {
    let batch = items.slice(i, i + SQS_BATCH).map((item, n) => ({ id: String(n), item }));
    // SQS may refuse single entries of a batch (throttling, internal error); those are tried twice more.
    for (let attempt = 0; batch.length > 0 && attempt < 3; attempt++) {
      const res = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((b) => ({
            Id: b.id,
            MessageBody: encodeWorkMessage(b.item),
            ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}),
          })),
        }),
      );
      const failed = new Set((res.Failed ?? []).map((f) => f.Id));
      reason = (res.Failed ?? []).map((f) => f.Code ?? f.Message ?? 'refused')[0] ?? reason;
      const permanent = new Set((res.Failed ?? []).filter((f) => f.SenderFault).map((f) => f.Id));
      for (const b of batch) if (permanent.has(b.id)) refused.push(b.item.key);
      batch = batch.filter((b) => failed.has(b.id) && !permanent.has(b.id));
    }
    refused.push(...batch.map((b) => b.item.key));
  }
  if (refused.length > 0) throw new WorkQueueSendError(queueUrl, refused, reason);
}
