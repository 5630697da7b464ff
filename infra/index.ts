/**
 * The CDK surface of ml-connector (`import { MlConnector } from 'ml-connector/cdk'`): the construct and its
 * props. Needs `aws-cdk-lib` and `constructs` from the app that uses it (peer dependencies).
 */
export { MlConnector } from './ml-connector-construct.ts';
export type { MlConnectorProps, MlConnectorSchedules } from './ml-connector-construct.ts';
export { MlConnectorStack } from './ml-connector-stack.ts';
