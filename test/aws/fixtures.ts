/** Small builders of line records and audit entries for the AWS adapter tests. */
import type { AuditEntry, LineRecord, LineStatus } from '../../shared/domain/index.ts';
import { sampleLineRecord } from '../contracts/audit-trail.contract.ts';

/** A RECEIVED line of order `po`, line `n`, ordered, created and updated at `at`. */
export function lineRecord(
  po: string,
  n: string,
  at: number,
  overrides: Partial<LineRecord> = {},
): LineRecord {
  return sampleLineRecord(po, n, { orderDate: at, createdAt: at, updatedAt: at, ...overrides });
}

/** The entry that records `record` reaching `to`. */
export function entryFor(record: LineRecord, to: LineStatus, at: number, from?: LineStatus): AuditEntry {
  return {
    key: record.key,
    purchaseOrderId: record.purchaseOrderId,
    lineNumber: record.lineNumber,
    at,
    actor: to === 'RECEIVED' ? 'poll' : 'match',
    from,
    to,
    detail: `line ${record.key} is ${to}`,
  };
}
