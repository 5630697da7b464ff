import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { describeCheckpointsContract } from '../../test/contracts/checkpoints.contract.ts';
import { ManualClock } from '../memory/index.ts';
import { processOwnerTag } from './lease-owner.ts';
import { SqliteCheckpoints } from './sqlite-checkpoints.ts';
import { openStore } from './sqlite-store.ts';
import { makeTempDir } from './testing/temp-dir.ts';

describeCheckpointsContract('SqliteCheckpoints (two connections on one file)', async (clock) => {
  const tmp = makeTempDir('checkpoints');
  const a = openStore(tmp.file('store.sqlite'), { clock });
  const b = openStore(tmp.file('store.sqlite'), { clock });
  return {
    checkpoints: new SqliteCheckpoints(a),
    peer: new SqliteCheckpoints(b),
    cleanup: async () => {
      a.close();
      b.close();
      tmp.cleanup();
    },
  };
});

describe('SqliteCheckpoints', () => {
  it('keeps checkpoints and leases across a reopen of the file', async () => {
    const tmp = makeTempDir('checkpoints');
    const clock = new ManualClock();
    try {
      const first = openStore(tmp.file('store.sqlite'), { clock });
      const cp = new SqliteCheckpoints(first);
      await cp.set('orders', '42');
      expect(await cp.acquireLease('cycle', 'a', 60_000)).toBe(true);
      first.close();
      const reopened = openStore(tmp.file('store.sqlite'), { clock });
      const again = new SqliteCheckpoints(reopened);
      expect(await again.get('orders')).toBe('42');
      expect(await again.acquireLease('cycle', 'b', 60_000)).toBe(false);
      reopened.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('rejects an empty owner or a ttl that is not positive', async () => {
    const store = openStore(':memory:');
    const cp = new SqliteCheckpoints(store);
    await expect(cp.acquireLease('cycle', '', 1000)).rejects.toThrow('owner');
    await expect(cp.acquireLease('cycle', 'a', 0)).rejects.toThrow('ttlMs');
    store.close();
  });
});

describe('leases of dead processes', () => {
  it('takes over a lease whose holding process on this host is gone, never one of a live process', async () => {
    const store = openStore(makeTempDir('dead-owner').file('store.sqlite'));
    try {
      const leases = new SqliteCheckpoints(store);
      const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
      expect(await leases.acquireLease('cycle:orders', `${processOwnerTag(deadPid)}-a`, 600_000)).toBe(true);
      expect(await leases.acquireLease('cycle:orders', `${processOwnerTag()}-b`, 600_000)).toBe(true);
      // The holder now is this (live) process: nobody else takes it.
      expect(await leases.acquireLease('cycle:orders', `${processOwnerTag(process.ppid)}-c`, 600_000)).toBe(
        false,
      );
      expect(await leases.acquireLease('cycle:orders', 'pid:1@elsewhere;-d', 600_000)).toBe(false);
    } finally {
      store.close();
    }
  });
});
