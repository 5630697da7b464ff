/**
 * Names of the custom metrics the functions publish; the dashboard and alarms of the CDK construct read the
 * same names (infra/metric-catalog.ts).
 */
export const METRIC = {
  ordersPolled: 'OrdersPolled',
  linesEnqueued: 'LinesEnqueued',
  linesMatched: 'LinesMatched',
  /** Dimension `Reason`: the flag reason code. */
  linesFlagged: 'LinesFlagged',
  receiptsPosted: 'ReceiptsPosted',
  receiptsConfirmed: 'ReceiptsConfirmed',
  receiptsNotLoaded: 'ReceiptsNotLoaded',
  adjustmentsPosted: 'AdjustmentsPosted',
  /** Lines put back to wait for an item another matcher held (not failures). */
  linesWaiting: 'LinesWaiting',
  inventoryPushed: 'InventoryPushed',
  inventoryFailed: 'InventoryFailed',
  /** Dimension `System`: `walmart` or `peoplesoft`. */
  apiErrors: 'ApiErrors',
  /** Dimension `System`. */
  apiThrottles: 'ApiThrottles',
} as const;

export const METRIC_DIMENSION = { reason: 'Reason', system: 'System' } as const;
