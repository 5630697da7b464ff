/**
 * The one distinction every entry point draws between errors: a `SetupError` means nothing ran and the
 * operator must fix the setup or the request first (the CLI exits 2); any other error is a stage that
 * failed (exit 3). Classifiers use `instanceof SetupError`, never a class name, so renaming an error cannot
 * change an exit code.
 */

/** Nothing ran: credentials, master key, store file, client settings, or a request that cannot be taken. */
export class SetupError extends Error {
  readonly exitClass = 'setup' as const;
}
