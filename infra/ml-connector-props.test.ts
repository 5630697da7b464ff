import { App, Duration, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { MlConnector } from './ml-connector-construct.ts';
import { resolveSettings } from './ml-connector-props.ts';
import { connectorStack, NO_BUNDLING, STUB_HANDLERS, TEST_CONFIG } from './synth-fixtures.ts';

describe('MlConnector props validation', () => {
  it.each([
    [{ matcherMaxConcurrency: 1 }, /matcherMaxConcurrency is 1; it must be a whole number from 2 to 1000/],
    [{ alarmEmail: 'not-an-address' }, /alarmEmail is "not-an-address"/],
    [{ scheduleMaxEventAge: Duration.seconds(30) }, /scheduleMaxEventAge/],
    [
      { schedules: { inventory: '0 6 1 * MON' } },
      /schedules\.inventory: "0 6 1 \* MON" restricts both day of month and day of week/,
    ],
    [{ schedules: { timeZone: 'Mars/Olympus' } }, /schedules\.timeZone is "Mars\/Olympus"/],
  ])('rejects %o with a message naming the prop', (props, message) => {
    expect(() => connectorStack(props)).toThrow(message);
  });

  it('names the config key of a bad schedule from the config file', () => {
    expect(() =>
      connectorStack({ config: { ...TEST_CONFIG, schedule: { orders: '30 */15 * * * *' } } }),
    ).toThrow(/schedule\.orders: "30 \*\/15 \* \* \* \*" runs at a second other than 0/);
  });

  it('needs a region for the customer-managed key of the tables', () => {
    const stack = new Stack(new App({ context: NO_BUNDLING }), 'NoRegion');
    expect(() => new MlConnector(stack, 'C', { config: TEST_CONFIG, handlersDir: STUB_HANDLERS })).toThrow(
      /needs a region/,
    );
  });
});

describe('resolveSettings', () => {
  it('applies the defaults and derives the queue settings from the matcher timeout and the config', () => {
    const s = resolveSettings({ config: TEST_CONFIG });
    expect(s.matcherMaxConcurrency).toBe(5);
    expect(s.workVisibilityTimeout.toSeconds()).toBe(6 * s.matcherTimeout.toSeconds());
    expect(s.maxReceiveCount).toBe(5);
    expect(s.timeZone).toBe('America/Chicago');
    expect(s.schedules.confirmReceipts).toEqual({
      source: 'schedule.orders',
      expression: 'cron(0/15 * * * ? *)',
    });
    expect(s.schedules.feedFollowUp.expression).toBe('cron(0/5 * * * ? *)');
  });

  it('never dead-letters before 5 receives, and follows orders.maxAttempts above that', () => {
    const withAttempts = (maxAttempts: number) =>
      resolveSettings({ config: { ...TEST_CONFIG, orders: { maxAttempts } } }).maxReceiveCount;
    expect(withAttempts(2)).toBe(5);
    expect(withAttempts(8)).toBe(8);
  });

  it('lets props override the schedules and names them as the source', () => {
    const s = resolveSettings({
      config: TEST_CONFIG,
      schedules: { feedFollowUp: '*/10 * * * *', timeZone: 'UTC' },
    });
    expect(s.schedules.feedFollowUp).toEqual({
      source: 'schedules.feedFollowUp',
      expression: 'cron(0/10 * * * ? *)',
    });
    expect(s.timeZone).toBe('UTC');
  });
});
