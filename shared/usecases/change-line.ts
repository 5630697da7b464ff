import { InputError, StoreError } from '../errors.ts';
import {
  assertTransition,
  type AuditEntry,
  type LineChange,
  type LineRecord,
  redactSecrets,
} from '../domain/index.ts';
import type { AuditTrail, Clock } from '../ports.ts';

export type { LineChange };

/** An order line key the audit trail does not know. */
export class UnknownLineError extends InputError {
  override readonly name = 'UnknownLineError';
  constructor(readonly key: string) {
    super(
      `order line ${key} is not in the audit trail; check the key (PURCHASE_ORDER_ID#LINE_NUMBER) with "audit list"`,
    );
  }
}

/** Other writers kept changing the line faster than this one could decide. */
export class ConcurrentUpdateError extends StoreError {
  override readonly name = 'ConcurrentUpdateError';
  constructor(
    readonly key: string,
    attempts: number,
  ) {
    super(`order line ${key} changed ${attempts} times while being updated; it is retried with the next run`);
  }
}

const redactDeep = (v: unknown): unknown => {
  if (typeof v === 'string') return redactSecrets(v);
  if (Array.isArray(v)) return v.map(redactDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactDeep(x)]));
  return v;
};

function entryFor(current: LineRecord | undefined, change: LineChange, at: number): AuditEntry {
  const { next } = change;
  const reason =
    change.reason ?? (next.status === 'FLAGGED' || next.status === 'SKIPPED' ? next.reason : undefined);
  return {
    key: next.key,
    purchaseOrderId: next.purchaseOrderId,
    lineNumber: next.lineNumber,
    at,
    actor: change.actor,
    ...(current ? { from: current.status } : {}),
    to: next.status,
    ...(reason ? { reason } : {}),
    detail: redactSecrets(change.detail),
    ...(change.data ? { data: redactDeep(change.data) as Record<string, unknown> } : {}),
  };
}

/**
 * Applies one state change with exactly one audit entry, conditional on the version it was decided on.
 * On a lost race it re-reads the line and asks `decide` again — it never overwrites a newer state.
 * `decide` returns undefined when there is nothing (left) to do. Checks the state machine.
 */
export async function changeLine(
  deps: { audit: AuditTrail; clock: Clock },
  start: LineRecord | string,
  decide: (current: LineRecord) => LineChange | undefined,
  maxAttempts = 5,
): Promise<{ record: LineRecord; change?: LineChange }> {
  const key = typeof start === 'string' ? start : start.key;
  let current = typeof start === 'string' ? await deps.audit.get(key) : start;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    if (!current) throw new UnknownLineError(key);
    const change = decide(current);
    if (!change) return { record: current };
    assertTransition(key, current.status, change.next.status);
    const now = deps.clock.now();
    const next: LineRecord = {
      ...change.next,
      detail: change.next.detail === undefined ? undefined : redactSecrets(change.next.detail),
      updatedAt: now,
      version: current.version + 1,
    };
    const stored = await deps.audit.update(
      next,
      current.version,
      entryFor(current, { ...change, next }, now),
    );
    if (stored) return { record: stored, change };
    current = await deps.audit.get(key);
  }
  throw new ConcurrentUpdateError(key, maxAttempts);
}

/** Creates a line with its first audit entry; false when the key exists (polling twice is a no-op). */
export async function createLine(
  deps: { audit: AuditTrail; clock: Clock },
  change: LineChange,
): Promise<boolean> {
  assertTransition(change.next.key, undefined, change.next.status);
  const now = deps.clock.now();
  const record: LineRecord = { ...change.next, createdAt: now, updatedAt: now, version: 1 };
  return deps.audit.create(record, entryFor(undefined, { ...change, next: record }, now));
}
