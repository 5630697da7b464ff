/**
 * The error family of ml-connector. Every error raised at a boundary extends `ConnectorError` through the
 * base of its boundary (Walmart, PeopleSoft, the store, the configuration, the operator's input) and carries:
 * - `system`: which boundary it came from (metrics count API errors by it);
 * - `exitClass`: `setup` when nothing ran and the operator must fix the setup or the request first (the CLI
 *   exits 2), `failure` when a stage failed (exit 3);
 * - `fault`, where known: `unreachable` (no answer) or `credentials` (refused), which decides the hint shown.
 * Classifiers read these fields or use `instanceof`, never a class name, so renaming a class changes nothing.
 */

/** The boundary an error came from. */
export type ErrorSystem = 'walmart' | 'peoplesoft' | 'store' | 'config' | 'input';

/** `setup`: fix the setup or the request first (nothing ran). `failure`: a stage failed; retry after a fix. */
type ExitClass = 'setup' | 'failure';

/** What kind of trouble, where the remedy depends on it. */
export type ErrorFault = 'unreachable' | 'credentials';

interface ConnectorErrorOptions {
  cause?: unknown;
}

/** The base of every error ml-connector raises on purpose. */
export abstract class ConnectorError extends Error {
  abstract readonly system: ErrorSystem;
  readonly exitClass: ExitClass = 'failure';
  readonly fault: ErrorFault | undefined = undefined;

  constructor(message: string, options?: ConnectorErrorOptions) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
  }
}

/** A Walmart Marketplace API call failed or answered something unusable. */
export abstract class WalmartError extends ConnectorError {
  readonly system = 'walmart' as const;
}

/** A PeopleSoft call (Query Access Services, Integration Broker, the token endpoint) failed. */
export abstract class PeopleSoftError extends ConnectorError {
  readonly system = 'peoplesoft' as const;
}

/** The store (SQLite file, DynamoDB, SQS, the secret stores) refused, failed or holds something unusable. */
export abstract class StoreError extends ConnectorError {
  readonly system = 'store' as const;
}

/** The configuration, the environment or the deployment settings are wrong. */
export abstract class ConfigurationError extends ConnectorError {
  readonly system = 'config' as const;
  override readonly exitClass: ExitClass = 'setup';
}

/** The operator asked for something that cannot be done (an unknown line, a refused decision). */
export abstract class InputError extends ConnectorError {
  readonly system = 'input' as const;
  override readonly exitClass: ExitClass = 'setup';
}

/** The errors of `e` and its causes, outermost first (at most 5 deep). */
function* causes(e: unknown): Generator<unknown> {
  for (let cur = e, depth = 0; cur && depth < 5; depth++) {
    yield cur;
    cur = (cur as { cause?: unknown }).cause;
  }
}

/** The boundary `e` (or the first of its causes that is one of ours) came from. */
export function systemOf(e: unknown): ErrorSystem | undefined {
  for (const c of causes(e)) if (c instanceof ConnectorError) return c.system;
  return undefined;
}

/** `setup` when `e` means the setup or the request must be fixed first; anything else is a `failure`. */
export function exitClassOf(e: unknown): ExitClass {
  return e instanceof ConnectorError ? e.exitClass : 'failure';
}

/** The fault of `e` or of the first of its causes that has one. */
export function faultOf(e: unknown): ErrorFault | undefined {
  for (const c of causes(e)) if (c instanceof ConnectorError && c.fault) return c.fault;
  return undefined;
}
