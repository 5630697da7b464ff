/**
 * Child process of the crash test: writes line records, checkpoints and queue items in a loop and prints the
 * index of each iteration once all its writes have committed, until it is killed.
 * Usage: tsx crash-writer.ts STORE_PATH
 */
import { SqliteAuditTrail } from '../sqlite-audit-trail.ts';
import { SqliteCheckpoints } from '../sqlite-checkpoints.ts';
import { openStore } from '../sqlite-store.ts';
import { SqliteWorkQueue } from '../sqlite-work-queue.ts';

const path = process.argv[2]!;
process.stdout.write('start\n');
const store = openStore(path);
const audit = new SqliteAuditTrail(store);
const checkpoints = new SqliteCheckpoints(store);
const queue = new SqliteWorkQueue(store);
process.stdout.write('open\n');

for (let i = 0; ; i++) {
  const now = Date.now();
  const key = `CRASH${i}#1`;
  const record = {
    key,
    purchaseOrderId: `CRASH${i}`,
    lineNumber: '1',
    sku: `SKU-${i % 17}`,
    quantity: 1,
    unit: 'EACH',
    orderDate: now,
    walmartStatus: 'Created',
    status: 'RECEIVED' as const,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const base = {
    key,
    purchaseOrderId: record.purchaseOrderId,
    lineNumber: '1',
    at: now,
    detail: 'crash test',
  };
  await audit.create(record, { ...base, actor: 'poll', to: 'RECEIVED' });
  await audit.update({ ...record, status: 'MATCHED' }, 1, {
    ...base,
    actor: 'match',
    from: 'RECEIVED',
    to: 'MATCHED',
  });
  await checkpoints.set('crash', String(i));
  await queue.send([{ key, group: record.sku }]);
  // stdout to a pipe is synchronous on POSIX: once printed, the parent may kill us.
  process.stdout.write(`${i}\n`);
}
