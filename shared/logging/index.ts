/** Structured logging with secrets redacted. */
export { JsonLog, fileSink, memorySink, stderrSink } from './json-log.ts';
export type { LogSink, LogThreshold } from './json-log.ts';
export { Redactor } from './redactor.ts';
