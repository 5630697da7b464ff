/**
 * Orders poller (scheduled): reads new and changed Walmart orders, records each line and enqueues the
 * actionable ones (one message per order line key), then acknowledges orders as `walmart.acknowledge` says.
 */
import { awsRuntime, count, lambdaHandler, METRIC, runStage, type ScheduledEvent } from './runtime/index.ts';
import { acknowledgeOrders, pollOrders } from '../shared/usecases/index.ts';

export interface PollSummary {
  ordersPolled: number;
  lines: number;
  enqueued: number;
  skipped: number;
  flagged: number;
  acknowledged: number;
  /** Lines not recorded this time; their window is read again by the next poll. */
  failures: number;
  /** Work items hidden in the queue (with a matcher, or waiting to be retried), and the latest they show again. */
  waiting: number;
  waitingUntil?: string;
}

/** One poll of Walmart orders. */
export async function pollOrdersJob(event: ScheduledEvent = {}): Promise<PollSummary> {
  const rt = awsRuntime();
  return runStage(rt, async () => {
    const poll = await pollOrders(rt);
    count(METRIC.ordersPolled, poll.ordersPolled);
    count(METRIC.linesEnqueued, poll.enqueued);
    for (const f of poll.failures) rt.log.error('order line not recorded', { key: f.key, error: f.message });
    const ack = await acknowledgeOrders(rt, { purchaseOrderIds: poll.purchaseOrderIds });
    for (const f of ack.failed) {
      rt.log.warn('order not acknowledged', { purchaseOrderId: f.purchaseOrderId, error: f.message });
    }
    const summary: PollSummary = {
      ordersPolled: poll.ordersPolled,
      lines: poll.lines,
      enqueued: poll.enqueued,
      skipped: poll.skipped,
      flagged: poll.flagged,
      acknowledged: ack.acknowledged,
      failures: poll.failures.length,
      waiting: 0,
    };
    try {
      const hidden = await rt.queue.hidden(rt.clock.now());
      summary.waiting = hidden.count;
      if (hidden.until) summary.waitingUntil = new Date(hidden.until).toISOString();
    } catch (e) {
      rt.log.warn('work queue depth not read', { error: (e as Error).message });
    }
    rt.log.info('orders poll done', { ...summary, scheduledTime: event.scheduledTime });
    return summary;
  });
}

export const handler = lambdaHandler(pollOrdersJob);
