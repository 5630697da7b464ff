/**
 * The CDK app: `npx cdk synth|deploy [-c configFile=PATH | -c config='{json}'] [-c alarmEmail=…]`.
 * Every synth runs the cdk-nag AwsSolutions checks; a finding without an acknowledgement fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addConnectorStack } from './ml-connector-stack.ts';

/** Errors that describe a configuration mistake: shown as one message, without a stack trace. */
const USER_ERRORS = new Set([
  'ConfigError',
  'AppContextError',
  'MlConnectorPropsError',
  'ScheduleExpressionError',
  'ConfigTooLargeError',
  'HandlerFileMissingError',
]);

const app = new App();
try {
  addConnectorStack(app);
} catch (e) {
  if (e instanceof Error && USER_ERRORS.has(e.name)) {
    process.stderr.write(`ml-connector: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
