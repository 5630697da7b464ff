/**
 * The Lambda functions of the AWS runtime: which handler file, how long it may run, and what it may touch.
 * Grants follow from this table, so a function gets only the secrets and queue access listed here.
 */
import { Duration } from 'aws-cdk-lib';

export type FunctionId = 'pollOrders' | 'matchOrders' | 'confirmReceipts' | 'syncInventory' | 'feedFollowUp';

/** The functions started by a schedule: one run at a time each (reserved concurrency 1). */
export type ScheduledFunctionId = Exclude<FunctionId, 'matchOrders'>;

export interface FunctionSpec {
  /** Handler file under `functions/`, exporting `handler`. */
  readonly file: string;
  readonly description: string;
  /** Default timeout; the matcher's comes from the props. */
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly secrets: readonly ('walmart' | 'peoplesoft')[];
  /** Sends work items to the work queue. */
  readonly sendsWork: boolean;
}

export const FUNCTIONS: Record<FunctionId, FunctionSpec> = {
  pollOrders: {
    file: 'poll-orders.ts',
    description: 'ml-connector: polls Walmart orders and enqueues one work item per order line',
    timeout: Duration.minutes(10),
    memorySize: 512,
    secrets: ['walmart'],
    sendsWork: true,
  },
  matchOrders: {
    file: 'match-orders.ts',
    description: 'ml-connector: matches order lines to PO schedules and posts receipts and adjustments',
    timeout: Duration.minutes(5),
    memorySize: 1024,
    secrets: ['walmart', 'peoplesoft'],
    sendsWork: false,
  },
  confirmReceipts: {
    file: 'confirm-receipts.ts',
    description: 'ml-connector: confirms staged receipts and settles in-doubt posts in PeopleSoft',
    timeout: Duration.minutes(10),
    memorySize: 512,
    secrets: ['walmart', 'peoplesoft'],
    sendsWork: true,
  },
  syncInventory: {
    file: 'sync-inventory.ts',
    description: 'ml-connector: pushes changed PeopleSoft balances to Walmart inventory',
    timeout: Duration.minutes(15),
    memorySize: 1024,
    secrets: ['walmart', 'peoplesoft'],
    sendsWork: false,
  },
  feedFollowUp: {
    file: 'feed-follow-up.ts',
    description: 'ml-connector: follows submitted Walmart inventory feeds until processed',
    timeout: Duration.minutes(5),
    memorySize: 512,
    secrets: ['walmart'],
    sendsWork: false,
  },
};

export const SCHEDULED_FUNCTIONS: readonly ScheduledFunctionId[] = [
  'pollOrders',
  'confirmReceipts',
  'syncInventory',
  'feedFollowUp',
];
