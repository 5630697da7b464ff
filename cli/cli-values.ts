/** Validation of option values: each mistake is a UsageError that says what a valid value looks like. */
import { FLAG_REASONS, LINE_STATUSES, type LineStatus } from '../shared/domain/index.ts';
import { UsageError } from './cli-errors.ts';

const SKIP_REASONS = ['CANCELLED', 'NOT_ACTIONABLE', 'RESOLVED_SKIP'];

/** A line status, case-insensitive. */
export function parseStatus(value: string, command: string): LineStatus {
  const v = value.trim().toUpperCase().replace(/-/g, '_');
  if ((LINE_STATUSES as readonly string[]).includes(v)) return v as LineStatus;
  throw new UsageError(
    `--status "${value}" is not a line status; use one of ${LINE_STATUSES.join(', ')}`,
    command,
  );
}

/** A flag or skip reason code, case-insensitive. */
export function parseReason(value: string, command: string): string {
  const v = value.trim().toUpperCase().replace(/-/g, '_');
  if ([...FLAG_REASONS, ...SKIP_REASONS].includes(v)) return v;
  throw new UsageError(
    `--reason "${value}" is not a reason code; use one of ${[...FLAG_REASONS, ...SKIP_REASONS].join(', ')}`,
    command,
  );
}

/**
 * A point in time: `YYYY-MM-DD` (midnight UTC), a full ISO-8601 date-time, or an age such as `30m`, `12h`,
 * `7d` before now. Returns epoch ms.
 */
export function parseSince(value: string, now: number, command: string, flag = '--since'): number {
  const v = value.trim();
  const rel = /^(\d+)\s*(m|h|d|w)$/i.exec(v);
  if (rel) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[rel[2]!.toLowerCase() as 'm'];
    return now - Number(rel[1]) * unit;
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    const t = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v.replace(' ', 'T'));
    if (!Number.isNaN(t)) return t;
  }
  throw new UsageError(
    `${flag} "${value}" is not a date; use YYYY-MM-DD, an ISO date-time, or an age like 12h or 7d`,
    command,
  );
}

/** A whole number ≥ `min`. */
export function parseWholeNumber(value: string, flag: string, min: number, command: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} "${value}" must be a whole number ≥ ${min}`, command);
  return n;
}

/** The string value of an option, if given. */
export function stringOption(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
