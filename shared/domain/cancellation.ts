import type { LineRecord } from './audit-record.ts';
import { mayExistInErp } from './write-progress.ts';

/**
 * What a Walmart cancellation means for a line already recorded:
 * - `flag`: a receipt or adjustment is (or may be) in PeopleSoft → `CANCELLED_AFTER_RECEIPT`, no reversal;
 * - `skip`: nothing reached PeopleSoft → `SKIPPED` (`CANCELLED`);
 * - `none`: already settled as cancelled or skipped.
 */
export function cancellationOutcome(r: LineRecord): 'flag' | 'skip' | 'none' {
  if (r.status === 'SKIPPED') return 'none';
  if (r.status === 'FLAGGED' && r.reason === 'CANCELLED_AFTER_RECEIPT') return 'none';
  if (mayExistInErp(r.receipt) || mayExistInErp(r.adjustment)) return 'flag';
  return 'skip';
}

/** The writes a cancelled line already has in PeopleSoft, named for the flag sentence. */
export function writesInErp(r: LineRecord): string[] {
  const out: string[] = [];
  if (mayExistInErp(r.receipt)) out.push(`receipt ${r.receipt!.reference} (${r.receipt!.state})`);
  if (mayExistInErp(r.adjustment)) out.push(`adjustment ${r.adjustment!.reference} (${r.adjustment!.state})`);
  return out;
}
