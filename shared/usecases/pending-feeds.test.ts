import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryCheckpoints } from '../memory/index.ts';
import { type InventoryFeedStatus, silentLog } from '../ports.ts';
import { CHECKPOINT_PENDING_FEEDS, followPendingFeeds, rememberFeed } from './pending-feeds.ts';

describe('pending inventory feeds', () => {
  function setup(statuses: Record<string, InventoryFeedStatus['status'] | Error>) {
    const clock = new ManualClock(1_000_000);
    const checkpoints = new MemoryCheckpoints(clock);
    const marketplace = {
      async inventoryFeedStatus(feedId: string): Promise<InventoryFeedStatus> {
        const s = statuses[feedId];
        if (s instanceof Error) throw s;
        return {
          feedId,
          status: s ?? 'INPROGRESS',
          items: s === 'PROCESSED' ? [{ sku: 'A', ok: true }] : [],
        };
      },
    };
    const deps = { marketplace, checkpoints, clock, log: silentLog, feedTimeoutMs: 60_000, owner: 'test' };
    return { clock, checkpoints, deps };
  }

  it('follows remembered feeds until they finish, then forgets them', async () => {
    const statuses: Record<string, InventoryFeedStatus['status'] | Error> = {};
    const { deps } = setup(statuses);
    await rememberFeed(deps, { feedId: 'F1', submittedAt: 1_000_000, items: 1 });
    await rememberFeed(deps, { feedId: 'F2', submittedAt: 1_000_000, items: 3 });
    await rememberFeed(deps, { feedId: 'F1', submittedAt: 1_000_000, items: 1 });

    expect(await followPendingFeeds(deps)).toEqual({ finished: [], stillProcessing: 2, abandoned: [] });
    statuses.F1 = 'PROCESSED';
    statuses.F2 = new Error('HTTP 503');
    const next = await followPendingFeeds(deps);
    expect(next.finished).toEqual([{ feedId: 'F1', status: 'PROCESSED', items: [{ sku: 'A', ok: true }] }]);
    expect(next.stillProcessing).toBe(1);
    statuses.F2 = 'ERROR';
    expect((await followPendingFeeds(deps)).finished.map((f) => f.feedId)).toEqual(['F2']);
    expect(await followPendingFeeds(deps)).toEqual({ finished: [], stillProcessing: 0, abandoned: [] });
  });

  it('gives a feed up after the feed timeout', async () => {
    const { deps, clock } = setup({});
    await rememberFeed(deps, { feedId: 'F1', submittedAt: clock.now(), items: 1 });
    clock.advance(60_001);
    expect(await followPendingFeeds(deps)).toEqual({ finished: [], stillProcessing: 0, abandoned: ['F1'] });
  });

  it('waits for the lease another function holds, and starts afresh from an unreadable list', async () => {
    const { deps, checkpoints } = setup({});
    await checkpoints.set(CHECKPOINT_PENDING_FEEDS, '{not json');
    await checkpoints.acquireLease('inventory.pendingFeeds', 'other', 5_000);
    await rememberFeed(deps, { feedId: 'F9', submittedAt: deps.clock.now(), items: 2 });
    expect(JSON.parse((await checkpoints.get(CHECKPOINT_PENDING_FEEDS)) ?? '[]')).toEqual([
      { feedId: 'F9', submittedAt: deps.clock.now() - 5_000, items: 2 },
    ]);
  });
});
