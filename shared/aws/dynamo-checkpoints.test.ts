import { beforeEach, describe, expect, it } from 'vitest';
import { useAwsEmulators } from '../../test/aws/use-aws-emulators.ts';
import { ManualClock } from '../memory/index.ts';
import { DynamoCheckpoints } from './dynamo-checkpoints.ts';

describe('DynamoCheckpoints', () => {
  const aws = useAwsEmulators();
  let n = 0;
  let clock: ManualClock;
  let store: DynamoCheckpoints;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 1));
    const table = await aws.createStateTable(`state-${++n}`);
    store = new DynamoCheckpoints({ tableName: table, client: aws.dynamo, clock });
  });

  it('stores and overwrites checkpoints by name', async () => {
    expect(await store.get('orders')).toBeUndefined();
    await store.set('orders', '1767225600000');
    await store.set('inventory', 'x');
    await store.set('orders', '1767229200000');
    expect(await store.get('orders')).toBe('1767229200000');
    expect(await store.get('inventory')).toBe('x');
  });

  it('grants a lease to one owner until it expires or is released', async () => {
    expect(await store.acquireLease('orders', 'a', 60_000)).toBe(true);
    expect(await store.acquireLease('orders', 'b', 60_000)).toBe(false);
    expect(await store.acquireLease('orders', 'a', 60_000)).toBe(true);
    clock.advance(60_000);
    expect(await store.acquireLease('orders', 'b', 60_000)).toBe(true);
    await store.releaseLease('orders', 'a');
    expect(await store.acquireLease('orders', 'a', 60_000)).toBe(false);
    await store.releaseLease('orders', 'b');
    expect(await store.acquireLease('orders', 'a', 60_000)).toBe(true);
  });

  it('lets exactly one of many concurrent contenders take a free lease', async () => {
    const won = await Promise.all(['a', 'b', 'c', 'd'].map((o) => store.acquireLease('inventory', o, 1000)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });
});
