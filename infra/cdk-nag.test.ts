import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { MlConnectorStack } from './ml-connector-stack.ts';
import { NO_BUNDLING, STUB_HANDLERS, TEST_CONFIG } from './synth-fixtures.ts';

interface Report {
  pluginReports: {
    pluginName: string;
    violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

/** Synthesizes with the AwsSolutions pack; returns the unacknowledged findings as `rule at path` lines. */
function nagFindings(app: App): string[] {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  try {
    app.synth();
    return [];
  } catch (e) {
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as Report;
    const findings = report.pluginReports.flatMap((p) =>
      p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
    );
    return findings.length > 0 ? findings : [String(e)];
  }
}

function acknowledgements(root: IConstruct): { id: string; reason: string }[] {
  return root.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason })));
}

const outdirs: string[] = [];
const newApp = () => {
  const outdir = mkdtempSync(join(tmpdir(), 'mlc-nag-'));
  outdirs.push(outdir);
  return new App({ context: NO_BUNDLING, outdir });
};
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** Synthesizing with cdk-nag takes seconds, more on a loaded machine. */
const SLOW = { timeout: 180_000 };

describe('cdk-nag AwsSolutions', () => {
  it('reports findings when there are some (the check is not vacuous)', SLOW, () => {
    const app = newApp();
    new sqs.Queue(new Stack(app, 'Bare'), 'Queue');
    expect(nagFindings(app)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^AwsSolutions-SQS3 at Bare\/Queue/)]),
    );
  });

  it(
    'finds nothing unacknowledged in the default stack, and every acknowledgement has a reason',
    SLOW,
    () => {
      const app = newApp();
      const stack = new MlConnectorStack(app, 'MlConnector', {
        env: { region: 'us-east-1' },
        connector: { config: TEST_CONFIG, handlersDir: STUB_HANDLERS, alarmEmail: 'ops@example.com' },
      });
      expect(nagFindings(app)).toEqual([]);
      const acks = acknowledgements(stack);
      expect(acks.length).toBeGreaterThan(0);
      for (const a of acks) {
        expect(a.id).toMatch(/^AwsSolutions::AwsSolutions-/);
        expect(a.reason.length, a.id).toBeGreaterThan(40);
      }
    },
  );

  it('finds nothing unacknowledged with an existing key, topic and VPC', SLOW, () => {
    const app = newApp();
    const stack = new MlConnectorStack(app, 'InVpc', {
      env: { region: 'eu-west-1', account: '111122223333' },
      kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      alarmTopicArn: 'arn:aws:sns:eu-west-1:111122223333:ops',
      connector: { config: TEST_CONFIG, handlersDir: STUB_HANDLERS },
    });
    // The VPC is the customer's, so its own findings are not the connector's; it only needs flow logs.
    const vpc = new ec2.Vpc(stack, 'CustomerVpc', { maxAzs: 2, natGateways: 1 });
    vpc.addFlowLog('FlowLog');
    const inVpc = new MlConnectorStack(app, 'InVpcConnector', {
      env: { region: 'eu-west-1', account: '111122223333' },
      connector: { config: TEST_CONFIG, handlersDir: STUB_HANDLERS, vpc },
    });
    expect(nagFindings(app)).toEqual([]);
    expect(acknowledgements(inVpc).some((a) => a.id.startsWith('AwsSolutions::AwsSolutions-IAM4'))).toBe(
      true,
    );
  });
});
