/** Errors of the embedded SQLite store: each names the file, record or field and says how to fix it. */
import { StoreError } from '../errors.ts';

/** The store file could not be opened or is not an ml-connector store. */
export class StoreOpenError extends StoreError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'StoreOpenError';
  constructor(
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The file was written by a newer ml-connector whose schema this version does not know. */
export class SchemaTooNewError extends StoreError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'SchemaTooNewError';
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `${path} has schema version ${fileVersion} but this ml-connector knows only up to ${knownVersion}; ` +
        'upgrade ml-connector (or point store.path at another file)',
    );
  }
}

/** A line record or audit entry handed to the audit trail is missing a field or has a wrong type. */
export class InvalidLineRecordError extends StoreError {
  override readonly name = 'InvalidLineRecordError';
  constructor(
    readonly key: string,
    readonly field: string,
    problem: string,
  ) {
    super(`order line ${key}: field "${field}" ${problem}`);
  }
}

/** A work item handed to the queue has an empty or non-string key or group. */
export class InvalidWorkItemError extends StoreError {
  override readonly name = 'InvalidWorkItemError';
  constructor(
    readonly index: number,
    readonly field: string,
    problem: string,
  ) {
    super(`work item #${index}: field "${field}" ${problem}; nothing was queued`);
  }
}
