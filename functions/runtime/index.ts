/** The Lambda wiring: the AWS runtime's composition, middy and Powertools, the metric names. */
export { awsRuntime, resetAwsRuntime } from './aws-runtime.ts';
export { lambdaHandler, noteApiError, runStage, workBudgetMs } from './lambda-kit.ts';
export type { ScheduledEvent } from './lambda-kit.ts';
export { METRIC, METRIC_DIMENSION } from './metric-names.ts';
export { count } from './powertools.ts';
