import { describe, expect, it } from 'vitest';
import { currentTokenCount, nextReplenishTime, parseInstant, parseRetryAfter } from './throttle-headers.ts';

describe('parseInstant', () => {
  const t = Date.UTC(2026, 10, 27, 12, 0, 0, 250);

  it('reads epoch ms, epoch seconds (with fractions) and ISO-8601', () => {
    expect(parseInstant(String(t))).toBe(t);
    expect(parseInstant(String(t / 1000))).toBe(t);
    expect(parseInstant(String(Math.floor(t / 1000)))).toBe(Math.floor(t / 1000) * 1000);
    expect(parseInstant(new Date(t).toISOString())).toBe(t);
    expect(parseInstant('2026-11-27T12:00:00.250+00:00')).toBe(t);
  });

  it('returns undefined for absent or unreadable values', () => {
    expect(parseInstant(null)).toBeUndefined();
    expect(parseInstant(undefined)).toBeUndefined();
    expect(parseInstant('  ')).toBeUndefined();
    expect(parseInstant('soon')).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 27, 12);

  it('reads delta seconds and HTTP dates as a wait from now', () => {
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter(new Date(now + 9_000).toUTCString(), now)).toBe(9_000);
  });

  it('never returns a negative wait', () => {
    expect(parseRetryAfter(new Date(now - 9_000).toUTCString(), now)).toBe(0);
  });

  it('ignores absent or garbage values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('later', now)).toBeUndefined();
  });
});

describe('replenish and token-count headers', () => {
  it('accepts both spellings of the replenish header, case-insensitively', () => {
    expect(nextReplenishTime(new Headers({ 'X-Next-Replenish-Time': '1800000000000' }))).toBe(
      1_800_000_000_000,
    );
    expect(nextReplenishTime(new Headers({ 'x-next-replenishment-time': '1800000000' }))).toBe(
      1_800_000_000_000,
    );
    expect(nextReplenishTime(new Headers())).toBeUndefined();
  });

  it('reads x-current-token-count', () => {
    expect(currentTokenCount(new Headers({ 'x-current-token-count': '0' }))).toBe(0);
    expect(currentTokenCount(new Headers({ 'X-Current-Token-Count': '17' }))).toBe(17);
    expect(currentTokenCount(new Headers({ 'x-current-token-count': 'n/a' }))).toBeUndefined();
    expect(currentTokenCount(new Headers())).toBeUndefined();
  });
});
