import type { Clock, ReceivedWork, WorkItem, WorkQueue } from '../ports.ts';

interface Message {
  id: number;
  item: WorkItem;
  visibleAt: number;
  receiveCount: number;
  /** Handle of the latest receive; older handles no longer delete or release. */
  handle?: string;
}

/**
 * A work queue in memory with SQS + DLQ semantics: a received message is invisible for the visibility
 * timeout, comes back when not deleted, and moves to the dead letters when a receive would exceed
 * `maxReceives` (SQS `maxReceiveCount`).
 */
export class MemoryWorkQueue implements WorkQueue {
  private readonly messages: Message[] = [];
  private readonly dead: Message[] = [];
  private nextId = 1;
  private nextHandle = 1;

  constructor(
    private readonly clock: Clock,
    private readonly maxReceives = 5,
  ) {}

  async send(items: WorkItem[]): Promise<void> {
    const now = this.clock.now();
    for (const item of items) {
      this.messages.push({ id: this.nextId++, item: { ...item }, visibleAt: now, receiveCount: 0 });
    }
  }

  async receive(max: number, visibilityTimeoutMs: number): Promise<ReceivedWork[]> {
    const now = this.clock.now();
    const out: ReceivedWork[] = [];
    for (const m of [...this.messages]) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      if (m.receiveCount >= this.maxReceives) {
        this.messages.splice(this.messages.indexOf(m), 1);
        this.dead.push(m);
        continue;
      }
      m.receiveCount += 1;
      m.visibleAt = now + visibilityTimeoutMs;
      m.handle = `h${this.nextHandle++}`;
      out.push({ ...m.item, handle: m.handle, receiveCount: m.receiveCount });
    }
    return out;
  }

  async delete(handle: string): Promise<void> {
    const at = this.messages.findIndex((m) => m.handle === handle);
    if (at >= 0) this.messages.splice(at, 1);
  }

  async release(handle: string, delayMs: number): Promise<void> {
    const m = this.messages.find((x) => x.handle === handle);
    if (m) m.visibleAt = this.clock.now() + Math.max(0, delayMs);
  }

  async postpone(work: ReceivedWork, delayMs: number): Promise<void> {
    const m = this.messages.find((x) => x.handle === work.handle);
    if (!m) return;
    m.visibleAt = this.clock.now() + Math.max(0, delayMs);
    m.receiveCount = Math.max(0, m.receiveCount - 1);
    m.item = { ...m.item, postponed: (m.item.postponed ?? 0) + 1 };
    m.handle = undefined;
  }

  async deadLetters(): Promise<WorkItem[]> {
    return this.dead.map((m) => ({ ...m.item }));
  }

  async redrive(keys?: string[]): Promise<number> {
    const wanted = keys ? new Set(keys) : undefined;
    const moving = this.dead.filter((m) => !wanted || wanted.has(m.item.key));
    const now = this.clock.now();
    for (const m of moving) {
      this.dead.splice(this.dead.indexOf(m), 1);
      this.messages.push({ id: m.id, item: m.item, visibleAt: now, receiveCount: 0 });
    }
    return moving.length;
  }

  /** Messages not dead-lettered, visible or not (tests). */
  pending(): WorkItem[] {
    return this.messages.map((m) => ({ ...m.item }));
  }
}
