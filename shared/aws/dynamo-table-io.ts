/** Reading and writing many items of one DynamoDB table: every page read, every unprocessed item retried. */
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../ports.ts';

export type Item = Record<string, unknown>;
export type TableQuery = Omit<QueryCommandInput, 'TableName'>;

/** The items of a query one at a time, reading the next page only when the last one is used up. */
export async function* pagedItems(
  doc: DynamoDBDocumentClient,
  table: string,
  input: TableQuery,
): AsyncGenerator<Item> {
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start }));
    yield* res.Items ?? [];
    start = res.LastEvaluatedKey;
  } while (start);
}

/**
 * Merges item streams that are each newest first (by `updatedAt`, then `key`) into one, reading each stream
 * only as far as the merge has got.
 */
export async function* mergeNewestFirst(streams: AsyncIterator<Item>[]): AsyncGenerator<Item> {
  const heads = await Promise.all(streams.map((s) => s.next()));
  const newer = (v: Item, b: Item) =>
    (v.updatedAt as number) > (b.updatedAt as number) ||
    (v.updatedAt === b.updatedAt && String(v.key) < String(b.key));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const h = heads[i]!;
      if (!h.done && (best < 0 || newer(h.value, heads[best]!.value as Item))) best = i;
    }
    if (best < 0) return;
    yield heads[best]!.value as Item;
    heads[best] = await streams[best]!.next();
  }
}

/** Pages through a query until it is exhausted or `limit` items (after filtering) are collected. */
export async function queryAll(
  doc: DynamoDBDocumentClient,
  table: string,
  input: TableQuery,
  limit: number | undefined,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await doc.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start }));
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start && (limit === undefined || items.length < limit));
  return limit === undefined ? items : items.slice(0, limit);
}

/**
 * Puts the items, 25 per batch write, retrying what DynamoDB leaves unprocessed with a growing pause;
 * throws after 5 retries (`what` names the items in the message).
 */
export async function putAll(
  doc: DynamoDBDocumentClient,
  table: string,
  items: Item[],
  clock: Clock,
  what: string,
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await clock.sleep(50 * 2 ** attempt);
      if (attempt > 5) throw new Error(`DynamoDB left ${what} unprocessed after 5 retries`);
      const res = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (res.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}

/** The item without the given (key and bookkeeping) attributes. */
export function strip(item: Item, fields: string[]): Item {
  const out: Item = { ...item };
  for (const f of fields) delete out[f];
  return out;
}
