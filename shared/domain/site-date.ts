/**
 * Site wall-clock time: PeopleSoft dates (`YYYY-MM-DD`) and date-times (`YYYY-MM-DDTHH:MM:SS`) are the site
 * time zone's, not UTC. Converted from epoch ms for any IANA zone, with Intl only.
 */
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone Intl knows: an IANA name such as `America/Chicago`, or `UTC`. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock date-time `YYYY-MM-DDTHH:MM:SS` of an instant in a site time zone (seconds truncated). */
export function siteDateTime(epochMs: number, timeZone: string): string {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour % 24)}:${pad(minute)}:${pad(second)}`;
}

/** The calendar date `YYYY-MM-DD` of an instant in a site time zone (PeopleSoft dates are site dates). */
export function siteDate(epochMs: number, timeZone: string): string {
  return siteDateTime(epochMs, timeZone).slice(0, 10);
}

/** The site date `days` days before the instant. */
export function siteDateDaysBefore(epochMs: number, days: number, timeZone: string): string {
  return siteDate(epochMs - days * DAY_MS, timeZone);
}
