import { ACTIONABLE_STATUSES, type LineRecord, type LineStatus } from '../domain/index.ts';
import { changeLine } from './change-line.ts';
import { type EngineDeps, tuningOf } from './engine-deps.ts';
import { sweepLines } from './line-sweeps.ts';

type AcknowledgeDeps = Pick<EngineDeps, 'marketplace' | 'audit' | 'clock' | 'config' | 'log' | 'tuning'>;

export interface AcknowledgeResult {
  mode: 'never' | 'matched' | 'all';
  acknowledged: number;
  /** Orders Walmart refused or could not be reached for; they are tried again next cycle. */
  failed: { purchaseOrderId: string; message: string }[];
}

const RECEIVED_AGAINST_PO: ReadonlySet<LineStatus> = new Set(['MATCHED', 'POSTED', 'RECEIPTED']);

const isActionable = (r: LineRecord) =>
  ACTIONABLE_STATUSES.has(r.walmartStatus) && r.status !== 'SKIPPED' && r.reason !== 'INVALID_ORDER_DATA';

/** Whether an order is due for acknowledgement under the mode (once: never when already acknowledged). */
function due(lines: readonly LineRecord[], mode: 'matched' | 'all'): boolean {
  const actionable = lines.filter(isActionable);
  if (actionable.length === 0) return false;
  if (!actionable.some((r) => !r.acknowledged && r.walmartStatus === 'Created')) return false;
  if (mode === 'all') return true;
  // An unreadable line cannot be proven matched: the order waits.
  return (
    !lines.some((r) => r.reason === 'INVALID_ORDER_DATA') &&
    actionable.every((r) => RECEIVED_AGAINST_PO.has(r.status))
  );
}

/**
 * Acknowledges Walmart orders per `walmart.acknowledge`: `never`; `all` — every polled order with an actionable
 * line, once; `matched` — orders whose actionable lines are all MATCHED, POSTED or RECEIPTED. Records
 * `acknowledged` on the lines with an audit entry. A failure is reported, never fatal.
 */
export async function acknowledgeOrders(
  deps: AcknowledgeDeps,
  opts: { purchaseOrderIds?: readonly string[] } = {},
): Promise<AcknowledgeResult> {
  const mode = deps.config.walmart.acknowledge;
  const result: AcknowledgeResult = { mode, acknowledged: 0, failed: [] };
  if (mode === 'never') return result;

  const since = deps.clock.now() - tuningOf(deps).ackLookbackMs;
  const candidates = new Set(opts.purchaseOrderIds ?? []);
  for (const r of await sweepLines(deps.audit, { settledSince: since, settled: ['FLAGGED', 'RECEIPTED'] })) {
    if (!r.acknowledged && r.walmartStatus === 'Created' && r.orderDate >= since)
      candidates.add(r.purchaseOrderId);
  }

  for (const po of candidates) {
    try {
      const lines = await deps.audit.list({ purchaseOrderId: po });
      if (!due(lines, mode)) continue;
      await deps.marketplace.acknowledge(po);
      result.acknowledged += 1;
      for (const line of lines.filter((r) => isActionable(r) && !r.acknowledged)) {
        await changeLine(deps, line, (cur) =>
          cur.acknowledged
            ? undefined
            : {
                next: { ...cur, acknowledged: true },
                actor: 'acknowledge',
                detail: `Order ${po} acknowledged on Walmart.`,
              },
        );
      }
    } catch (e) {
      result.failed.push({ purchaseOrderId: po, message: (e as Error).message });
      deps.log.warn('order not acknowledged; tried again next cycle', {
        purchaseOrderId: po,
        error: (e as Error).message,
      });
    }
  }
  return result;
}
