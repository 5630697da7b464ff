import { type ErrorFault, type ErrorSystem, faultOf, StoreError, systemOf } from '../errors.ts';
import { type AcknowledgeResult, acknowledgeOrders } from './acknowledge-orders.ts';
import { type ConfirmResult, confirmReceipts } from './confirm-receipts.ts';
import { type DrainResult, drainQueue } from './drain-queue.ts';
import { type EngineDeps, leaseTtlFor, newOwner } from './engine-deps.ts';
import { type PollResult, pollOrders } from './poll-orders.ts';
import { type SyncInventoryResult, syncInventory } from './sync-inventory.ts';

/** Another cycle holds the lease: this one did not run. */
export class CycleBusyError extends StoreError {
  override readonly name = 'CycleBusyError';
  constructor(readonly lease: string) {
    super(
      `another ${lease.replace('cycle:', '')} cycle is running (lease ${lease}); this run was skipped, try again when it ends`,
    );
  }
}

/** The `sync --json` object, exactly as docs/operations.md documents it. */
export interface SyncSummary {
  orders: { polled: number; lines: number };
  receipts: { posted: number; confirmed: number };
  adjustments: { posted: number };
  flagged: number;
  skipped: number;
  inventory: { pushed: number; failed: number };
  apiCalls: { walmart: number; peoplesoft: number };
}

type CycleStage = 'poll' | 'match' | 'confirm' | 'acknowledge' | 'inventory';

/** A stage that failed; the cycle went on where that was safe. The CLI exits non-zero when any is present. */
export interface StageError {
  stage: CycleStage;
  /** The error's class name, for the reader (never classified by). */
  error: string;
  message: string;
  /** The boundary it came from and the kind of trouble, where known (docs/guarantees.md). */
  system?: ErrorSystem;
  fault?: ErrorFault;
}

/** A stage's error as the cycle reports it. */
export function stageError(stage: CycleStage, e: unknown): StageError {
  const err = e instanceof Error ? e : new Error(String(e));
  const system = systemOf(err);
  const fault = faultOf(err);
  return {
    stage,
    error: err.name || 'Error',
    message: err.message,
    ...(system ? { system } : {}),
    ...(fault ? { fault } : {}),
  };
}

export interface OrdersCycleResult {
  poll?: PollResult;
  drain?: DrainResult;
  confirm?: ConfirmResult;
  acknowledge?: AcknowledgeResult;
  stageErrors: StageError[];
}

export interface InventoryCycleResult {
  inventory?: SyncInventoryResult;
  stageErrors: StageError[];
}

interface SyncCycleResult {
  summary: SyncSummary;
  stageErrors: StageError[];
  orders: OrdersCycleResult;
  inventory: InventoryCycleResult;
}

export const ORDERS_CYCLE_LEASE = 'cycle:orders';
const INVENTORY_CYCLE_LEASE = 'cycle:inventory';

// Lines per drain batch: a few commits and one lease round per batch, full EIP messages posted side by side.
const DEFAULT_DRAIN_BATCH = 2_000;

/** Holds a cycle lease, renewing it between steps so a crashed holder blocks others only briefly. */
async function withCycleLease<T>(
  deps: EngineDeps,
  lease: string,
  work: (renew: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const owner = newOwner(deps, 'cycle');
  const ttl = leaseTtlFor(deps, 10);
  if (!(await deps.checkpoints.acquireLease(lease, owner, ttl))) throw new CycleBusyError(lease);
  const renew = async () => {
    if (!(await deps.checkpoints.acquireLease(lease, owner, ttl)))
      deps.log.warn('cycle lease lost', { lease });
  };
  try {
    return await work(renew);
  } finally {
    await deps.checkpoints.releaseLease(lease, owner).catch(() => undefined);
  }
}

async function stage<T>(
  errors: StageError[],
  name: CycleStage,
  deps: EngineDeps,
  run: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await run();
  } catch (e) {
    const err = stageError(name, e);
    errors.push(err);
    deps.log.error(`${name} stage failed; the cycle goes on`, { stage: name, error: err.message });
    return undefined;
  }
}

/**
 * The orders half of a cycle under lease `cycle:orders` (CycleBusyError when another holds it): poll →
 * drain the work queue (matchAndPost) → confirm → acknowledge. A failing stage is reported in `stageErrors`
 * and the next stage still runs: each reads its own state from the audit trail and the queue.
 */
export async function runOrdersCycle(
  deps: EngineDeps,
  opts: { drainBatchSize?: number } = {},
): Promise<OrdersCycleResult> {
  return withCycleLease(deps, ORDERS_CYCLE_LEASE, async (renew) => {
    const errors: StageError[] = [];
    const poll = await stage(errors, 'poll', deps, () => pollOrders(deps));
    if (poll && poll.failures.length > 0) {
      errors.push({
        stage: 'poll',
        error: 'PollIncomplete',
        message: `${poll.failures.length} order lines could not be recorded (first: ${poll.failures[0]!.key}: ${poll.failures[0]!.message}); their window is read again next cycle`,
      });
    }
    await renew();
    const drain = await stage(errors, 'match', deps, () =>
      drainQueue(deps, { batchSize: opts.drainBatchSize ?? DEFAULT_DRAIN_BATCH, onBatch: renew }),
    );
    for (const message of new Set(drain?.batchErrors ?? []))
      errors.push({ stage: 'match', error: 'ReadFailed', message, system: 'peoplesoft' });
    await renew();
    const confirm = await stage(errors, 'confirm', deps, () => confirmReceipts(deps));
    if (confirm && confirm.failures.length > 0) {
      errors.push({
        stage: 'confirm',
        error: 'ConfirmIncomplete',
        message: `${confirm.failures.length} lines not settled; retried next cycle`,
      });
    }
    await renew();
    const acknowledge = await stage(errors, 'acknowledge', deps, () =>
      acknowledgeOrders(deps, { purchaseOrderIds: poll?.purchaseOrderIds }),
    );
    return { poll, drain, confirm, acknowledge, stageErrors: errors };
  });
}

/** The inventory half under lease `cycle:inventory` (CycleBusyError when another holds it). */
export async function runInventoryCycle(deps: EngineDeps): Promise<InventoryCycleResult> {
  return withCycleLease(deps, INVENTORY_CYCLE_LEASE, async () => {
    const errors: StageError[] = [];
    const inventory = await stage(errors, 'inventory', deps, () => syncInventory(deps));
    return { inventory, stageErrors: errors };
  });
}

/**
 * One full cycle: orders (poll → match and post → confirm → acknowledge), then inventory. Returns the
 * documented `sync --json` object as `summary` and, separately, the stages that failed.
 * Throws CycleBusyError when another orders cycle is running.
 */
export async function runSyncCycle(
  deps: EngineDeps,
  opts: { drainBatchSize?: number } = {},
): Promise<SyncCycleResult> {
  const walmartBefore = deps.marketplace.callCount();
  const peoplesoftBefore = deps.erp.callCount();
  const orders = await runOrdersCycle(deps, opts);
  let inventory: InventoryCycleResult;
  try {
    inventory = await runInventoryCycle(deps);
  } catch (e) {
    if (!(e instanceof CycleBusyError)) throw e;
    inventory = { stageErrors: [stageError('inventory', e)] };
  }
  const { poll, drain, confirm } = orders;
  const summary: SyncSummary = {
    orders: { polled: poll?.ordersPolled ?? 0, lines: poll?.lines ?? 0 },
    receipts: { posted: drain?.receiptsPosted ?? 0, confirmed: confirm?.confirmed ?? 0 },
    adjustments: { posted: drain?.adjustmentsPosted ?? 0 },
    flagged: (poll?.flagged ?? 0) + (drain?.flagged ?? 0) + (confirm?.flagged ?? 0),
    skipped: (poll?.skipped ?? 0) + (drain?.skipped ?? 0),
    inventory: { pushed: inventory.inventory?.pushed ?? 0, failed: inventory.inventory?.failed.length ?? 0 },
    apiCalls: {
      walmart: deps.marketplace.callCount() - walmartBefore,
      peoplesoft: deps.erp.callCount() - peoplesoftBefore,
    },
  };
  return { summary, stageErrors: [...orders.stageErrors, ...inventory.stageErrors], orders, inventory };
}
