/**
 * Matcher: consumes the work queue (SQS event source, partial batch responses). Matches and posts the batch's
 * order lines by key; the messages of lines not finished are reported failed and retried, then dead-lettered.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { awsRuntime, count, lambdaHandler, METRIC, noteApiError, runStage } from './runtime/index.ts';
import { processWorkBatch } from '../shared/aws/index.ts';
import { busyDelayMs, matchAndPost, mayPostpone, retryDelay } from '../shared/usecases/index.ts';

/** Matches and posts the order lines of one SQS batch; returns the message ids to retry. */
export async function matchOrders(event: SQSEvent): Promise<SQSBatchResponse> {
  const rt = awsRuntime();
  const report = await runStage(rt, () =>
    processWorkBatch(
      event,
      async (keys) => {
        const result = await matchAndPost(rt, keys);
        count(METRIC.linesMatched, result.matched);
        count(METRIC.receiptsPosted, result.receiptsPosted);
        count(METRIC.adjustmentsPosted, result.adjustmentsPosted);
        if (result.batchError)
          rt.log.error('matching could not read PeopleSoft', { error: result.batchError });
        return result.results;
      },
      {
        queue: rt.queue,
        log: rt.log,
        retryDelayMs: (receives) => retryDelay(rt, receives),
        busyDelayMs: (item) => (mayPostpone(rt.config, item) ? busyDelayMs(rt.config) : undefined),
        onBatchError: noteApiError,
      },
    ),
  );
  count(METRIC.linesWaiting, report.waitingKeys.length);
  rt.log.info('work batch done', {
    lines: report.keys.length,
    failed: report.failedKeys.length,
    waiting: report.waitingKeys.length,
  });
  return report.response;
}

export const handler = lambdaHandler(matchOrders);
