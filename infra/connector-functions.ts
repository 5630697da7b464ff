import { ConfigurationError } from '../shared/errors.ts';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AuditTables } from './audit-tables.ts';
import type { CredentialSecrets } from './credential-secrets.ts';
import { FUNCTIONS, type FunctionId, SCHEDULED_FUNCTIONS } from './function-catalog.ts';
import { METRIC_NAMESPACE, SERVICE_NAME } from './metric-catalog.ts';
import type { MlConnectorSettings } from './ml-connector-props.ts';
import { ENV } from './table-design.ts';
import type { WorkQueues } from './work-queues.ts';

/** The repository root: handlers live in `functions/`, the lock file beside package.json. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Handlers bundled ahead by `npm run build` (`dist/lambda/<handler>/index.mjs`), beside the compiled construct.
 * An installed package uses them, so a customer's CDK app synths without esbuild, Docker or this project's
 * lock file; from the source tree (no such folder) the functions are bundled from `functions/` as usual.
 */
export const PREBUILT_HANDLERS = fileURLToPath(new URL('../lambda/', import.meta.url));

/** The prebuilt bundle folder of a handler file, when there is one. */
function prebuiltDir(file: string): string | undefined {
  const dir = join(PREBUILT_HANDLERS, file.replace(/\.ts$/, ''));
  return existsSync(join(dir, 'index.mjs')) ? dir : undefined;
}

/** Lambda limits the whole environment to 4 KB; names and ARNs take about 1 KB of it. */
export const MAX_CONFIG_ENV_BYTES = 3072;

/** The config is too large to travel in the functions' environment. */
export class ConfigTooLargeError extends ConfigurationError {
  override readonly name = 'ConfigTooLargeError';
  constructor(readonly bytes: number) {
    super(
      `the connector config is ${bytes} bytes as JSON; the Lambda environment holds at most ${MAX_CONFIG_ENV_BYTES}. ` +
        'Shorten matching.suppliers / matching.items (e.g. keep only SKUs whose supplier PeopleSoft cannot resolve).',
    );
  }
}

/** A handler file the construct needs is missing. */
export class HandlerFileMissingError extends ConfigurationError {
  override readonly name = 'HandlerFileMissingError';
  constructor(readonly path: string) {
    super(`Lambda handler file ${path} does not exist; it must export "handler".`);
  }
}

export interface ConnectorFunctionsProps {
  readonly settings: MlConnectorSettings;
  readonly tables: AuditTables;
  readonly queues: WorkQueues;
  readonly secrets: CredentialSecrets;
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** Bundling shared by every function: local esbuild (no Docker), ESM for node22, SDK pinned in the bundle. */
export const BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  forceDockerBundling: false,
  bundleAwsSDK: true,
};

/**
 * The five functions (four scheduled pollers, one queue-driven matcher), each with its own role, log group and
 * only the grants its catalog entry lists. The environment carries names, ARNs and the secret-free config.
 */
export class ConnectorFunctions extends Construct {
  readonly functions: Record<FunctionId, lambda.Function>;
  readonly roles: Record<FunctionId, iam.Role>;

  constructor(scope: Construct, id: string, props: ConnectorFunctionsProps) {
    super(scope, id);
    const { settings, tables, queues, secrets } = props;
    const configJson = JSON.stringify(settings.config);
    const bytes = Buffer.byteLength(configJson, 'utf8');
    if (bytes > MAX_CONFIG_ENV_BYTES) throw new ConfigTooLargeError(bytes);

    const environment: Record<string, string> = {
      [ENV.auditTable]: tables.audit.tableName,
      [ENV.stateTable]: tables.state.tableName,
      [ENV.workQueueUrl]: queues.work.queueUrl,
      [ENV.deadLetterQueueUrl]: queues.workDlq.queueUrl,
      [ENV.walmartSecretArn]: secrets.walmart.secretArn,
      [ENV.peoplesoftSecretArn]: secrets.peoplesoft.secretArn,
      [ENV.config]: configJson,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    };

    const functions = {} as Record<FunctionId, lambda.Function>;
    const roles = {} as Record<FunctionId, iam.Role>;
    for (const fid of Object.keys(FUNCTIONS) as FunctionId[]) {
      const spec = FUNCTIONS[fid];
      const prebuilt = settings.handlersDir ? undefined : prebuiltDir(spec.file);
      const entry = resolve(PROJECT_ROOT, settings.handlersDir ?? 'functions', spec.file);
      if (!prebuilt && !existsSync(entry)) throw new HandlerFileMissingError(entry);
      const name = capitalize(fid);
      const scheduled = (SCHEDULED_FUNCTIONS as readonly string[]).includes(fid);

      // One role per function, written only to its own log group: no managed basic-execution policy.
      const role = new iam.Role(this, `${name}Role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `ml-connector ${spec.file}`,
      });
      if (props.vpc) {
        role.addManagedPolicy(
          iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
        );
      }
      const logGroup = new logs.LogGroup(this, `${name}Logs`, {
        retention: settings.logRetention,
        removalPolicy: settings.removalPolicy,
      });
      logGroup.grantWrite(role);

      const common = {
        description: spec.description,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: spec.memorySize,
        timeout: fid === 'matchOrders' ? settings.matcherTimeout : spec.timeout,
        role,
        logGroup,
        environment,
        vpc: props.vpc,
        vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
        securityGroups: props.vpc ? props.securityGroups : undefined,
        // Pollers: never two runs of the same poller at once; a failed or stale run is not retried because
        // the next scheduled run resumes from the stored checkpoint (and the error alarm has fired).
        ...(scheduled
          ? { reservedConcurrentExecutions: 1, retryAttempts: 0, maxEventAge: Duration.minutes(15) }
          : {}),
      } satisfies Omit<lambda.FunctionProps, 'code' | 'handler'>;
      const fn = prebuilt
        ? new lambda.Function(this, name, {
            ...common,
            code: lambda.Code.fromAsset(prebuilt),
            handler: 'index.handler',
          })
        : new nodejs.NodejsFunction(this, name, {
            ...common,
            entry,
            handler: 'handler',
            projectRoot: PROJECT_ROOT,
            depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
            bundling: BUNDLING,
          });

      tables.grantData(role);
      for (const s of spec.secrets) secrets[s].grantRead(role);
      if (spec.sendsWork) queues.work.grantSendMessages(role);
      functions[fid] = fn;
      roles[fid] = role;
    }

    functions.matchOrders.addEventSource(
      new SqsEventSource(queues.work, {
        batchSize: settings.matcherBatchSize,
        maxBatchingWindow: settings.matcherBatchingWindow,
        reportBatchItemFailures: true,
        maxConcurrency: settings.matcherMaxConcurrency,
      }),
    );
    this.functions = functions;
    this.roles = roles;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
