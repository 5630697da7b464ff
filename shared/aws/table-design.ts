/**
 * DynamoDB layout of the AWS runtime, shared by the CDK stack (infra/) and the adapters (shared/aws/).
 *
 * Audit table (single-table): the current record of a line is `pk = LINE#{key}`, `sk = STATE`; each history
 * entry is `pk = LINE#{key}`, `sk = ENTRY#{version padded}`. GSI `byStatus` (status, updatedAt) lists lines
 * for review; GSI `byOrder` (purchaseOrderId, sk) gives one order's history. `expiresAt` (epoch s) is the TTL.
 * Reservation markers live in one partition of the same table, `pk = RESERVING`, `sk = {line key}`: one small
 * item per line whose receipt holds PO schedule quantity, read with a consistent Query because the GSIs may
 * lag (dynamo-reservation-markers.ts). Markers carry no `status` or `purchaseOrderId`, so no GSI sees them.
 *
 * State table: checkpoints (`pk = CHECKPOINT#{name}`) and leases (`pk = LEASE#{name}`), `expiresAt` TTL.
 */
export const AUDIT_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  byStatusIndex: { name: 'byStatus', partitionKey: 'status', sortKey: 'updatedAt' },
  byOrderIndex: { name: 'byOrder', partitionKey: 'purchaseOrderId', sortKey: 'sk' },
} as const;

export const STATE_TABLE = {
  partitionKey: 'pk',
  ttlAttribute: 'expiresAt',
} as const;

/** Environment variable names the Lambda functions read (set by the CDK construct). */
export const ENV = {
  auditTable: 'ML_AUDIT_TABLE',
  stateTable: 'ML_STATE_TABLE',
  workQueueUrl: 'ML_WORK_QUEUE_URL',
  deadLetterQueueUrl: 'ML_DLQ_URL',
  walmartSecretArn: 'ML_WALMART_SECRET_ARN',
  peoplesoftSecretArn: 'ML_PEOPLESOFT_SECRET_ARN',
  /** The validated config as JSON (no secrets in it). */
  config: 'ML_CONFIG',
} as const;

/** Sort key of a line's current record in the audit table. */
export const AUDIT_STATE_SK = 'STATE';

/** Prefix of a line's history entries in the audit table (`ENTRY#{version padded}`). */
export const AUDIT_ENTRY_PREFIX = 'ENTRY#';

/** Partition key of an order line in the audit table. */
export function auditLinePk(key: string): string {
  return `LINE#${key}`;
}

/** Sort key of one history entry: the version it produced, zero-padded so that keys sort numerically. */
export function auditEntrySk(version: number): string {
  return `${AUDIT_ENTRY_PREFIX}${String(version).padStart(10, '0')}`;
}

/**
 * Partition key of the inventory entries in the audit table: one partition, sorted by time (`inventoryEntrySk`),
 * read newest first. Inventory writes come in cycles of at most one entry per SKU, far below a partition's
 * write limit.
 */
export const AUDIT_INVENTORY_PK = 'INVENTORY';

/** Sort key of one inventory entry: the time, zero-padded so keys sort by it, then the SKU and a unique tail. */
export function inventoryEntrySk(at: number, sku: string, unique: string): string {
  return `${String(at).padStart(15, '0')}#${sku}#${unique}`;
}

/** Partition key of a named checkpoint in the state table. */
export function checkpointPk(name: string): string {
  return `CHECKPOINT#${name}`;
}

/** Partition key of a named lease in the state table. */
export function leasePk(name: string): string {
  return `LEASE#${name}`;
}

/** Work queue layout: a standard queue whose redrive policy moves a message to the DLQ after N receives. */
export const WORK_QUEUE = {
  /** Matches `orders.maxAttempts` (default 5, as AWS recommends at least 5). */
  defaultMaxReceiveCount: 5,
  /** Longer than the matcher function's timeout so an in-flight batch is never handed out twice. */
  defaultVisibilityTimeoutSeconds: 360,
  dlqRetentionSeconds: 14 * 24 * 3600,
} as const;
