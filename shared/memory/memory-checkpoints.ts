import type { Checkpoints, Clock } from '../ports.ts';

/** Checkpoints and leases in memory. A lease is free when unheld or expired; its holder may renew it. */
export class MemoryCheckpoints implements Checkpoints {
  private readonly values = new Map<string, string>();
  private readonly leases = new Map<string, { owner: string; until: number }>();

  constructor(private readonly clock: Clock) {}

  async get(name: string): Promise<string | undefined> {
    return this.values.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    this.values.set(name, value);
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const held = this.leases.get(name);
    if (held && held.owner !== owner && held.until > now) return false;
    this.leases.set(name, { owner, until: now + ttlMs });
    return true;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    if (this.leases.get(name)?.owner === owner) this.leases.delete(name);
  }

  /** Current holder of a lease, if unexpired (tests). */
  holder(name: string): string | undefined {
    const held = this.leases.get(name);
    return held && held.until > this.clock.now() ? held.owner : undefined;
  }
}
