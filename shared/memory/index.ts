/** In-memory adapters of the storage ports, for tests and the benchmark. */
export { T0, itemVendor, orderLine, poSchedule } from './builders.ts';
export { FakeErp } from './fake-erp.ts';
export type { PostFault } from './fake-erp.ts';
export { FakeMarketplace } from './fake-marketplace.ts';
export { throttled } from './faults.ts';
export { ManualClock } from './manual-clock.ts';
export { MemoryAuditTrail } from './memory-audit-trail.ts';
export { MemoryCheckpoints } from './memory-checkpoints.ts';
export { memoryEngine } from './memory-engine.ts';
