import type { LineStatus } from './line-state.ts';

/**
 * Where a line may go from each state. Updates that keep the status (a write settling, an acknowledgement)
 * are always allowed; everything else must be listed here.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<LineStatus, readonly LineStatus[]>> = {
  RECEIVED: ['MATCHED', 'FLAGGED', 'SKIPPED'],
  MATCHED: ['POSTED', 'IN_DOUBT', 'FLAGGED'],
  POSTED: ['RECEIPTED', 'FLAGGED'],
  // Back to RECEIVED only when the receipt-status query proved the post never arrived.
  IN_DOUBT: ['POSTED', 'RECEIPTED', 'FLAGGED', 'RECEIVED'],
  // A resolved flag re-enters the flow; a receipt flagged as not loaded may still load late.
  FLAGGED: ['RECEIVED', 'SKIPPED', 'RECEIPTED'],
  // A cancellation that arrives after the receipt is flagged, never reversed.
  RECEIPTED: ['FLAGGED'],
  SKIPPED: [],
};

/** States a line may be created in. */
const INITIAL_STATUSES: ReadonlySet<LineStatus> = new Set(['RECEIVED', 'FLAGGED', 'SKIPPED']);

/** An attempt to move a line between two states the state machine does not connect. */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly key: string,
    readonly from: LineStatus | undefined,
    readonly to: LineStatus,
  ) {
    super(
      from === undefined
        ? `order line ${key} cannot start in state ${to}; a new line starts as ${[...INITIAL_STATUSES].join(', ')}`
        : `order line ${key} cannot move from ${from} to ${to}; allowed from ${from}: ${
            ALLOWED_TRANSITIONS[from].join(', ') || 'none (terminal)'
          }`,
    );
  }
}

/** True when a line in `from` may be updated to `to` (same state included). */
export function canTransition(from: LineStatus, to: LineStatus): boolean {
  return from === to || ALLOWED_TRANSITIONS[from].includes(to);
}

/** Throws IllegalTransitionError unless the move is allowed; `from` undefined checks a new line's state. */
export function assertTransition(key: string, from: LineStatus | undefined, to: LineStatus): void {
  const ok = from === undefined ? INITIAL_STATUSES.has(to) : canTransition(from, to);
  if (!ok) throw new IllegalTransitionError(key, from, to);
}
