/**
 * The wiring of the AWS runtime: adapters and both system clients built from the function's environment
 * (names set by the CDK construct, see table-design.ts `ENV`) and Secrets Manager. Built once per process and
 * reused by warm invocations, so SDK connections, cached secrets and Walmart tokens survive between them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Config, parseConfig } from '../../shared/config/index.ts';
import { PeopleSoftErp } from '../../shared/peoplesoft/index.ts';
import {
  type Clock,
  type CredentialSource,
  type Log,
  type PeopleSoftCredentials,
  systemClock,
  type WalmartCredentials,
} from '../../shared/ports.ts';
import type { EngineDeps } from '../../shared/usecases/index.ts';
import { type WalmartMarketplace, walmartMarketplaceFromConfig } from '../../shared/walmart/index.ts';
import {
  AwsEnvironmentError,
  DynamoAuditTrail,
  DynamoCheckpoints,
  ENV,
  FlagTally,
  SecretsManagerCredentials,
  SqsWorkQueue,
} from '../../shared/aws/index.ts';
import { powertoolsLog, redactor } from './powertools.ts';

interface AwsRuntimeOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  log?: Log;
  /** SDK clients; by default built from the Lambda environment (Region, role, `AWS_ENDPOINT_URL_*`). */
  dynamo?: DynamoDBClient;
  sqs?: SQSClient;
  secretsManager?: SecretsManagerClient;
  /** How long secrets are reused (default 5 minutes). */
  secretTtlMs?: number;
}

/** Everything a handler needs: the use-case dependencies plus the concrete clients (for their counters). */
export interface AwsRuntime extends EngineDeps {
  /** The DynamoDB audit trail, counting the flags raised through it. */
  audit: FlagTally;
  checkpoints: DynamoCheckpoints;
  queue: SqsWorkQueue;
  credentials: CredentialSource;
  marketplace: WalmartMarketplace;
  erp: PeopleSoftErp;
}

/**
 * Builds the runtime from environment variables. Nothing is fetched yet: each secret is read when its
 * system is first called, so a function granted only the Walmart secret never touches PeopleSoft's.
 */
export function createAwsRuntime(options: AwsRuntimeOptions = {}): AwsRuntime {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? powertoolsLog();
  const config = configFromEnv(env);
  const dynamo = options.dynamo ?? new DynamoDBClient({});
  const sqs = options.sqs ?? new SQSClient({});

  const secrets = new SecretsManagerCredentials({
    walmartSecretId: required(env, ENV.walmartSecretArn),
    peoplesoftSecretId: required(env, ENV.peoplesoftSecretArn),
    client: options.secretsManager ?? new SecretsManagerClient({}),
    clock,
    ...(options.secretTtlMs !== undefined ? { ttlMs: options.secretTtlMs } : {}),
  });
  const credentials = maskingCredentials(secrets);

  const marketplace = walmartMarketplaceFromConfig(config.walmart, () => credentials.walmart(), {
    clock,
    log,
  });
  const erp = new PeopleSoftErp({
    config: config.peoplesoft,
    credentials: () => credentials.peoplesoft(),
    clock,
    log,
  });

  return {
    config,
    clock,
    log,
    credentials,
    marketplace,
    erp,
    audit: new FlagTally(
      new DynamoAuditTrail({
        tableName: required(env, ENV.auditTable),
        client: dynamo,
        retentionDays: config.store.retentionDays,
        clock,
      }),
    ),
    checkpoints: new DynamoCheckpoints({ tableName: required(env, ENV.stateTable), client: dynamo, clock }),
    queue: new SqsWorkQueue({
      queueUrl: required(env, ENV.workQueueUrl),
      deadLetterQueueUrl: required(env, ENV.deadLetterQueueUrl),
      client: sqs,
      log,
    }),
  };
}

let current: AwsRuntime | undefined;

/** The process-wide runtime, built on first use from `process.env`. */
export function awsRuntime(): AwsRuntime {
  current ??= createAwsRuntime();
  return current;
}

/** Forgets the process-wide runtime (the next invocation builds a new one from the environment). */
export function resetAwsRuntime(): void {
  current = undefined;
}

/** Reads and validates the connector config the construct put in `ML_CONFIG`. */
export function configFromEnv(env: NodeJS.ProcessEnv): Config {
  const text = required(env, ENV.config);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AwsEnvironmentError(ENV.config, 'is not valid JSON');
  }
  return parseConfig(raw, `the connector config in ${ENV.config}`);
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new AwsEnvironmentError(name, 'is not set');
  return value;
}

/** Registers every secret value read with the log redactor, so no log line can carry one. */
function maskingCredentials(inner: CredentialSource): CredentialSource {
  return {
    async walmart(): Promise<WalmartCredentials> {
      const c = await inner.walmart();
      redactor.add(c.clientSecret);
      return c;
    },
    async peoplesoft(): Promise<PeopleSoftCredentials> {
      const c = await inner.peoplesoft();
      redactor.add(c.type === 'basic' ? c.password : c.clientSecret);
      return c;
    },
  };
}
