/**
 * Matcher: consumes the work queue (SQS event source, partial batch responses). Matches and posts the batch's
 * order lines by key; the messages of lines not finished are reported failed and retried, then dead-lettered.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { awsRuntime } from './runtime/aws-runtime.ts';
import { lambdaHandler, noteApiError, runStage } from './runtime/lambda-kit.ts';
import { METRIC } from './runtime/metric-names.ts';
import { count } from './runtime/powertools.ts';
import { processWorkBatch } from '../shared/aws/work-batch.ts';
import { busyDelayMs, mayPostpone } from '../shared/usecases/busy-items.ts';
import { retryDelay } from '../shared/usecases/drain-queue.ts';
import { matchAndPost } from '../shared/usecases/match-and-post.ts';

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
