import {
  type AuditEntry,
  holdsReservation,
  type InventoryEntry,
  type InventoryFilter,
  type LineRecord,
  type LineStatus,
} from '../domain/index.ts';
import type { AuditFilter, AuditTrail } from '../ports.ts';

/**
 * The audit trail in memory, with the same conditional-write semantics as the SQLite and DynamoDB ones.
 * Records are copied in and out so a caller can never change stored state by mutating an object.
 */
export class MemoryAuditTrail implements AuditTrail {
  private readonly inventory: InventoryEntry[] = [];
  private readonly records = new Map<string, LineRecord>();
  private readonly entries: AuditEntry[] = [];
  /** Test hook: runs before every update; throwing simulates a crash or an outage at that point. */
  beforeUpdate?: (next: LineRecord, expectedVersion: number) => void | Promise<void>;

  async get(key: string): Promise<LineRecord | undefined> {
    const r = this.records.get(key);
    return r ? structuredClone(r) : undefined;
  }

  async create(record: LineRecord, entry: AuditEntry): Promise<boolean> {
    if (this.records.has(record.key)) return false;
    this.records.set(record.key, structuredClone({ ...record, version: 1 }));
    this.entries.push(structuredClone(entry));
    return true;
  }

  async update(
    next: LineRecord,
    expectedVersion: number,
    entry: AuditEntry,
  ): Promise<LineRecord | undefined> {
    await this.beforeUpdate?.(next, expectedVersion);
    const current = this.records.get(next.key);
    if (!current || current.version !== expectedVersion) return undefined;
    const stored = structuredClone({ ...next, version: expectedVersion + 1 });
    this.records.set(next.key, stored);
    this.entries.push(structuredClone(entry));
    return structuredClone(stored);
  }

  async list(filter: AuditFilter): Promise<LineRecord[]> {
    const out = [...this.records.values()]
      .filter(
        (r) =>
          (filter.status === undefined || r.status === filter.status) &&
          (filter.reason === undefined || r.reason === filter.reason) &&
          (filter.purchaseOrderId === undefined || r.purchaseOrderId === filter.purchaseOrderId) &&
          (filter.sku === undefined || r.sku === filter.sku) &&
          (filter.updatedSince === undefined || r.updatedAt >= filter.updatedSince),
      )
      .sort((a, b) => b.updatedAt - a.updatedAt || a.key.localeCompare(b.key));
    return structuredClone(filter.limit === undefined ? out : out.slice(0, filter.limit));
  }

  async *listEach(filter: AuditFilter): AsyncIterable<LineRecord> {
    for (const r of await this.list(filter)) yield r;
  }

  async recordInventory(entries: InventoryEntry[]): Promise<void> {
    this.inventory.push(...structuredClone(entries));
  }

  async *inventoryEntries(filter: InventoryFilter): AsyncIterable<InventoryEntry> {
    const out = this.inventory
      .map((e, i) => ({ e, i }))
      .filter(
        ({ e }) =>
          (filter.sku === undefined || e.sku === filter.sku) &&
          (filter.since === undefined || e.at >= filter.since),
      )
      .sort((a, b) => b.e.at - a.e.at || b.i - a.i)
      .map(({ e }) => structuredClone(e));
    yield* filter.limit === undefined ? out : out.slice(0, filter.limit);
  }

  async byStatus(statuses: LineStatus[], limit?: number): Promise<LineRecord[]> {
    const wanted = new Set(statuses);
    const out = [...this.records.values()]
      .filter((r) => wanted.has(r.status))
      .sort((a, b) => a.updatedAt - b.updatedAt || a.key.localeCompare(b.key));
    return structuredClone(limit === undefined ? out : out.slice(0, limit));
  }

  async reservingLines(items?: readonly string[]): Promise<LineRecord[]> {
    const wanted = items && new Set(items);
    const out = [...this.records.values()]
      .filter((r) => holdsReservation(r) && (!wanted || wanted.has(r.itemId ?? r.sku)))
      .sort((a, b) => a.updatedAt - b.updatedAt || a.key.localeCompare(b.key));
    return structuredClone(out);
  }

  async history(purchaseOrderId: string): Promise<AuditEntry[]> {
    return structuredClone(this.entries.filter((e) => e.purchaseOrderId === purchaseOrderId));
  }

  /** Every record (tests). */
  all(): LineRecord[] {
    return structuredClone([...this.records.values()]);
  }

  /** Every entry of one line, oldest first (tests). */
  entriesOf(key: string): AuditEntry[] {
    return structuredClone(this.entries.filter((e) => e.key === key));
  }

  /** Every entry, oldest first (tests). */
  allEntries(): AuditEntry[] {
    return structuredClone(this.entries);
  }
}
