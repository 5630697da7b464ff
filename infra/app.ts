/**
 * The CDK app: `npx cdk synth|deploy [-c configFile=PATH | -c config='{json}'] [-c alarmEmail=…]`.
 * Every synth runs the cdk-nag AwsSolutions checks; a finding without an acknowledgement fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addConnectorStack } from './ml-connector-stack.ts';
import { exitClassOf } from '../shared/errors.ts';

/** Errors that describe a configuration mistake: shown as one message, without a stack trace. */
const app = new App();
try {
  addConnectorStack(app);
} catch (e) {
  if (exitClassOf(e) === 'setup') {
    // A mistake in the settings: say what to fix, without a stack trace.
    process.stderr.write(`ml-connector: ${(e as Error).message}\n`);
    process.exit(1);
  }
  throw e;
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
