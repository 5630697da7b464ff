import type { WorkItem } from '../ports.ts';

/**
 * The SQS message body of one work item: `{"key":"PO#LINE","group":"ITEM"}`, with `"postponed":N` once it
 * was put back for a busy item. The key is the identity of the work; the SQS message id never is (a
 * redriven or postponed message gets a new one).
 */
export function encodeWorkMessage(item: WorkItem): string {
  return JSON.stringify({
    key: item.key,
    group: item.group,
    ...(item.postponed ? { postponed: item.postponed } : {}),
  });
}

/** Reads a work message body; undefined when it is not one (such a message is left to dead-letter). */
export function decodeWorkMessage(body: string | undefined): WorkItem | undefined {
  if (!body) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { key, group, postponed } = parsed as { key?: unknown; group?: unknown; postponed?: unknown };
  if (typeof key !== 'string' || key === '') return undefined;
  return {
    key,
    group: typeof group === 'string' ? group : '',
    ...(Number.isInteger(postponed) && (postponed as number) > 0 ? { postponed: postponed as number } : {}),
  };
}
