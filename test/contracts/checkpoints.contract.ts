/**
 * The Checkpoints port contract (shared/ports.ts), reusable by every adapter.
 *
 * Usage, in the adapter's own `*.test.ts`:
 *
 *   describeCheckpointsContract('SqliteCheckpoints', async (clock) => {
 *     const store = openStore(join(dir, 'state.sqlite'), { clock });
 *     return { checkpoints: new SqliteCheckpoints(store), cleanup: async () => store.close() };
 *   });
 *
 * `make` is called before every test with a fresh ManualClock, which the adapter MUST use for lease times;
 * it returns an EMPTY store and a `cleanup` run after the test. An optional `peer` is a second instance on the
 * same backing store (another connection or process view): exclusivity is then also checked across the two.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Checkpoints } from '../../shared/ports.ts';
import { ManualClock } from '../../shared/memory/index.ts';

export interface CheckpointsFixture {
  checkpoints: Checkpoints;
  peer?: Checkpoints;
  cleanup(): Promise<void>;
}

/** Registers the Checkpoints contract tests for one adapter. */
export function describeCheckpointsContract(
  name: string,
  make: (clock: ManualClock) => Promise<CheckpointsFixture>,
): void {
  describe(`Checkpoints contract: ${name}`, () => {
    let fixture: CheckpointsFixture;
    let cp: Checkpoints;
    let other: Checkpoints;
    let clock: ManualClock;

    beforeEach(async () => {
      clock = new ManualClock();
      fixture = await make(clock);
      cp = fixture.checkpoints;
      other = fixture.peer ?? fixture.checkpoints;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('get returns undefined for a checkpoint never set', async () => {
      expect(await cp.get('orders')).toBeUndefined();
    });

    it('set stores a value, a second set overwrites it, names are independent', async () => {
      await cp.set('orders', '1767225600000');
      await cp.set('inventory', 'a value with spaces and "quotes"');
      await cp.set('orders', '1767229200000');
      expect(await cp.get('orders')).toBe('1767229200000');
      expect(await other.get('inventory')).toBe('a value with spaces and "quotes"');
    });

    it('a free lease is taken; another owner is refused while it is held', async () => {
      expect(await cp.acquireLease('cycle', 'a', 60_000)).toBe(true);
      expect(await other.acquireLease('cycle', 'b', 60_000)).toBe(false);
      clock.advance(59_000);
      expect(await other.acquireLease('cycle', 'b', 60_000)).toBe(false);
    });

    it('leases of different names are independent of each other and of checkpoints', async () => {
      await cp.set('cycle', 'checkpoint value');
      expect(await cp.acquireLease('cycle', 'a', 60_000)).toBe(true);
      expect(await other.acquireLease('inventory', 'b', 60_000)).toBe(true);
      expect(await cp.get('cycle')).toBe('checkpoint value');
    });

    it('an expired lease can be taken by another owner', async () => {
      expect(await cp.acquireLease('cycle', 'a', 60_000)).toBe(true);
      clock.advance(60_001);
      expect(await other.acquireLease('cycle', 'b', 60_000)).toBe(true);
      expect(await cp.acquireLease('cycle', 'a', 60_000)).toBe(false);
    });

    it('the holder renews its lease, which extends the expiry from now', async () => {
      expect(await cp.acquireLease('cycle', 'a', 60_000)).toBe(true);
      clock.advance(50_000);
      expect(await cp.acquireLease('cycle', 'a', 60_000)).toBe(true);
      clock.advance(50_000);
      expect(await other.acquireLease('cycle', 'b', 60_000)).toBe(false);
      clock.advance(10_001);
      expect(await other.acquireLease('cycle', 'b', 60_000)).toBe(true);
    });

    it('releaseLease by the holder frees the lease; by anyone else it changes nothing', async () => {
      expect(await cp.acquireLease('cycle', 'a', 60_000)).toBe(true);
      await other.releaseLease('cycle', 'b');
      expect(await other.acquireLease('cycle', 'b', 60_000)).toBe(false);
      await cp.releaseLease('cycle', 'a');
      expect(await other.acquireLease('cycle', 'b', 60_000)).toBe(true);
      await cp.releaseLease('cycle', 'a');
      expect(await cp.acquireLease('cycle', 'a', 60_000)).toBe(false);
    });

    it('releasing a lease nobody holds is harmless', async () => {
      await cp.releaseLease('never-taken', 'a');
      expect(await cp.acquireLease('never-taken', 'a', 1_000)).toBe(true);
    });

    it('of concurrent acquirers of a free lease exactly one wins', async () => {
      const owners = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'];
      const results = await Promise.all(
        owners.map((owner, i) => (i % 2 === 0 ? cp : other).acquireLease('cycle', owner, 60_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('of concurrent acquirers of an expired lease exactly one wins', async () => {
      expect(await cp.acquireLease('cycle', 'old', 1_000)).toBe(true);
      clock.advance(1_001);
      const results = await Promise.all(
        ['w1', 'w2', 'w3', 'w4'].map((owner, i) =>
          (i % 2 === 0 ? cp : other).acquireLease('cycle', owner, 60_000),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
