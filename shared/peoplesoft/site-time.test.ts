import { describe, expect, it } from 'vitest';
import { siteDate, siteDateTime } from '../domain/index.ts';
import {
  addDays,
  daysBetween,
  isSiteDate,
  isSiteDateTime,
  parseSiteDateTime,
  zoneOffsetMs,
} from './site-time.ts';

const utc = (s: string) => Date.parse(`${s}Z`);

/** An independent reading of the wall clock (Swedish dates are written YYYY-MM-DD HH:MM:SS). */
const referenceWallClock = (epochMs: number, timeZone: string) =>
  new Date(epochMs).toLocaleString('sv-SE', { timeZone, hourCycle: 'h23' }).replace(' ', 'T');

describe('site time', () => {
  it('formats and parses UTC', () => {
    expect(siteDateTime(utc('2026-01-15T12:34:56.789'), 'UTC')).toBe('2026-01-15T12:34:56');
    expect(parseSiteDateTime('2026-01-15T12:34:56', 'UTC')).toEqual({
      text: '2026-01-15T12:34:56',
      epochMs: utc('2026-01-15T12:34:56'),
    });
  });

  it.each([
    ['America/Chicago', '2026-01-15T06:00:00', '2026-01-15T12:00:00'],
    ['America/Chicago', '2026-07-15T07:00:00', '2026-07-15T12:00:00'],
    ['Asia/Kolkata', '2026-01-15T17:30:00', '2026-01-15T12:00:00'],
    ['Asia/Kathmandu', '2026-01-15T17:45:00', '2026-01-15T12:00:00'],
    ['Pacific/Chatham', '2026-01-16T01:45:00', '2026-01-15T12:00:00'],
    ['Australia/Lord_Howe', '2026-01-15T23:00:00', '2026-01-15T12:00:00'],
    ['Europe/London', '2026-06-01T13:00:00', '2026-06-01T12:00:00'],
  ])('converts %s wall time %s to %s UTC and back', (zone, local, utcText) => {
    expect(parseSiteDateTime(local, zone)?.epochMs).toBe(utc(utcText));
    expect(siteDateTime(utc(utcText), zone)).toBe(local);
  });

  it('crosses midnight into the site date', () => {
    expect(siteDate(utc('2026-01-15T03:00:00'), 'America/Los_Angeles')).toBe('2026-01-14');
    expect(siteDate(utc('2026-01-15T20:00:00'), 'Asia/Tokyo')).toBe('2026-01-16');
  });

  it('takes the earlier instant of a repeated hour (clocks going back)', () => {
    // 2026-11-01 01:30 happens twice in Chicago: 06:30Z (CDT) and 07:30Z (CST).
    expect(parseSiteDateTime('2026-11-01T01:30:00', 'America/Chicago')?.epochMs).toBe(
      utc('2026-11-01T06:30:00'),
    );
    expect(siteDateTime(utc('2026-11-01T07:30:00'), 'America/Chicago')).toBe('2026-11-01T01:30:00');
  });

  it('moves a skipped time forward by the gap (clocks going forward)', () => {
    // 2026-03-08 02:30 does not exist in Chicago; it is read as 03:30 CDT.
    const t = parseSiteDateTime('2026-03-08T02:30:00', 'America/Chicago')?.epochMs ?? 0;
    expect(t).toBe(utc('2026-03-08T08:30:00'));
    expect(siteDateTime(t, 'America/Chicago')).toBe('2026-03-08T03:30:00');
    expect(parseSiteDateTime('2026-03-08T01:59:59', 'America/Chicago')?.epochMs).toBe(
      utc('2026-03-08T07:59:59'),
    );
    expect(parseSiteDateTime('2026-03-08T03:00:00', 'America/Chicago')?.epochMs).toBe(
      utc('2026-03-08T08:00:00'),
    );
  });

  it('round-trips every hour of a year in several zones and agrees with an independent reading', () => {
    for (const zone of ['America/Chicago', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata']) {
      for (let t = utc('2026-01-01T00:00:00'); t < utc('2027-01-01T00:00:00'); t += 11 * 3_600_000 + 17_000) {
        const text = siteDateTime(t, zone);
        expect(text).toBe(referenceWallClock(t, zone));
        const back = parseSiteDateTime(text, zone)?.epochMs ?? Number.NaN;
        // Near an offset change a wall time may be repeated or skipped; everything else round-trips.
        const offsets = [t - 3_600_000, t, t + 3_600_000].map((x) => zoneOffsetMs(x, zone));
        const offsetChange = new Set(offsets).size > 1;
        if (!offsetChange) expect(back).toBe(Math.floor(t / 1000) * 1000);
        if (!offsetChange)
          expect(zoneOffsetMs(t, zone)).toBe(utc(referenceWallClock(t, zone)) - Math.floor(t / 1000) * 1000);
      }
    }
  });

  it('accepts PeopleSoft variants and rejects bad date-times', () => {
    expect(parseSiteDateTime('2026-01-15 12:34:56', 'UTC')?.text).toBe('2026-01-15T12:34:56');
    expect(parseSiteDateTime('2026-01-15-12.34.56.000000', 'UTC')?.text).toBe('2026-01-15T12:34:56');
    expect(parseSiteDateTime('2026-01-15T12:34:56.250', 'UTC')?.epochMs).toBe(utc('2026-01-15T12:34:56.250'));
    expect(parseSiteDateTime('2026-02-30T00:00:00', 'UTC')).toBeUndefined();
    expect(parseSiteDateTime('2026-01-15T24:00:00', 'UTC')).toBeUndefined();
    expect(parseSiteDateTime('yesterday', 'UTC')).toBeUndefined();
  });

  it('tells the exact prompt form YYYY-MM-DDTHH:MM:SS from variants and impossible values', () => {
    expect(isSiteDateTime('2026-01-15T12:34:56')).toBe(true);
    expect(isSiteDateTime('2026-01-15 12:34:56')).toBe(false);
    expect(isSiteDateTime('2026-01-15T12:34:56.250')).toBe(false);
    expect(isSiteDateTime('2026-02-30T00:00:00')).toBe(false);
    expect(isSiteDateTime('2026-01-15T24:00:00')).toBe(false);
    expect(isSiteDateTime('2026-13-01T00:00:00')).toBe(false);
  });

  it('does date arithmetic on YYYY-MM-DD', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2025-12-31', '2026-03-01')).toBe(60);
    expect(isSiteDate('2026-02-29')).toBe(false);
    expect(isSiteDate('2024-02-29')).toBe(true);
  });
});
