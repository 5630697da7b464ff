import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../shared/http/http-errors.ts';
import { QueryWindowError } from '../../shared/peoplesoft/peoplesoft-errors.ts';
import { systemOf, workBudgetMs } from './lambda-kit.ts';

describe('systemOf', () => {
  it('names the system of HTTP errors, typed client errors and their causes', () => {
    expect(systemOf(new NetworkError('walmart', 'orders', 'no answer', false))).toBe('walmart');
    expect(systemOf(new NetworkError('peoplesoft', 'eip', 'no answer', true))).toBe('peoplesoft');
    expect(systemOf(Object.assign(new Error('x'), { name: 'PeopleSoftUnavailableError' }))).toBe(
      'peoplesoft',
    );
    expect(systemOf(Object.assign(new Error('x'), { name: 'WalmartApiError' }))).toBe('walmart');
    // A query window PeopleSoft could not answer whole is PeopleSoft's error, though not named after it.
    expect(
      systemOf(new QueryWindowError('MLC_OPEN_PO_LINES', '2026-01-01..2026-01-01', 'too many rows')),
    ).toBe('peoplesoft');
    const wrapped = new Error('stage failed', { cause: new NetworkError('walmart', 'token', 'reset', true) });
    expect(systemOf(wrapped)).toBe('walmart');
  });

  it('does not blame a system for other errors', () => {
    expect(systemOf(new Error('ConditionalCheckFailedException'))).toBeUndefined();
    expect(systemOf(undefined)).toBeUndefined();
    expect(systemOf('text')).toBeUndefined();
  });
});

describe('workBudgetMs', () => {
  const context = (left: number) => ({ getRemainingTimeInMillis: () => left }) as unknown as Context;

  it('keeps a reserve out of the time the invocation has left', () => {
    expect(workBudgetMs(context(100_000))).toBe(70_000);
    expect(workBudgetMs(context(10_000))).toBe(0);
    expect(workBudgetMs(context(100_000), 1_000)).toBe(99_000);
  });

  it('has no budget outside Lambda', () => {
    expect(workBudgetMs(undefined)).toBeUndefined();
  });
});
