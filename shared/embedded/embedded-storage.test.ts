import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleEntry, sampleLineRecord } from '../../test/contracts/audit-trail.contract.ts';
import { EnvOrStoreCredentials } from './credentials.ts';
import { openEmbeddedStorage } from './embedded-storage.ts';
import { MASTER_KEY_ENV } from './secret-store.ts';
import { makeTempDir } from './testing/temp-dir.ts';

describe('openEmbeddedStorage', () => {
  it('keeps the audit trail, checkpoints, queue and secrets in one file', async () => {
    const tmp = makeTempDir('storage');
    const env = { [MASTER_KEY_ENV]: randomBytes(32).toString('hex') };
    try {
      const first = openEmbeddedStorage({ path: tmp.file('data/ml.sqlite'), maxReceives: 2, env });
      const r = sampleLineRecord('PO1', '1');
      await first.audit.create(r, sampleEntry(r));
      await first.checkpoints.set('orders', '1');
      await first.queue.send([{ key: r.key, group: 'ITEM' }]);
      await first.secrets.set('PEOPLESOFT_USERNAME', 'VP1');
      await first.secrets.set('PEOPLESOFT_PASSWORD', 'placeholder');
      expect(first.queue.maxReceives).toBe(2);
      first.close();

      const again = openEmbeddedStorage({ path: tmp.file('data/ml.sqlite'), env });
      expect(await again.audit.get(r.key)).toMatchObject({ version: 1 });
      expect(await again.checkpoints.get('orders')).toBe('1');
      expect((await again.queue.receive(1, 1000)).map((w) => w.key)).toEqual([r.key]);
      const credentials = new EnvOrStoreCredentials({
        peoplesoftAuthType: 'basic',
        env: {},
        secrets: again.secrets,
      });
      expect(await credentials.peoplesoft()).toEqual({
        type: 'basic',
        username: 'VP1',
        password: 'placeholder',
      });
      again.close();
    } finally {
      tmp.cleanup();
    }
  });
});
