import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it, vi } from 'vitest';
import { Redactor } from '../../shared/logging/index.ts';
import { powertoolsLog } from './powertools.ts';

describe('powertoolsLog', () => {
  it('writes through the Powertools logger with secret values and secret fields masked', () => {
    const logger = new Logger({ serviceName: 'test' });
    const info = vi.spyOn(logger, 'info').mockImplementation(() => {});
    const guard = new Redactor(['fixture-secret-value']);
    const log = powertoolsLog(logger, guard);
    log.info('token fixture-secret-value refused', {
      detail: 'sent fixture-secret-value',
      password: 'whatever',
      nested: { clientSecret: 'x1234' },
      count: 3,
    });
    expect(info).toHaveBeenCalledTimes(1);
    const [message, fields] = info.mock.calls[0] as [string, Record<string, unknown>];
    expect(message).toBe('token [redacted] refused');
    expect(fields).toEqual({
      detail: 'sent [redacted]',
      password: '[redacted]',
      nested: { clientSecret: '[redacted]' },
      count: 3,
    });
  });
});
