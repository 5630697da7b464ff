/**
 * Feed follow-up (scheduled): reads the status of Walmart inventory feeds the inventory function submitted
 * but could not wait for, and reports each item once the feed is PROCESSED or ERROR. Items that failed are
 * owed in the inventory retry list already and are pushed again by the next inventory cycle.
 */
import type { Context } from 'aws-lambda';
import { awsRuntime, count, lambdaHandler, METRIC, runStage, type ScheduledEvent } from './runtime/index.ts';
import { type FeedFollowUpResult, followPendingFeeds } from '../shared/usecases/index.ts';

/** One look at every pending feed. */
export async function feedFollowUpJob(
  event: ScheduledEvent = {},
  context?: Context,
): Promise<FeedFollowUpResult> {
  const rt = awsRuntime();
  return runStage(rt, async () => {
    const result = await followPendingFeeds({
      ...rt,
      feedTimeoutMs: rt.config.walmart.feedTimeoutMs,
      owner: `feed-follow-up-${context?.awsRequestId ?? globalThis.crypto.randomUUID()}`,
    });
    for (const feed of result.finished) {
      const failed = feed.items.filter((i) => !i.ok);
      count(METRIC.inventoryPushed, feed.items.length - failed.length);
      count(METRIC.inventoryFailed, failed.length);
      for (const item of failed) {
        rt.log.warn('inventory feed item failed', {
          feedId: feed.feedId,
          sku: item.sku,
          code: item.code,
          retryable: item.retryable,
          error: item.message,
        });
      }
    }
    rt.log.info('inventory feeds followed', {
      finished: result.finished.length,
      stillProcessing: result.stillProcessing,
      abandoned: result.abandoned.length,
      scheduledTime: event.scheduledTime,
    });
    return result;
  });
}

export const handler = lambdaHandler(feedFollowUpJob);
