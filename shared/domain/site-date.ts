const DAY_MS = 86_400_000;

/** The calendar date `YYYY-MM-DD` of an instant in a site time zone (PeopleSoft dates are site dates). */
export function siteDate(epochMs: number, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(epochMs));
}

/** The site date `days` days before the instant. */
export function siteDateDaysBefore(epochMs: number, days: number, timeZone: string): string {
  return siteDate(epochMs - days * DAY_MS, timeZone);
}
