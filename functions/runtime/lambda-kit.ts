/**
 * What every Lambda handler of the connector shares: middy with the Powertools logger and metrics
 * middlewares, and the per-invocation metrics every stage publishes (flags by reason, API errors and
 * throttles by system).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { AwsRuntime } from './aws-runtime.ts';
import { systemOf } from '../../shared/errors.ts';
import { METRIC, METRIC_DIMENSION } from './metric-names.ts';
import { count, countBy, logger, metrics } from './powertools.ts';

/** The input EventBridge Scheduler sends the scheduled functions (set by the construct). */
export interface ScheduledEvent {
  job?: string;
  scheduledTime?: string;
}

type ApiSystem = 'walmart' | 'peoplesoft';

/**
 * Wraps a handler body in middy with the Lambda context on every log line and metrics flushed after each
 * invocation (with a cold-start metric).
 *
 * @example export const handler = lambdaHandler(async (event: ScheduledEvent) => ({ ok: true }));
 */
export function lambdaHandler<E, R>(body: (event: E, context: Context) => Promise<R>) {
  return middy<E, R>(body)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/**
 * Runs one stage against the runtime and publishes the metrics every stage shares, whether it succeeded or
 * threw: `LinesFlagged` by reason (and `ReceiptsNotLoaded`), `ApiThrottles` and, for a stage that failed
 * on a system, `ApiErrors` by system. The error is rethrown.
 */
export async function runStage<T>(rt: AwsRuntime, work: () => Promise<T>): Promise<T> {
  rt.audit.take();
  const before = throttleCounts(rt);
  try {
    return await work();
  } catch (e) {
    noteApiError(e);
    throw e;
  } finally {
    for (const [reason, n] of rt.audit.take()) {
      countBy(METRIC.linesFlagged, METRIC_DIMENSION.reason, reason, n);
      if (reason === 'RECEIPT_NOT_LOADED') count(METRIC.receiptsNotLoaded, n);
    }
    const after = throttleCounts(rt);
    for (const system of ['walmart', 'peoplesoft'] as const) {
      countBy(METRIC.apiThrottles, METRIC_DIMENSION.system, system, after[system] - before[system]);
    }
  }
}

/** Counts an `ApiErrors` metric for an error raised by Walmart or PeopleSoft (others are not API errors). */
export function noteApiError(e: unknown): void {
  const system = apiSystemOf(e);
  if (system) countBy(METRIC.apiErrors, METRIC_DIMENSION.system, system, 1);
}

/** The API an error came from (Walmart or PeopleSoft), by its typed `system`, following `cause`. */
export function apiSystemOf(e: unknown): ApiSystem | undefined {
  const system = systemOf(e);
  return system === 'walmart' || system === 'peoplesoft' ? system : undefined;
}

/** Milliseconds this invocation may still spend on work that can wait for an answer (feeds, polling). */
export function workBudgetMs(context: Context | undefined, reserveMs = 30_000): number | undefined {
  const left = context?.getRemainingTimeInMillis?.();
  return typeof left === 'number' && Number.isFinite(left) ? Math.max(0, left - reserveMs) : undefined;
}

function throttleCounts(rt: AwsRuntime): Record<ApiSystem, number> {
  return { walmart: rt.marketplace.throttleCount(), peoplesoft: rt.erp.throttleCount() };
}
