import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleEntry, sampleLineRecord } from '../../test/contracts/audit-trail.contract.ts';
import { SqliteAuditTrail } from './sqlite-audit-trail.ts';
import { SqliteCheckpoints } from './sqlite-checkpoints.ts';
import { openStore, type SqliteStore } from './sqlite-store.ts';
import { makeTempDir, type TempDir } from './testing/temp-dir.ts';

describe('SqliteStore.group: writes committed together', () => {
  let tmp: TempDir;
  let store: SqliteStore;
  let other: SqliteStore;
  beforeEach(() => {
    tmp = makeTempDir('groups');
    store = openStore(tmp.file('s.sqlite'));
    other = openStore(tmp.file('s.sqlite'));
  });
  afterEach(() => {
    store.close();
    other.close();
    tmp.cleanup();
  });

  /** What a second connection (another process) sees of a checkpoint. */
  const seen = (name: string) => new SqliteCheckpoints(other).get(name);

  it('nothing of a group is visible to another connection before it resolves, all of it after', async () => {
    const cp = new SqliteCheckpoints(store);
    let inside: string | undefined = 'unread';
    await store.group(async () => {
      await cp.set('a', '1');
      await cp.set('b', '2');
      inside = await seen('a');
    });
    expect(inside).toBeUndefined();
    expect([await seen('a'), await seen('b')]).toEqual(['1', '2']);
  });

  it('a group whose function throws still commits the writes made before the throw', async () => {
    const cp = new SqliteCheckpoints(store);
    await expect(
      store.group(async () => {
        await cp.set('kept', 'yes');
        throw new Error('half way');
      }),
    ).rejects.toThrow('half way');
    expect(await seen('kept')).toBe('yes');
    expect(store.db.inTransaction).toBe(false);
  });

  it('a failed write inside a group is undone alone; the others commit', async () => {
    const audit = new SqliteAuditTrail(store);
    const rec = sampleLineRecord('P1', '1');
    store.db.exec('CREATE TABLE scratch (x TEXT)');
    await store.group(async () => {
      await audit.create(rec, sampleEntry(rec));
      expect(() =>
        store.write(() => {
          store.db.prepare('INSERT INTO scratch VALUES (?)').run('undone');
          throw new Error('refused');
        }),
      ).toThrow('refused');
      await new SqliteCheckpoints(store).set('after', 'x');
    });
    expect(await new SqliteAuditTrail(other).get('P1#1')).toMatchObject({ key: 'P1#1' });
    expect(await seen('after')).toBe('x');
    expect(other.db.prepare('SELECT count(*) AS n FROM scratch').get()).toEqual({ n: 0 });
  });

  it('a write of another async flow waits until the open group has committed', async () => {
    const cp = new SqliteCheckpoints(store);
    const order: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const grouped = store.group(async () => {
      await cp.set('g', '1');
      order.push('group wrote');
      await gate;
      order.push('group done');
    });
    const outside = (async () => {
      await cp.set('o', '1');
      order.push('outside wrote');
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['group wrote']);
    release();
    await Promise.all([grouped, outside]);
    expect(order).toEqual(['group wrote', 'group done', 'outside wrote']);
    expect(await seen('o')).toBe('1');
  });

  it('a group inside a group joins it; two groups of different flows run one after the other', async () => {
    const cp = new SqliteCheckpoints(store);
    const trace: string[] = [];
    const run = (name: string) =>
      store.group(async () => {
        trace.push(`${name} start`);
        await store.group(async () => cp.set(name, 'inner'));
        await new Promise((resolve) => setTimeout(resolve, 5));
        trace.push(`${name} end`);
      });
    await Promise.all([run('a'), run('b')]);
    expect(trace).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect([await seen('a'), await seen('b')]).toEqual(['inner', 'inner']);
  });
});
