/**
 * The sandbox's own reading and writing of PeopleSoft site date-times, kept apart from the client's
 * conversion so that a mistake in one is caught by tests against the other.
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function parts(epochMs: number, timeZone: string): number[] {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    cache.set(timeZone, f);
  }
  const byType = new Map<string, number>(
    f.formatToParts(new Date(epochMs)).map((p) => [p.type, Number(p.value)]),
  );
  return ['year', 'month', 'day', 'hour', 'minute', 'second'].map((t) => byType.get(t) ?? 0);
}

const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');

/** Epoch ms → `YYYY-MM-DDTHH:MM:SS` on the site's wall clock. */
export function siteDateTime(epochMs: number, timeZone: string): string {
  const [y, mo, d, h, mi, s] = parts(epochMs, timeZone);
  return `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two((h ?? 0) % 24)}:${two(mi)}:${two(s)}`;
}

/** Epoch ms → the site's date `YYYY-MM-DD`. */
export function siteDate(epochMs: number, timeZone: string): string {
  return siteDateTime(epochMs, timeZone).slice(0, 10);
}

/** True for a date-time `YYYY-MM-DDTHH:MM:SS` with a real date and time. */
export function isDateTime(text: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  return !!m && isDate(m[1] ?? '') && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60;
}

/**
 * `YYYY-MM-DDTHH:MM:SS` (site wall clock) → epoch ms, by fixed-point iteration on the zone offset;
 * undefined when the text is not a date-time. Used by tests and mutators that take site times.
 */
export function parseSiteDateTime(text: string, timeZone: string): number | undefined {
  if (!isDateTime(text)) return undefined;
  const [y, mo, d, h, mi, s] = text.split(/[-T:]/).map(Number);
  const wall = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  let guess = wall;
  for (let i = 0; i < 4; i++) {
    const [py, pmo, pd, ph, pmi, ps] = parts(guess, timeZone);
    const shownAsUtc = Date.UTC(py ?? 0, (pmo ?? 1) - 1, pd ?? 1, (ph ?? 0) % 24, pmi ?? 0, ps ?? 0);
    const next = guess + (wall - shownAsUtc);
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

/** True for a calendar date `YYYY-MM-DD`. */
export function isDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}
