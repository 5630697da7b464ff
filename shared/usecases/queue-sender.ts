import type { WorkItem, WorkQueue } from '../ports.ts';

/** Buffers work items and sends them in chunks, so a long poll keeps memory flat and sends few requests. */
export class QueueSender {
  private buffer: WorkItem[] = [];
  sent = 0;

  constructor(
    private readonly queue: WorkQueue,
    private readonly chunk: number,
  ) {}

  /** Queues one item; sends when the chunk is full. */
  async add(item: WorkItem): Promise<void> {
    this.buffer.push(item);
    if (this.buffer.length >= this.chunk) await this.flush();
  }

  /** Sends whatever is buffered. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    await this.queue.send(batch);
    this.sent += batch.length;
  }
}
