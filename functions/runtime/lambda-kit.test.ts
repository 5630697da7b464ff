import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../shared/http/index.ts';
import { StoreOpenError } from '../../shared/embedded/index.ts';
import { PeopleSoftUnavailableError, QueryWindowError } from '../../shared/peoplesoft/index.ts';
import { apiSystemOf, workBudgetMs } from './lambda-kit.ts';

describe('apiSystemOf', () => {
  it('names the system of HTTP errors, typed client errors and their causes', () => {
    expect(apiSystemOf(new NetworkError('walmart', 'orders', 'no answer', false))).toBe('walmart');
    expect(apiSystemOf(new NetworkError('peoplesoft', 'eip', 'no answer', true))).toBe('peoplesoft');
    expect(apiSystemOf(new PeopleSoftUnavailableError('eip', 503, 'down'))).toBe('peoplesoft');
    // A query window PeopleSoft could not answer whole is PeopleSoft's error, though not named after it.
    expect(
      apiSystemOf(new QueryWindowError('MLC_OPEN_PO_LINES', '2026-01-01..2026-01-01', 'too many rows')),
    ).toBe('peoplesoft');
    const wrapped = new Error('stage failed', { cause: new NetworkError('walmart', 'token', 'reset', true) });
    expect(apiSystemOf(wrapped)).toBe('walmart');
  });

  it('classifies by type, never by name, and does not blame an API for other errors', () => {
    expect(apiSystemOf(Object.assign(new Error('x'), { name: 'WalmartApiError' }))).toBeUndefined();
    expect(apiSystemOf(new StoreOpenError('/tmp/x.db', 'locked'))).toBeUndefined();
    expect(apiSystemOf(new Error('ConditionalCheckFailedException'))).toBeUndefined();
    expect(apiSystemOf(undefined)).toBeUndefined();
    expect(apiSystemOf('text')).toBeUndefined();
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
