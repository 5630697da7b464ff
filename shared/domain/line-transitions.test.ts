import { describe, expect, it } from 'vitest';
import { LINE_STATUSES } from './line-state.ts';
import {
  ALLOWED_TRANSITIONS,
  assertTransition,
  canTransition,
  IllegalTransitionError,
} from './line-transitions.ts';

describe('line state machine', () => {
  it('follows the happy path RECEIVED → MATCHED → POSTED → RECEIPTED', () => {
    expect(canTransition('RECEIVED', 'MATCHED')).toBe(true);
    expect(canTransition('MATCHED', 'POSTED')).toBe(true);
    expect(canTransition('POSTED', 'RECEIPTED')).toBe(true);
  });

  it('moves a resolved flag back to RECEIVED, and an in-doubt post proven absent too', () => {
    expect(canTransition('FLAGGED', 'RECEIVED')).toBe(true);
    expect(canTransition('IN_DOUBT', 'RECEIVED')).toBe(true);
  });

  it('never lets a line with a receipt in PeopleSoft go back to RECEIVED', () => {
    expect(canTransition('MATCHED', 'RECEIVED')).toBe(false);
    expect(canTransition('POSTED', 'RECEIVED')).toBe(false);
    expect(canTransition('RECEIPTED', 'RECEIVED')).toBe(false);
  });

  it('keeps SKIPPED terminal and allows same-state updates everywhere', () => {
    expect(ALLOWED_TRANSITIONS.SKIPPED).toEqual([]);
    for (const s of LINE_STATUSES) expect(canTransition(s, s)).toBe(true);
  });

  it('throws a typed error naming the line and both states', () => {
    expect(() => assertTransition('1796277083022#4', 'RECEIPTED', 'MATCHED')).toThrow(IllegalTransitionError);
    try {
      assertTransition('1796277083022#4', 'SKIPPED', 'RECEIVED');
    } catch (e) {
      expect((e as Error).message).toContain('1796277083022#4');
      expect((e as Error).message).toContain('SKIPPED');
      expect((e as Error).message).toContain('terminal');
    }
  });

  it('lets a new line start only as RECEIVED, FLAGGED or SKIPPED', () => {
    expect(() => assertTransition('1#1', undefined, 'RECEIVED')).not.toThrow();
    expect(() => assertTransition('1#1', undefined, 'POSTED')).toThrow(/cannot start/);
  });
});
