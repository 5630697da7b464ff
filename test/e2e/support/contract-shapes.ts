/**
 * The output shapes contract §5 promises, as checks that name every missing, extra or mistyped field:
 * `sync --json` and the entries of `audit list --json`.
 */
import { LINE_STATUSES } from '../../../shared/domain/index.ts';

/** `sync --json`: every leaf is a count. */
const SYNC_SHAPE = {
  orders: { polled: 0, lines: 0 },
  receipts: { posted: 0, confirmed: 0 },
  adjustments: { posted: 0 },
  flagged: 0,
  skipped: 0,
  inventory: { pushed: 0, failed: 0 },
  apiCalls: { walmart: 0, peoplesoft: 0 },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function compareShape(expected: Record<string, unknown>, actual: unknown, path: string, out: string[]): void {
  if (!isObject(actual)) {
    out.push(`${path || 'the output'} is not an object`);
    return;
  }
  for (const key of Object.keys(actual))
    if (!(key in expected)) out.push(`${path}${key} is not in the contract`);
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    if (!(key in actual)) out.push(`${path}${key} is missing`);
    else if (isObject(want)) compareShape(want, got, `${path}${key}.`, out);
    else if (typeof got !== 'number' || !Number.isInteger(got) || got < 0) {
      out.push(`${path}${key} must be a count (a whole number ≥ 0), got ${JSON.stringify(got)}`);
    }
  }
}

/**
 * Problems with a `sync --json` object (empty when it has exactly the contract's shape plus the one added
 * field, `stageErrors`: a list of `{stage, error, message}`).
 */
export function syncShapeProblems(value: unknown): string[] {
  const out: string[] = [];
  if (!isObject(value)) return ['the output is not an object'];
  const { stageErrors, ...summary } = value;
  compareShape(SYNC_SHAPE, summary, '', out);
  if (!Array.isArray(stageErrors)) out.push('stageErrors is missing or not a list');
  else
    for (const [i, e] of stageErrors.entries()) {
      if (!isObject(e) || ['stage', 'error', 'message'].some((k) => typeof e[k] !== 'string'))
        out.push(`stageErrors[${i}] is not {stage, error, message}`);
    }
  return out;
}

/** The fields of an `audit list --json` entry, in the order the contract lists them. */
export const AUDIT_LIST_KEYS = [
  'purchaseOrderId',
  'lineNumber',
  'sku',
  'status',
  'reason',
  'detail',
  'poRef',
  'updatedAt',
] as const;
const STATUSES = new Set<string>(LINE_STATUSES);

/** Problems with an `audit list --json` document (empty when it is an array of contract entries). */
export function auditListProblems(value: unknown): string[] {
  if (!Array.isArray(value)) return ['audit list --json must print an array'];
  const out: string[] = [];
  value.forEach((e, i) => {
    const at = `entry ${i}`;
    if (!isObject(e)) {
      out.push(`${at} is not an object`);
      return;
    }
    const keys = Object.keys(e).sort();
    if (keys.join() !== [...AUDIT_LIST_KEYS].sort().join()) out.push(`${at} has keys ${keys.join(', ')}`);
    for (const k of ['purchaseOrderId', 'lineNumber', 'sku'] as const) {
      if (typeof e[k] !== 'string' || e[k] === '') out.push(`${at}.${k} must be a non-empty string`);
    }
    if (typeof e.status !== 'string' || !STATUSES.has(e.status))
      out.push(`${at}.status ${String(e.status)} is no state`);
    for (const k of ['reason', 'detail', 'poRef'] as const) {
      if (e[k] !== null && typeof e[k] !== 'string') out.push(`${at}.${k} must be a string or null`);
    }
    if (typeof e.updatedAt !== 'string' || Number.isNaN(Date.parse(e.updatedAt))) {
      out.push(`${at}.updatedAt must be an ISO date-time string`);
    }
  });
  return out;
}
