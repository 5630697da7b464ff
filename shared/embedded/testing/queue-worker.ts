/**
 * Child process of the multi-process queue test: waits for "go" on stdin, then receives and deletes items
 * until the queue stays empty, printing each received key.
 * Usage: tsx queue-worker.ts STORE_PATH
 */
import { createInterface } from 'node:readline';
import { openStore } from '../sqlite-store.ts';
import { SqliteWorkQueue } from '../sqlite-work-queue.ts';

const store = openStore(process.argv[2]!);
const queue = new SqliteWorkQueue(store);
process.stdout.write('ready\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

let empty = 0;
while (empty < 3) {
  const batch = await queue.receive(3, 600_000);
  if (batch.length === 0) empty++;
  else empty = 0;
  for (const item of batch) {
    process.stdout.write(`${item.key}\n`);
    await queue.delete(item.handle);
  }
  // Work takes time: without a pause one process can drain the whole queue before the others get the lock.
  await new Promise((resolve) => setTimeout(resolve, 2));
}
store.close();
process.stdout.write('done\n');
process.exit(0);
