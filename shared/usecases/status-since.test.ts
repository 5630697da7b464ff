import { describe, expect, it } from 'vitest';
import { statusSince } from './status-since.ts';

describe('statusSince', () => {
  it('is the oldest intent less the margin, wherever it is in the list', () => {
    expect(statusSince([500, 200, 900], 50)).toBe(150);
    expect(statusSince([200], 0)).toBe(200);
  });

  it('covers 300,000 intents (more than a spread argument list holds)', () => {
    const times = Array.from({ length: 300_000 }, (_, i) => 1_000_000 - i);
    expect(statusSince(times, 10)).toBe(1_000_000 - 299_999 - 10);
  });
});
