import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../shared/config/index.ts';
import { silentLog } from '../../shared/ports.ts';
import { AwsEnvironmentError, ENV } from '../../shared/aws/index.ts';
import { configFromEnv, createAwsRuntime } from './aws-runtime.ts';

const config = {
  peoplesoft: {
    restBaseUrl: 'https://erp.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
    httpListenerUrl: 'https://erp.example.com/PSIGW/HttpListeningConnector',
    businessUnit: 'US001',
  },
};

const env = (over: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => ({
  AWS_REGION: 'us-east-1',
  [ENV.auditTable]: 'audit',
  [ENV.stateTable]: 'state',
  [ENV.workQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/work',
  [ENV.deadLetterQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/work-dlq',
  [ENV.walmartSecretArn]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:walmart',
  [ENV.peoplesoftSecretArn]: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:peoplesoft',
  [ENV.config]: JSON.stringify(config),
  ...over,
});

describe('createAwsRuntime', () => {
  it('wires every adapter from the environment without calling anything', () => {
    const rt = createAwsRuntime({ env: env(), log: silentLog });
    expect(rt.config.peoplesoft.businessUnit).toBe('US001');
    expect(rt.config.walmart.acknowledge).toBe('never');
    expect(rt.marketplace.callCount()).toBe(0);
    expect(rt.erp.callCount()).toBe(0);
  });

  it('names a missing environment variable', () => {
    expect(() => createAwsRuntime({ env: env({ [ENV.workQueueUrl]: undefined }), log: silentLog })).toThrow(
      AwsEnvironmentError,
    );
    expect(() => createAwsRuntime({ env: env({ [ENV.auditTable]: ' ' }), log: silentLog })).toThrow(
      /ML_AUDIT_TABLE is not set/,
    );
  });

  it('rejects a config that is not JSON or not valid, naming the key', () => {
    expect(() => configFromEnv(env({ [ENV.config]: '{' }))).toThrow(/ML_CONFIG is not valid JSON/);
    const bad = JSON.stringify({ peoplesoft: { ...config.peoplesoft, businessUnit: '' } });
    const err = (() => {
      try {
        configFromEnv(env({ [ENV.config]: bad }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('peoplesoft.businessUnit');
  });
});
