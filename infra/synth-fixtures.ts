/**
 * Shared set-up of the infrastructure tests: a valid config and a stack with bundling skipped, built from the
 * stand-in handlers in fixtures/handlers (the real handlers are bundled by bundling.test.ts only).
 */
import { App, Stack } from 'aws-cdk-lib';
import type { ConfigInput } from '../shared/config/index.ts';
import { MlConnector, type MlConnectorProps } from './ml-connector-construct.ts';

export const TEST_CONFIG: ConfigInput = {
  peoplesoft: {
    restBaseUrl: 'https://ps.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
    httpListenerUrl: 'https://ps.example.com/PSIGW/HttpListeningConnector',
    businessUnit: 'US001',
  },
  schedule: { orders: '*/15 * * * *', inventory: '0 6-22 * * MON-FRI', timeZone: 'America/Chicago' },
};

export const STUB_HANDLERS = 'infra/fixtures/handlers';

/** App context that skips esbuild for every stack. */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** A stack in us-east-1 with one MlConnector; `props` override the defaults. */
export function connectorStack(
  props: Partial<MlConnectorProps> = {},
  app = new App({ context: NO_BUNDLING }),
) {
  const stack = new Stack(app, 'Test', { env: { region: 'us-east-1', account: '111122223333' } });
  const connector = new MlConnector(stack, 'Connector', {
    config: TEST_CONFIG,
    handlersDir: STUB_HANDLERS,
    ...props,
  });
  return { app, stack, connector };
}
