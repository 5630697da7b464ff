import { type ConfigInput, configSchema } from '../config/index.ts';
import { type Log, silentLog } from '../ports.ts';
import type { EngineDeps, EngineTuning } from '../usecases/index.ts';
import { T0 } from './builders.ts';
import { FakeErp, type FakeErpSeed } from './fake-erp.ts';
import { FakeMarketplace } from './fake-marketplace.ts';
import { ManualClock } from './manual-clock.ts';
import { MemoryAuditTrail } from './memory-audit-trail.ts';
import { MemoryCheckpoints } from './memory-checkpoints.ts';
import { MemoryWorkQueue } from './memory-work-queue.ts';

/** Engine dependencies made of in-memory adapters and fakes, with their test controls visible. */
interface MemoryEngine extends EngineDeps {
  marketplace: FakeMarketplace;
  erp: FakeErp;
  audit: MemoryAuditTrail;
  queue: MemoryWorkQueue;
  checkpoints: MemoryCheckpoints;
  clock: ManualClock;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

interface MemoryEngineOptions {
  /** Config keys to set; PeopleSoft URLs and business unit default to loopback placeholders and `US001`. */
  config?: DeepPartial<ConfigInput>;
  erp?: FakeErpSeed;
  start?: number;
  tuning?: Partial<EngineTuning>;
  log?: Log;
}

/**
 * A whole engine in memory (no I/O, no real time): use-case tests run in milliseconds, and the clock moves
 * only when the test moves it. The queue dead-letters after `orders.maxAttempts` receives, as SQS would.
 */
export function memoryEngine(opts: MemoryEngineOptions = {}): MemoryEngine {
  const clock = new ManualClock(opts.start ?? T0);
  const input = opts.config ?? {};
  const config = configSchema.parse({
    ...input,
    peoplesoft: {
      restBaseUrl: 'http://127.0.0.1:9/PSIGW/RESTListeningConnector/PSFT_EP',
      httpListenerUrl: 'http://127.0.0.1:9/PSIGW/HttpListeningConnector',
      businessUnit: 'US001',
      ...input.peoplesoft,
    },
  });
  return {
    marketplace: new FakeMarketplace(),
    erp: new FakeErp(clock, opts.erp),
    audit: new MemoryAuditTrail(),
    queue: new MemoryWorkQueue(clock, config.orders.maxAttempts),
    checkpoints: new MemoryCheckpoints(clock),
    clock,
    config,
    log: opts.log ?? silentLog,
    tuning: opts.tuning,
  };
}
