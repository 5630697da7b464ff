/**
 * PeopleSoft dates (`YYYY-MM-DD`) and date-times (`YYYY-MM-DDTHH:MM:SS`, wall-clock time of the site's
 * time zone) read back into epoch ms for any IANA zone, with Intl only. Writing them is the domain's
 * `siteDateTime`/`siteDate`.
 */
import { siteDateTime } from '../domain/index.ts';

/** Offset of the zone from UTC at an instant, ms (positive east of Greenwich). */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return Date.parse(`${siteDateTime(whole, timeZone)}Z`) - whole;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

// PeopleSoft renders date-times as `2025-01-14T10:22:33`, sometimes with a space, fractional seconds,
// or its internal `2025-01-14-10.22.33.000000` form.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T -](\d{2})[:.](\d{2})(?:[:.](\d{2})(?:\.(\d{1,6}))?)?$/;

/**
 * Parses a site date-time into its normalised text `YYYY-MM-DDTHH:MM:SS` and epoch ms.
 * A wall-clock time that occurs twice (clocks going back) is the earlier instant; one skipped by a
 * forward change is moved forward by the gap. Returns undefined when the text is not a valid date-time.
 */
export function parseSiteDateTime(
  text: string,
  timeZone: string,
): { text: string; epochMs: number } | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = Number(m[6] ?? '0');
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined
  ) {
    return undefined;
  }
  if (!isValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const epochMs = localToEpoch(local, timeZone);
  const normalised = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
  return { text: normalised, epochMs };
}

/** Wall-clock ms (as if UTC) in `timeZone` → epoch ms. */
function localToEpoch(local: number, timeZone: string): number {
  const DAY = 86_400_000;
  const before = zoneOffsetMs(local - DAY, timeZone);
  const after = zoneOffsetMs(local + DAY, timeZone);
  const candidates = [local - before, local - after].filter((t) => zoneOffsetMs(t, timeZone) === local - t);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the offset from before the change lands after it, i.e. the time moves forward by the gap.
  return local - before;
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isSiteDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return !!m && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** True for a real date and time written exactly `YYYY-MM-DDTHH:MM:SS` (the form query prompts take). */
export function isSiteDateTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text) && parseSiteDateTime(text, 'UTC') !== undefined;
}

/** Adds (or subtracts) whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
