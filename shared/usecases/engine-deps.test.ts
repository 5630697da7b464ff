import { describe, expect, it } from 'vitest';
import { memoryEngine } from '../memory/index.ts';
import { leaseTtlFor, newOwner, tuningOf } from './engine-deps.ts';

describe('engine tuning', () => {
  it('derives defaults from config and never lets the in-doubt grace fall below the PeopleSoft timeout', () => {
    const e = memoryEngine({ config: { peoplesoft: { timeoutMs: 600_000 } } });
    expect(tuningOf(e).inDoubtGraceMs).toBe(1_200_000);
    expect(tuningOf({ ...e, tuning: { inDoubtGraceMs: 1000 } }).inDoubtGraceMs).toBe(600_000);
    expect(tuningOf(memoryEngine()).inDoubtGraceMs).toBe(15 * 60_000);
  });

  it('takes the in-doubt grace from peoplesoft.inDoubtGraceMinutes, still never below the timeout', () => {
    expect(
      tuningOf(memoryEngine({ config: { peoplesoft: { inDoubtGraceMinutes: 45 } } })).inDoubtGraceMs,
    ).toBe(45 * 60_000);
    const short = memoryEngine({ config: { peoplesoft: { inDoubtGraceMinutes: 1, timeoutMs: 120_000 } } });
    expect(tuningOf(short).inDoubtGraceMs).toBe(120_000);
  });

  it('sizes leases to outlive the calls they cover, unless set', () => {
    const e = memoryEngine({ config: { peoplesoft: { timeoutMs: 10_000 } } });
    expect(leaseTtlFor(e, 5)).toBe(60_000 + 50_000);
    expect(leaseTtlFor({ ...e, tuning: { leaseTtlMs: 7 } }, 5)).toBe(7);
  });

  it('gives every call its own lease owner', () => {
    expect(newOwner({ owner: 'host-1' }, 'match')).toMatch(/^host-1-/);
    expect(newOwner({}, 'match')).not.toBe(newOwner({}, 'match'));
  });
});
