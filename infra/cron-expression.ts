/**
 * Turns the Unix-style cron expressions of the config (`schedule.*`, the same ones the embedded runtime runs)
 * into EventBridge Scheduler expressions. Scheduler's cron has six fields (minutes hours day-of-month month
 * day-of-week year), counts days of the week from 1 = Sunday, and needs `?` in one of the two day fields.
 */
import { ConfigurationError } from '../shared/errors.ts';

/** A schedule the Scheduler cannot express, with the key to change and how. */
export class ScheduleExpressionError extends ConfigurationError {
  override readonly name = 'ScheduleExpressionError';
  constructor(
    readonly key: string,
    readonly expression: string,
    problem: string,
  ) {
    super(`${key}: "${expression}" ${problem}`);
  }
}

const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';

interface FieldRule {
  label: string;
  min: number;
  max: number;
  names?: string;
  /** Start of `*` when a step is given (`*\/15` becomes `0/15`). */
  stepStart: number;
}

const MINUTE: FieldRule = { label: 'minute', min: 0, max: 59, stepStart: 0 };
const HOUR: FieldRule = { label: 'hour', min: 0, max: 23, stepStart: 0 };
const DAY_OF_MONTH: FieldRule = { label: 'day of month', min: 1, max: 31, stepStart: 1 };
const MONTH: FieldRule = { label: 'month', min: 1, max: 12, names: MONTHS, stepStart: 1 };

/**
 * Converts a 5-field (`m h dom mon dow`) or 6-field (`s m h dom mon dow`, seconds first as the embedded
 * runtime reads it) cron expression to `cron(m h dom mon dow *)`. Expressions already written for the
 * Scheduler (`cron(…)`, `rate(…)`) pass through unchanged.
 *
 * @example toSchedulerExpression('*\/15 * * * *', 'schedule.orders') // 'cron(0/15 * * * ? *)'
 */
export function toSchedulerExpression(expression: string, key: string): string {
  const trimmed = expression.trim();
  if (/^(cron|rate)\(.+\)$/.test(trimmed)) return trimmed;
  const fields = trimmed.split(/\s+/);
  if (fields.length === 6) {
    const seconds = fields.shift() as string;
    if (seconds !== '0' && seconds !== '00') {
      throw new ScheduleExpressionError(
        key,
        expression,
        'runs at a second other than 0; EventBridge Scheduler runs at minute granularity. Use a 5-field expression.',
      );
    }
  }
  if (fields.length !== 5) {
    throw new ScheduleExpressionError(
      key,
      expression,
      'must be a cron expression with 5 fields (minute hour day-of-month month day-of-week), e.g. "*/15 * * * *".',
    );
  }
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const domOpen = dom === '*' || dom === '?';
  const dowOpen = dow === '*' || dow === '?';
  if (!domOpen && !dowOpen) {
    throw new ScheduleExpressionError(
      key,
      expression,
      'restricts both day of month and day of week; EventBridge Scheduler supports only one of them. Set the other to "*".',
    );
  }
  const parts = [
    convertField(minute, MINUTE, key, expression),
    convertField(hour, HOUR, key, expression),
    domOpen ? (dowOpen ? '*' : '?') : convertField(dom, DAY_OF_MONTH, key, expression),
    convertField(month, MONTH, key, expression),
    dowOpen ? '?' : convertDayOfWeek(dow, key, expression),
    '*',
  ];
  return `cron(${parts.join(' ')})`;
}

function convertField(field: string, rule: FieldRule, key: string, expression: string): string {
  if (field === '*' || field === '?') return '*';
  return field
    .split(',')
    .map((item) => {
      const m = new RegExp(
        `^(\\*|[0-9]+|${rule.names ?? '(?!)'})(?:-([0-9]+|${rule.names ?? '(?!)'}))?(?:/([0-9]+))?$`,
        'i',
      ).exec(item);
      if (!m) {
        throw new ScheduleExpressionError(key, expression, `has an invalid ${rule.label} field "${field}".`);
      }
      const [, start, end, step] = m as unknown as [string, string, string | undefined, string | undefined];
      for (const v of [start, end]) checkRange(v, rule, key, expression);
      if (step !== undefined && Number(step) < 1) {
        throw new ScheduleExpressionError(key, expression, `has a zero step in the ${rule.label} field.`);
      }
      const from = start === '*' ? (step ? String(rule.stepStart) : '*') : start.toUpperCase();
      return `${from}${end ? `-${end.toUpperCase()}` : ''}${step ? `/${step}` : ''}`;
    })
    .join(',');
}

function checkRange(value: string | undefined, rule: FieldRule, key: string, expression: string): void {
  if (value === undefined || value === '*' || !/^[0-9]+$/.test(value)) return;
  const n = Number(value);
  if (n < rule.min || n > rule.max) {
    throw new ScheduleExpressionError(
      key,
      expression,
      `has ${rule.label} ${n}, outside ${rule.min}–${rule.max}.`,
    );
  }
}

/** Unix counts Sunday as 0 (or 7); the Scheduler as 1. Names are the same in both. */
function convertDayOfWeek(field: string, key: string, expression: string): string {
  const shift = (v: string): string => {
    if (new RegExp(`^(${DAYS})$`, 'i').test(v)) return v.toUpperCase();
    if (!/^[0-7]$/.test(v)) {
      throw new ScheduleExpressionError(
        key,
        expression,
        `has an invalid day of week "${v}" (0–7 or SUN–SAT).`,
      );
    }
    return String((Number(v) % 7) + 1);
  };
  return field
    .split(',')
    .map((item) => {
      if (item.includes('/')) {
        throw new ScheduleExpressionError(
          key,
          expression,
          'uses a step in the day-of-week field, which EventBridge Scheduler does not support; list the days instead.',
        );
      }
      const nth = /^([^#L]+)(#[1-5L]|L)$/i.exec(item);
      if (nth) {
        const [, day, suffix] = nth as unknown as [string, string, string];
        return suffix.toUpperCase() === '#L' || suffix.toUpperCase() === 'L'
          ? `${shift(day)}L`
          : `${shift(day)}${suffix}`;
      }
      const range = item.split('-');
      if (range.length === 2) {
        const [a, b] = range as [string, string];
        if (a === '0' && b === '7') return '1-7';
        // A Unix range ending on Sunday as 7 (e.g. 5-7) wraps past Saturday in the Scheduler's numbering.
        if (b === '7') return `${shift(a)}-7,1`;
        return `${shift(a)}-${shift(b)}`;
      }
      if (range.length > 2) {
        throw new ScheduleExpressionError(key, expression, `has an invalid day of week "${item}".`);
      }
      return shift(item);
    })
    .join(',');
}
