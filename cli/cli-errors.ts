import { InputError } from '../shared/errors.ts';

/** Exit codes of every `ml-connector` command (docs/operations.md lists them for operators). */
export const EXIT = {
  /** Everything ran. */
  OK: 0,
  /** The command ran and found something that needs a person: a disagreement, or flags when asked. */
  ATTENTION: 1,
  /** Bad command line or configuration (including credentials): nothing ran. */
  USAGE: 2,
  /** A stage failed: a system was unreachable, refused us, or answered something we could not use. */
  FAILED: 3,
} as const;

/** The command line is wrong: unknown command or flag, missing argument. Exit 2. */
export class UsageError extends InputError {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose usage to show (`audit list`), if known. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** A stage of a cycle failed (the system answered badly or not at all). Exit 3. */
export class StageFailedError extends Error {
  override readonly name = 'StageFailedError';
  constructor(
    readonly stage: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
