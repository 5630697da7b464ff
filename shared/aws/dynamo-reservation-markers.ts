/**
 * Reservation markers: a strongly consistent list of the lines whose receipt holds schedule quantity (I2),
 * kept in one partition of the audit table (`pk = RESERVING`, `sk = {line key}`).
 *
 * The `byStatus` index is eventually consistent, so a reservation just written by the previous holder of an
 * item lease could be missing from it for a moment. DynamoDB has no consistent reads on a GSI and dynalite no
 * transactions, so the audit trail instead PUTs a marker before any STATE write whose record reserves, and
 * DELETEs it after a STATE write whose record no longer does. Reading them back is a consistent Query of this
 * partition plus a consistent BatchGet of the STATE items, filtered on the real state: a marker whose line
 * does not reserve (its write lost the race, or a crash came before the delete) is harmless, and is removed.
 *
 * Each marker carries the version of the STATE write it announces. A delete removes a marker only when its
 * version is at most that of a non-reserving state that was actually stored, so it can never remove the
 * marker of a newer write still in flight. Markers have no `status` or `purchaseOrderId`: they stay out of
 * both GSIs, so `list`, `byStatus` and `history` never see them.
 */
import { StoreError } from '../errors.ts';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { holdsReservation, type LineRecord } from '../domain/index.ts';
import type { Clock } from '../ports.ts';
import { isConditionalCheckFailed } from './aws-errors.ts';
import { AUDIT_STATE_SK, auditLinePk } from './table-design.ts';

/** Partition key of the reservation markers in the audit table. */
export const RESERVING_PK = 'RESERVING';

/** A marker whose line has no STATE item after this long belongs to a create that never happened. */
const ABANDONED_MARKER_MS = 24 * 3600_000;
/** BatchGetItem's limit of keys per request. */
const BATCH_GET_MAX = 100;
const MAX_UNPROCESSED_RETRIES = 8;

type Item = Record<string, unknown>;

interface Marker {
  key: string;
  version: number;
  announcedAt: number;
}

/** DynamoDB kept returning some STATE items as unprocessed: the reservations could not be read in full. */
export class ReservationReadError extends StoreError {
  override readonly name = 'ReservationReadError';
  constructor(
    readonly table: string,
    readonly keys: string[],
  ) {
    super(
      `could not read the current state of order lines ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''} ` +
        `from ${table} (DynamoDB left them unprocessed after ${MAX_UNPROCESSED_RETRIES} retries); ` +
        'matching is retried with the next attempt — raise the table capacity if this repeats',
    );
  }
}

/** The marker partition of one audit table. */
export class ReservationMarkers {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock,
    private readonly fromStateItem: (item: Item) => LineRecord,
  ) {}

  /**
   * Marks `key` as reserving before its STATE write at `version`. Throws when the marker could not be
   * written: the caller must then not write the state. An existing marker of a newer version is kept.
   */
  async announce(key: string, version: number, expiresAt?: number): Promise<void> {
    const item: Item = { pk: RESERVING_PK, sk: key, version, announcedAt: this.clock.now() };
    if (expiresAt !== undefined) item.expiresAt = expiresAt;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          // A stale writer must not lower the version a newer writer's marker holds (see withdraw).
          ConditionExpression: 'attribute_not_exists(pk) OR #version <= :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': version },
        }),
      );
    } catch (e) {
      if (!isConditionalCheckFailed(e)) throw e;
    }
  }

  /**
   * Removes the marker of `key` after a non-reserving STATE write at `version`, unless a newer write has
   * announced itself since. Best effort: a marker left behind is filtered out and removed by `lines()`.
   */
  async withdraw(key: string, version: number): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: RESERVING_PK, sk: key },
          ConditionExpression: '#version <= :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': version },
        }),
      );
    } catch {
      // Nothing to undo: the state is stored, and an orphan marker never counts as a reservation.
    }
  }

  /** Every line whose current receipt reserves, read consistently, oldest update first. */
  async lines(): Promise<LineRecord[]> {
    const markers = await this.markers();
    const states = await this.states(markers.map((m) => m.key));
    const out: LineRecord[] = [];
    const orphans: Promise<void>[] = [];
    for (const m of markers) {
      const state = states.get(m.key);
      if (state && holdsReservation(state)) out.push(state);
      else if (state ? state.version >= m.version : this.clock.now() - m.announcedAt > ABANDONED_MARKER_MS) {
        orphans.push(this.withdraw(m.key, state?.version ?? m.version));
      }
    }
    await Promise.all(orphans);
    return out.sort((a, b) => a.updatedAt - b.updatedAt || a.key.localeCompare(b.key));
  }

  private async markers(): Promise<Marker[]> {
    const out: Marker[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': RESERVING_PK },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of res.Items ?? []) {
        out.push({
          key: String(item.sk),
          version: Number(item.version ?? 0),
          announcedAt: Number(item.announcedAt ?? 0),
        });
      }
      start = res.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** The STATE items of `keys`, strongly consistent, by line key. */
  private async states(keys: string[]): Promise<Map<string, LineRecord>> {
    const out = new Map<string, LineRecord>();
    for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
      let pending: Item[] = keys
        .slice(i, i + BATCH_GET_MAX)
        .map((key) => ({ pk: auditLinePk(key), sk: AUDIT_STATE_SK }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > MAX_UNPROCESSED_RETRIES) {
          throw new ReservationReadError(
            this.table,
            pending.map((k) => String(k.pk).slice(auditLinePk('').length)),
          );
        }
        if (attempt > 0) await this.clock.sleep(Math.min(50 * 2 ** attempt, 2000));
        const res = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        for (const item of res.Responses?.[this.table] ?? []) {
          const record = this.fromStateItem(item);
          out.set(record.key, record);
        }
        pending = (res.UnprocessedKeys?.[this.table]?.Keys ?? []) as Item[];
      }
    }
    return out;
  }
}
