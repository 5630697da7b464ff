import type { LineRecord } from './audit-record.ts';
import type { Actor } from './line-state.ts';

/** One state change of a line: the next record and what the audit entry says about it. */
export interface LineChange {
  next: LineRecord;
  actor: Actor;
  detail: string;
  /** Reason shown on the entry; defaults to the record's reason when it is flagged or skipped. */
  reason?: string;
  /** References and API error details (never a secret). */
  data?: Record<string, unknown>;
}
