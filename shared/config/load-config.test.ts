import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load-config.ts';
import { nearestKey } from './unknown-keys.ts';

const BASE = {
  peoplesoft: {
    restBaseUrl: 'https://erp.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
    httpListenerUrl: 'https://erp.example.com/PSIGW/HttpListeningConnector',
    businessUnit: 'US001',
  },
};

function problemsOf(raw: unknown): { key: string; message: string }[] {
  try {
    parseConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('parseConfig', () => {
  it('refuses an unknown key with the nearest known one, at any depth', () => {
    const problems = problemsOf({ ...BASE, inventory: { safetyStok: 2 }, shedule: { orders: '* * * * *' } });
    expect(problems).toEqual([
      {
        key: 'inventory.safetyStok',
        message: expect.stringContaining('did you mean inventory.safetyStock?'),
      },
      { key: 'shedule', message: expect.stringContaining('did you mean schedule?') },
    ]);
    expect(
      problemsOf({ ...BASE, peoplesoft: { ...BASE.peoplesoft, auth: { tpye: 'basic' } } })[0],
    ).toMatchObject({
      key: 'peoplesoft.auth.tpye',
      message: expect.stringContaining('did you mean peoplesoft.auth.type?'),
    });
    // A key nothing resembles gets no suggestion, but the list of what the section takes.
    expect(problemsOf({ ...BASE, orders: { colour: 'red' } })[0]?.message).toMatch(
      /^is not a known key \(orders takes initialLookbackDays, /,
    );
  });

  it('keeps the keys of maps free: SKUs in matching.suppliers and matching.items are not config keys', () => {
    expect(
      problemsOf({
        ...BASE,
        matching: { suppliers: { 'ANY-SKU': '0000012345' }, items: { 'WM-1': 'ITEM-1' } },
      }),
    ).toEqual([]);
  });

  it('says which type a wrong value should have, and which key is missing', () => {
    expect(problemsOf({ ...BASE, inventory: { safetyStock: 'two' } })).toEqual([
      { key: 'inventory.safetyStock', message: 'is a string, expected a number' },
    ]);
    const missing = problemsOf({ peoplesoft: { ...BASE.peoplesoft, businessUnit: undefined } });
    expect(missing).toEqual([
      { key: 'peoplesoft.businessUnit', message: 'is required but missing (string expected)' },
    ]);
  });

  it('suggests only near misses', () => {
    expect(nearestKey('safetystock', ['safetyStock', 'feedThreshold'])).toBe('safetyStock');
    expect(nearestKey('zzz', ['safetyStock', 'feedThreshold'])).toBeUndefined();
  });
});

describe('one check per kind of value', () => {
  it('refuses a cron expression the scheduler would refuse, and an unknown time zone', () => {
    const problems = problemsOf({
      ...BASE,
      schedule: { orders: '61 * * * *', reconcile: '* * *', timeZone: 'America/Chicgo' },
    });
    expect(problems.map((p) => p.key)).toEqual([
      'schedule.orders',
      'schedule.reconcile',
      'schedule.timeZone',
    ]);
    expect(problems[0]?.message).toContain('is not a valid cron expression');
    expect(problems[1]?.message).toContain('has 3 fields');
    expect(problems[2]?.message).toContain('IANA time zone');
    expect(
      problemsOf({ ...BASE, schedule: { orders: '*/15 * * * *', timeZone: 'America/Chicago' } }),
    ).toEqual([]);
  });
});
