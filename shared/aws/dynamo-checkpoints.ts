/**
 * Checkpoints (high-water marks) and leases on the DynamoDB state table (layout: table-design.ts).
 * A lease is one conditional put: it succeeds when the lease is absent, expired, or already ours.
 * Expiry is decided on `leaseUntil` (epoch ms), never on the TTL attribute, which DynamoDB applies lazily.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Checkpoints, type Clock, systemClock } from '../ports.ts';
import { isConditionalCheckFailed } from './aws-errors.ts';
import { documentClient } from './dynamo-client.ts';
import { checkpointPk, leasePk } from './table-design.ts';

interface DynamoCheckpointsOptions {
  tableName: string;
  client?: DynamoDBClient | DynamoDBDocumentClient;
  clock?: Clock;
}

/** Lease items linger this long after expiry before the TTL removes them (tidiness only). */
const LEASE_TTL_SLACK_S = 3600;

/** Checkpoints port over the DynamoDB state table. */
export class DynamoCheckpoints implements Checkpoints {
  private readonly doc: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly clock: Clock;

  constructor(options: DynamoCheckpointsOptions) {
    this.doc = documentClient(options.client);
    this.table = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /** The checkpoint's value, or undefined before the first `set`. */
  async get(name: string): Promise<string | undefined> {
    const res = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: checkpointPk(name) }, ConsistentRead: true }),
    );
    return typeof res.Item?.value === 'string' ? res.Item.value : undefined;
  }

  /** Stores the checkpoint's value. */
  async set(name: string, value: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: checkpointPk(name), value, updatedAt: this.clock.now() },
      }),
    );
  }

  /** Takes the lease when it is free, expired or already held by `owner`; true when `owner` now holds it. */
  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const until = now + ttlMs;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: leasePk(name),
            owner,
            leaseUntil: until,
            expiresAt: Math.ceil(until / 1000) + LEASE_TTL_SLACK_S,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil <= :now OR #owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':now': now, ':owner': owner },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionalCheckFailed(e)) return false;
      throw e;
    }
  }

  /** Gives the lease up if `owner` holds it; a lease taken over by someone else is left alone. */
  async releaseLease(name: string, owner: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: leasePk(name) },
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }
}
