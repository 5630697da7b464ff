/**
 * One row of an ExecuteQuery JSON answer, read by field name whatever the key style: bare (`PO_ID`) or
 * alias-prefixed (`A.PO_ID`). Values are coerced per field; a value that does not fit throws
 * RowFieldError, which the query turns into an InvalidRow report.
 */
import { PeopleSoftError } from '../errors.ts';
import { isSiteDate, parseSiteDateTime } from './site-time.ts';

/** A field of a row that cannot be used; caught per row, never escapes a query. */
export class RowFieldError extends PeopleSoftError {
  override readonly name = 'RowFieldError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class QasRow {
  /** `attr:rownumber` of the row, else its position in the answer (1-based). */
  readonly rowNumber: number;
  /** Every column as PeopleSoft named it (`PO_ID`, `A.PO_ID`, `B.DESCR` and `E.DESCR` side by side). */
  private readonly columns = new Map<string, unknown>();
  /** Bare field name → the value it stands for: the bare column, else the first aliased one. */
  private readonly fields = new Map<string, unknown>();

  constructor(raw: Record<string, unknown>, position: number) {
    const n = Number(raw['attr:rownumber']);
    this.rowNumber = Number.isInteger(n) && n > 0 ? n : position;
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'attr:rownumber') continue;
      this.columns.set(key, value);
      const bare = bareName(key);
      // A bare key wins over an aliased one of the same field; among aliases the first one wins.
      if (!this.fields.has(bare) || bare === key) this.fields.set(bare, value);
    }
  }

  /**
   * The raw value of a field: `FIELD` (the bare column, else the first record's), or one record's column
   * exactly (`E.DESCR` when a query selects `DESCR` from two records); undefined when absent.
   */
  value(field: string): unknown {
    return this.columns.has(field) ? this.columns.get(field) : this.fields.get(field);
  }

  /**
   * A stable text of the whole row, for de-duplicating rows read twice: every field by its bare name (so the
   * key style does not matter), plus each record's column of a field that two records share.
   */
  identity(): string {
    const shared = new Map<string, number>();
    for (const key of this.columns.keys()) shared.set(bareName(key), (shared.get(bareName(key)) ?? 0) + 1);
    const parts = new Map(this.fields);
    for (const [key, value] of this.columns) if ((shared.get(bareName(key)) ?? 0) > 1) parts.set(key, value);
    return JSON.stringify([...parts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

/** `E.DESCR` → `DESCR`; a bare key stays as it is. */
function bareName(key: string): string {
  return key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : key;
}

/** True when PeopleSoft left the field empty (missing, null, or blank text). */
function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** Text of a required field (numbers are accepted and written out). */
export function requiredText(row: QasRow, field: string): string {
  const v = optionalText(row, field);
  if (v === undefined) throw new RowFieldError(field, `${field} is empty`);
  return v;
}

/** Text of an optional field, trimmed; undefined when blank. */
export function optionalText(row: QasRow, field: string): string | undefined {
  const v = row.value(field);
  if (isBlank(v)) return undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new RowFieldError(field, `${field} is ${show(v)}, expected text`);
}

interface NumberRule {
  integer?: boolean;
  min?: number;
}

/** A required number: JSON numbers and numeric text such as `"40.0000"` are accepted. */
export function requiredNumber(row: QasRow, field: string, rule: NumberRule = {}): number {
  const n = optionalNumber(row, field, rule);
  if (n === undefined) throw new RowFieldError(field, `${field} is empty, expected a number`);
  return n;
}

/** An optional number; undefined when blank. */
export function optionalNumber(row: QasRow, field: string, rule: NumberRule = {}): number | undefined {
  const v = row.value(field);
  if (isBlank(v)) return undefined;
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v.trim())) n = Number(v.trim());
  else throw new RowFieldError(field, `${field} is ${show(v)}, expected a number`);
  if (!Number.isFinite(n)) throw new RowFieldError(field, `${field} is ${show(v)}, expected a finite number`);
  if (rule.integer && !Number.isInteger(n)) {
    throw new RowFieldError(field, `${field} is ${show(v)}, expected a whole number`);
  }
  if (rule.min !== undefined && n < rule.min) {
    throw new RowFieldError(field, `${field} is ${show(v)}, expected at least ${rule.min}`);
  }
  return n;
}

/** A required date `YYYY-MM-DD` (a date-time at midnight is accepted and cut to its date). */
export function requiredDate(row: QasRow, field: string): string {
  const v = optionalText(row, field);
  if (v === undefined) throw new RowFieldError(field, `${field} is empty, expected a date YYYY-MM-DD`);
  const date = /^\d{4}-\d{2}-\d{2}([T ]00[:.]00([:.]00(\.0+)?)?)?$/.test(v) ? v.slice(0, 10) : v;
  if (!isSiteDate(date)) throw new RowFieldError(field, `${field} is ${show(v)}, expected a date YYYY-MM-DD`);
  return date;
}

/** A required site date-time, returned as normalised text and epoch ms. */
export function requiredDateTime(
  row: QasRow,
  field: string,
  timeZone: string,
): { text: string; epochMs: number } {
  const v = optionalText(row, field);
  if (v === undefined) {
    throw new RowFieldError(field, `${field} is empty, expected a date-time YYYY-MM-DDTHH:MM:SS`);
  }
  const parsed = parseSiteDateTime(v, timeZone);
  if (!parsed)
    throw new RowFieldError(field, `${field} is ${show(v)}, expected a date-time YYYY-MM-DDTHH:MM:SS`);
  return parsed;
}
