/**
 * The custom CloudWatch metrics the functions publish (Powertools Metrics, embedded metric format) and the
 * dashboard and alarms read. The names are defined once, in `functions/runtime/metric-names.ts`, which the functions
 * use. Powertools adds a `service` dimension to every metric; the dashboard uses SEARCH and the alarms use
 * Metrics Insights queries, so both match whatever dimensions a metric carries.
 */
export {
  METRIC as METRICS,
  METRIC_DIMENSION as METRIC_DIMENSIONS,
} from '../functions/runtime/index.ts';

export const METRIC_NAMESPACE = 'MlConnector';

/** Value of `POWERTOOLS_SERVICE_NAME` and thus of the `service` dimension. */
export const SERVICE_NAME = 'ml-connector';
