/**
 * Receipt confirmer (scheduled): one receipt-status query settles every staged or in-doubt write: loaded
 * receipts become RECEIPTED, staging errors and receipts not loaded in time are flagged, and lines whose
 * post provably never arrived are enqueued to be posted again. Nothing is posted from here.
 */
import { awsRuntime, count, lambdaHandler, METRIC, runStage, type ScheduledEvent } from './runtime/index.ts';
import { confirmReceipts, type ConfirmResult } from '../shared/usecases/index.ts';

/** One confirmation sweep. */
export async function confirmReceiptsJob(event: ScheduledEvent = {}): Promise<ConfirmResult> {
  const rt = awsRuntime();
  return runStage(rt, async () => {
    const result = await confirmReceipts(rt);
    count(METRIC.receiptsConfirmed, result.confirmed);
    count(METRIC.linesEnqueued, result.reposted);
    for (const f of result.failures) rt.log.error('line not settled', { key: f.key, error: f.message });
    rt.log.info('receipt confirmation done', {
      ...result,
      failures: result.failures.length,
      scheduledTime: event.scheduledTime,
    });
    return result;
  });
}

export const handler = lambdaHandler(confirmReceiptsJob);
