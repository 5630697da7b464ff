import type { AuditEntry, InventoryEntry, InventoryFilter, LineRecord, LineStatus } from '../domain/index.ts';
import type { AuditFilter, AuditTrail } from '../ports.ts';

/**
 * An AuditTrail that counts the lines it sees flagged, by reason code, for the `LinesFlagged` metric.
 * Counting at the one place every use case writes through gives exact per-invocation numbers, whichever
 * use case raised the flag and however many functions run at once.
 */
export class FlagTally implements AuditTrail {
  private counts = new Map<string, number>();

  constructor(private readonly inner: AuditTrail) {}

  /** Flags counted since the last call, by reason; the tally starts again from zero. */
  take(): Map<string, number> {
    const out = this.counts;
    this.counts = new Map();
    return out;
  }

  get(key: string): Promise<LineRecord | undefined> {
    return this.inner.get(key);
  }

  async create(record: LineRecord, entry: AuditEntry): Promise<boolean> {
    const created = await this.inner.create(record, entry);
    if (created && record.status === 'FLAGGED') this.note(record);
    return created;
  }

  async update(
    next: LineRecord,
    expectedVersion: number,
    entry: AuditEntry,
  ): Promise<LineRecord | undefined> {
    const stored = await this.inner.update(next, expectedVersion, entry);
    // Only a change INTO the flagged state counts; notes added to an already flagged line do not.
    if (stored && stored.status === 'FLAGGED' && entry.from !== 'FLAGGED') this.note(stored);
    return stored;
  }

  list(filter: AuditFilter): Promise<LineRecord[]> {
    return this.inner.list(filter);
  }

  listEach(filter: AuditFilter): AsyncIterable<LineRecord> {
    return this.inner.listEach(filter);
  }

  recordInventory(entries: InventoryEntry[]): Promise<void> {
    return this.inner.recordInventory(entries);
  }

  inventoryEntries(filter: InventoryFilter): AsyncIterable<InventoryEntry> {
    return this.inner.inventoryEntries(filter);
  }

  byStatus(statuses: LineStatus[], limit?: number): Promise<LineRecord[]> {
    return this.inner.byStatus(statuses, limit);
  }

  reservingLines(items?: readonly string[]): Promise<LineRecord[]> {
    return this.inner.reservingLines(items);
  }

  history(purchaseOrderId: string): Promise<AuditEntry[]> {
    return this.inner.history(purchaseOrderId);
  }

  private note(record: LineRecord): void {
    const reason = record.reason ?? 'UNSPECIFIED';
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }
}
