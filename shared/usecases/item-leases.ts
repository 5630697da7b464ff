import type { Checkpoints, Log } from '../ports.ts';
import type { KeyOutcomes } from './key-outcomes.ts';

/** Lease name serializing the work on one PeopleSoft item. */
export const itemLease = (itemId: string): string => `item:${itemId}`;

/** The leases one batch holds: item → the keys of that item. */
export type HeldItems = Map<string, string[]>;

/**
 * Takes each item's lease. A group held by another worker is failed as busy (it waits, it did not fail);
 * a lease that cannot be taken at all fails its keys.
 */
export async function takeItemLeases(
  checkpoints: Checkpoints,
  groups: ReadonlyMap<string, string[]>,
  owner: string,
  ttlMs: number,
  outcomes: KeyOutcomes,
): Promise<HeldItems> {
  const held: HeldItems = new Map();
  for (const [item, keys] of groups) {
    const got = await checkpoints.acquireLease(itemLease(item), owner, ttlMs).catch((e: Error) => e);
    if (got === true) {
      held.set(item, keys);
      continue;
    }
    const why =
      got instanceof Error
        ? `the lease on item ${item} could not be taken: ${got.message}`
        : `item ${item} is being worked by another worker; retried later`;
    for (const k of keys) outcomes.fail(k, why, got === false);
  }
  return held;
}

/**
 * Renews every held lease; an item whose lease was lost is dropped from `held` and its keys fail. Called right
 * before intents are recorded, so no other worker can be reading this item's reservations (I2).
 */
export async function renewItemLeases(
  checkpoints: Checkpoints,
  held: HeldItems,
  owner: string,
  ttlMs: number,
  outcomes: KeyOutcomes,
): Promise<void> {
  for (const [item, keys] of held) {
    if (await checkpoints.acquireLease(itemLease(item), owner, ttlMs).catch(() => false)) continue;
    held.delete(item);
    for (const k of keys) outcomes.fail(k, `the lease on item ${item} was lost; retried later`);
  }
}

/** Releases the leases; one that cannot be released expires on its own. */
export async function releaseItemLeases(
  deps: { checkpoints: Checkpoints; log: Log },
  held: HeldItems,
  owner: string,
): Promise<void> {
  for (const item of held.keys()) {
    await deps.checkpoints
      .releaseLease(itemLease(item), owner)
      .catch((e: Error) =>
        deps.log.warn('lease not released; it expires on its own', { item, error: e.message }),
      );
  }
}
