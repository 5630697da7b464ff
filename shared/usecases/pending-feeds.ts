/**
 * Walmart inventory feeds still processing when the inventory function had to return. A Lambda cannot wait
 * the half hour a large feed may take, so the feed id is remembered and the feed follow-up function reads its
 * status every few minutes until it is PROCESSED or ERROR, then reports each item's outcome.
 *
 * Nothing is lost if a feed is never followed: its SKUs are already owed in the inventory retry list and are
 * pushed again by the next inventory cycle with their then-current balance (setting a quantity is idempotent).
 */
import type { Checkpoints, Clock, InventoryPushResult, Log, Marketplace } from '../ports.ts';

/** Checkpoint holding the JSON list of feeds to follow. */
export const CHECKPOINT_PENDING_FEEDS = 'inventory.pendingFeeds';
const LEASE = 'inventory.pendingFeeds';
const LEASE_TTL_MS = 60_000;

interface PendingFeed {
  feedId: string;
  /** Epoch ms. */
  submittedAt: number;
  /** SKUs in the feed. */
  items: number;
}

interface FeedsDeps {
  marketplace: Pick<Marketplace, 'inventoryFeedStatus'>;
  checkpoints: Checkpoints;
  clock: Clock;
  log: Log;
  /** How long a feed is followed before it is given up (`walmart.feedTimeoutMs`). */
  feedTimeoutMs: number;
  /** Lease owner (one per invocation). */
  owner: string;
}

export interface FeedFollowUpResult {
  /** Feeds that reached PROCESSED or ERROR, with their item results. */
  finished: { feedId: string; status: string; items: InventoryPushResult[] }[];
  stillProcessing: number;
  /** Feeds followed past the timeout and dropped (their SKUs are pushed again by the inventory cycle). */
  abandoned: string[];
}

/** Adds a feed to follow. */
export async function rememberFeed(
  deps: Omit<FeedsDeps, 'marketplace' | 'feedTimeoutMs'>,
  feed: PendingFeed,
) {
  await withPendingFeeds(deps, async (feeds) => [...feeds.filter((f) => f.feedId !== feed.feedId), feed]);
}

/** Reads the status of every remembered feed once; finished and abandoned feeds are forgotten. */
export async function followPendingFeeds(deps: FeedsDeps): Promise<FeedFollowUpResult> {
  const result: FeedFollowUpResult = { finished: [], stillProcessing: 0, abandoned: [] };
  await withPendingFeeds(deps, async (feeds) => {
    const keep: PendingFeed[] = [];
    for (const feed of feeds) {
      try {
        const status = await deps.marketplace.inventoryFeedStatus(feed.feedId);
        if (status.status === 'PROCESSED' || status.status === 'ERROR') {
          result.finished.push({ feedId: feed.feedId, status: status.status, items: status.items });
          continue;
        }
      } catch (e) {
        deps.log.warn('inventory feed status not read; tried again next run', {
          feedId: feed.feedId,
          error: (e as Error).message,
        });
      }
      if (deps.clock.now() - feed.submittedAt > deps.feedTimeoutMs) {
        result.abandoned.push(feed.feedId);
        deps.log.warn('inventory feed still not processed; given up, its SKUs are pushed again', {
          feedId: feed.feedId,
        });
      } else {
        keep.push(feed);
      }
    }
    result.stillProcessing = keep.length;
    return keep;
  });
  return result;
}

/** Read-modify-write of the list under a lease, so the two functions that change it never lose an update. */
async function withPendingFeeds(
  deps: Pick<FeedsDeps, 'checkpoints' | 'clock' | 'log' | 'owner'>,
  change: (feeds: PendingFeed[]) => Promise<PendingFeed[]>,
): Promise<void> {
  const { checkpoints, owner } = deps;
  for (let attempt = 0; !(await checkpoints.acquireLease(LEASE, owner, LEASE_TTL_MS)); attempt++) {
    if (attempt >= 30) throw new Error(`the list of pending inventory feeds stayed locked (lease ${LEASE})`);
    await deps.clock.sleep(1000);
  }
  try {
    const next = await change(parse(await checkpoints.get(CHECKPOINT_PENDING_FEEDS), deps.log));
    await checkpoints.set(CHECKPOINT_PENDING_FEEDS, JSON.stringify(next));
  } finally {
    await checkpoints.releaseLease(LEASE, owner);
  }
}

function parse(raw: string | undefined, log: Log): PendingFeed[] {
  if (raw === undefined) return [];
  try {
    const list = JSON.parse(raw) as unknown;
    if (Array.isArray(list)) {
      return list.filter(
        (f): f is PendingFeed => typeof f?.feedId === 'string' && typeof f?.submittedAt === 'number',
      );
    }
  } catch {
    // fall through: an unreadable list is replaced
  }
  log.warn('the list of pending inventory feeds was unreadable and is started afresh', {
    checkpoint: CHECKPOINT_PENDING_FEEDS,
  });
  return [];
}
