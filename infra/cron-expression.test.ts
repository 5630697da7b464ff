import { describe, expect, it } from 'vitest';
import { ScheduleExpressionError, toSchedulerExpression } from './cron-expression.ts';

describe('toSchedulerExpression', () => {
  it.each([
    ['*/15 * * * *', 'cron(0/15 * * * ? *)'],
    ['0 * * * *', 'cron(0 * * * ? *)'],
    ['0 0 * * * *', 'cron(0 * * * ? *)'],
    ['30 2 * * *', 'cron(30 2 * * ? *)'],
    ['0 6-22 * * MON-FRI', 'cron(0 6-22 ? * MON-FRI *)'],
    ['0 6 * * 1-5', 'cron(0 6 ? * 2-6 *)'],
    ['0 6 * * 0', 'cron(0 6 ? * 1 *)'],
    ['0 6 * * 7', 'cron(0 6 ? * 1 *)'],
    ['0 6 * * 5-7', 'cron(0 6 ? * 6-7,1 *)'],
    ['0 6 * * 0-7', 'cron(0 6 ? * 1-7 *)'],
    ['0 6 * * 5#L', 'cron(0 6 ? * 6L *)'],
    ['0 6 * * 1#2', 'cron(0 6 ? * 2#2 *)'],
    ['0 6 1,15 * *', 'cron(0 6 1,15 * ? *)'],
    ['0 6 */2 JAN-MAR *', 'cron(0 6 1/2 JAN-MAR ? *)'],
    ['5,35 */2 * * *', 'cron(5,35 0/2 * * ? *)'],
    ['cron(0 12 * * ? *)', 'cron(0 12 * * ? *)'],
    ['rate(15 minutes)', 'rate(15 minutes)'],
  ])('%s → %s', (input, expected) => {
    expect(toSchedulerExpression(input, 'schedule.orders')).toBe(expected);
  });

  it.each([
    ['*/15 * * *', /5 fields/],
    ['30 * * * * *', /second other than 0/],
    ['0 6 1 * MON', /both day of month and day of week/],
    ['61 * * * *', /minute 61, outside 0–59/],
    ['0 24 * * *', /hour 24, outside 0–23/],
    ['0 6 * * */2', /step in the day-of-week field/],
    ['0 6 * * 8', /invalid day of week "8"/],
    ['x * * * *', /invalid minute field "x"/],
  ])('rejects %s naming the key', (input, problem) => {
    const run = () => toSchedulerExpression(input, 'schedule.inventory');
    expect(run).toThrow(ScheduleExpressionError);
    expect(run).toThrow(problem);
    expect(run).toThrow(/^schedule\.inventory: /);
  });
});
