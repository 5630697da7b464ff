/**
 * Powertools logger and metrics of the Lambda functions, one instance each per process (warm starts reuse
 * them), and the adapter that lets the use cases log through the `Log` port with secrets masked.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Redactor } from '../../shared/logging/index.ts';
import type { Log } from '../../shared/ports.ts';

/** Namespace used when the construct did not set `POWERTOOLS_METRICS_NAMESPACE`. */
const DEFAULT_METRIC_NAMESPACE = 'MlConnector';
const DEFAULT_SERVICE_NAME = 'ml-connector';

/** The process-wide Powertools logger (service from `POWERTOOLS_SERVICE_NAME`). */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
});

/** The process-wide Powertools metrics (EMF on stdout), flushed by the `logMetrics` middleware. */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? DEFAULT_METRIC_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
  // Its own notices (e.g. an invocation without metrics) become structured log lines like every other.
  logger,
});

/** Secret values learnt at run time (from Secrets Manager); masked wherever they would appear in a log line. */
export const redactor = new Redactor();

/**
 * The `Log` port over a Powertools logger. Fields and messages pass through the redactor first, so a
 * secret that slipped into an error message never reaches CloudWatch.
 *
 * @example const log = powertoolsLog(logger); log.info('orders polled', { lines: 12 });
 */
export function powertoolsLog(target: Logger = logger, guard: Redactor = redactor): Log {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => {
      const safe = fields === undefined ? {} : (guard.redactValue(fields) as Record<string, unknown>);
      target[level](guard.redactText(message), safe);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** Adds a count metric when it is not zero (zero counts only cost storage). */
export function count(name: string, value: number, target: Metrics = metrics): void {
  if (value > 0) target.addMetric(name, MetricUnit.Count, value);
}

/** Adds a count metric carrying one extra dimension (`Reason`, `System`), published at once on its own. */
export function countBy(
  name: string,
  dimension: string,
  dimensionValue: string,
  value: number,
  target: Metrics = metrics,
): void {
  if (value <= 0) return;
  const single = target.singleMetric();
  single.addDimension(dimension, dimensionValue);
  single.addMetric(name, MetricUnit.Count, value);
}
