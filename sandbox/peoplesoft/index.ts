/** A strict PeopleSoft FSCM simulator on loopback (QAS queries and EIP messages), with its knobs and a test kit. */
export { SAMPLE_ADJUSTMENT, SAMPLE_RECEIPT, largeWorld, smallWorld } from './fixture-world.ts';
export { startPeopleSoftSandbox } from './peoplesoft-sandbox.ts';
export type { PeopleSoftSandbox } from './peoplesoft-sandbox.ts';
export { rejectionOf, startKit } from './peoplesoft-test-kit.ts';
export type { Kit } from './peoplesoft-test-kit.ts';
export type { PeopleSoftSandboxOptions } from './sandbox-options.ts';
