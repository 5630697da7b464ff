import type { LineStatus } from '../domain/index.ts';

/** Per-key outcome: `ok` keys are done with (delete the message); `failed` keys are retried or dead-lettered. */
export interface KeyResult {
  key: string;
  ok: boolean;
  status?: LineStatus;
  error?: string;
  /** Not worked because another worker holds the line's item: put it back, it did not fail. */
  busy?: true;
}

/**
 * What became of each key of a batch as its steps run: the status it reached, or why it failed. A key that
 * failed stays failed (a later step skips it); the first reason is the one reported.
 */
export class KeyOutcomes {
  readonly #failed = new Map<string, string>();
  readonly #busy = new Set<string>();
  readonly #status = new Map<string, LineStatus>();

  fail(key: string, why: string, busy = false): void {
    if (!this.#failed.has(key)) this.#failed.set(key, why);
    if (busy) this.#busy.add(key);
  }

  reached(key: string, status: LineStatus): void {
    this.#status.set(key, status);
  }

  hasFailed(key: string): boolean {
    return this.#failed.has(key);
  }

  get failedCount(): number {
    return this.#failed.size;
  }

  /** One result per key, in the order given. */
  results(keys: readonly string[]): KeyResult[] {
    return keys.map((key) =>
      this.#failed.has(key)
        ? {
            key,
            ok: false,
            error: this.#failed.get(key),
            ...(this.#busy.has(key) ? { busy: true as const } : {}),
          }
        : { key, ok: true, status: this.#status.get(key) },
    );
  }
}
