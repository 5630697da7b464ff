import type { EngineSettings } from './engine-settings.ts';
import type {
  AuditTrail,
  Checkpoints,
  Clock,
  Erp,
  Log,
  Marketplace,
  UnitOfWork,
  WorkQueue,
} from '../ports.ts';

/** Everything the use cases may need; each use case takes only the ports it uses. */
export interface EngineDeps {
  marketplace: Marketplace;
  erp: Erp;
  audit: AuditTrail;
  queue: WorkQueue;
  checkpoints: Checkpoints;
  clock: Clock;
  config: EngineSettings;
  log: Log;
  /** Overrides of the engine's timing rules (defaults derive from config). */
  tuning?: Partial<EngineTuning>;
  /** Names this worker in leases (e.g. host and pid); each call adds a fresh id, so two calls never share a lease. */
  owner?: string;
  /** Groups a batch's store writes into one commit (absent: each write commits on its own). */
  unitOfWork?: UnitOfWork;
  /**
   * Called at the points where a crash is most dangerous to exactly-once posting; the crash tests stop the
   * process there (docs/engine.md, "Crash points").
   */
  crashPoint?: (point: CrashPoint) => void;
}

/**
 * `intents-committed`: a batch's intents are durable, nothing of it posted yet; `posted`: PeopleSoft has
 * answered a batch's posts, the answers are not recorded yet.
 */
type CrashPoint = 'intents-committed' | 'posted';

/** Runs `fn` as one unit of work of the store (its writes committed together), or as it is. */
export function together<T>(deps: { unitOfWork?: UnitOfWork }, fn: () => Promise<T>): Promise<T> {
  return deps.unitOfWork ? deps.unitOfWork.run(fn) : fn();
}

/** Timing rules of the engine that are not part of the user-facing configuration. */
export interface EngineTuning {
  /** Lease on an item or a cycle; default grows with the batch so a lease outlives the posts it covers. */
  leaseTtlMs: number | undefined;
  /** The receipt-status query starts this long before the oldest intent (site clock skew, time zones). */
  statusQueryMarginMs: number;
  /**
   * A write in doubt is only declared absent when its intent is at least this old: posts still queued in the
   * Integration Broker must have had time to stage. Never less than `peoplesoft.timeoutMs`.
   */
  inDoubtGraceMs: number;
  /** How far back confirmation, acknowledgement and replay sweeps look for recently updated lines. */
  sweepWindowMs: number;
  /** Orders polled longer ago than this are no longer acknowledged. */
  ackLookbackMs: number;
  /** Backoff of a failed work item: base × 2^(receives−1), capped. */
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Work items per queue send. */
  sendChunk: number;
  /**
   * How long one drain reuses PeopleSoft's matching reads (receipt status, open schedules, item vendors)
   * across its batches before reading them again.
   */
  cycleReadsMaxAgeMs: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The effective tuning: overrides over defaults derived from config. */
export function tuningOf(deps: { config: EngineSettings; tuning?: Partial<EngineTuning> }): EngineTuning {
  const timeoutMs = deps.config.peoplesoft.timeoutMs;
  const t = deps.tuning ?? {};
  const configuredGrace = deps.config.peoplesoft.inDoubtGraceMinutes;
  return {
    leaseTtlMs: t.leaseTtlMs,
    statusQueryMarginMs: t.statusQueryMarginMs ?? 60 * MINUTE,
    inDoubtGraceMs: Math.max(
      timeoutMs,
      t.inDoubtGraceMs ??
        (configuredGrace !== undefined ? configuredGrace * MINUTE : Math.max(2 * timeoutMs, 15 * MINUTE)),
    ),
    sweepWindowMs: t.sweepWindowMs ?? 14 * DAY,
    ackLookbackMs: t.ackLookbackMs ?? 3 * DAY,
    retryBaseDelayMs: t.retryBaseDelayMs ?? 30_000,
    retryMaxDelayMs: t.retryMaxDelayMs ?? 15 * MINUTE,
    sendChunk: t.sendChunk ?? 100,
    cycleReadsMaxAgeMs: t.cycleReadsMaxAgeMs ?? 5 * MINUTE,
  };
}

/**
 * Lease length for work that makes `erpCalls` PeopleSoft calls: each may take the full timeout, plus a
 * minute of slack, so the lease never lapses while its holder is still posting.
 */
export function leaseTtlFor(
  deps: { config: EngineSettings; tuning?: Partial<EngineTuning> },
  erpCalls: number,
): number {
  return tuningOf(deps).leaseTtlMs ?? MINUTE + deps.config.peoplesoft.timeoutMs * Math.max(1, erpCalls);
}

/** A lease owner id unique to one call: `{deps.owner or role}-{uuid}`. */
export function newOwner(deps: { owner?: string }, role: string): string {
  return `${deps.owner ?? role}-${globalThis.crypto.randomUUID()}`;
}
