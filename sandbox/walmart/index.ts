/** A strict Walmart Marketplace simulator on loopback, with its knobs and a test kit. */
export { generateOrders } from './generate-orders.ts';
export { startWalmartSandbox } from './walmart-sandbox.ts';
export type { WalmartSandbox, WalmartSandboxKnobs, WalmartSandboxOptions } from './walmart-sandbox.ts';
export { recordingLog, useWalmartPairs } from './walmart-test-kit.ts';
export type { WalmartPair } from './walmart-test-kit.ts';
