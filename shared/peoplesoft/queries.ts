/**
 * The four ml-connector queries (contract §4) as typed reads: prompts in the contract's order, every row
 * fetched (windows bisected, keyset pages followed), rows mapped and validated, bad rows reported.
 */
import type { InventoryBalance, ItemVendor, StagedTransaction, StageStatus } from '../domain/erp-records.ts';
import type { PoSchedule } from '../domain/purchase-order.ts';
import type { Clock, InvalidRow, Log, ReadResult } from '../ports.ts';
import { readKeyset } from './keyset-pages.ts';
import { PeopleSoftConfigError } from './peoplesoft-errors.ts';
import type { QasClient } from './qas-client.ts';
import type { QasRow } from './qas-row.ts';
import {
  balanceLabel,
  itemVendorLabel,
  type Mapped,
  mapRow,
  QUERY_PROMPTS,
  scheduleLabel,
  toInventoryBalance,
  toItemVendor,
  toPoSchedule,
  toStagedTransaction,
  transactionLabel,
} from './query-rows.ts';
import { siteDateTime } from '../domain/site-date.ts';
import { isSiteDate } from './site-time.ts';
import { readDateWindow, readSince } from './window-bisection.ts';

/**
 * `AFTER_ITEM` of the first item–vendor page: a single blank, which sorts before every item id under
 * PeopleSoft's binary collation (and is how PeopleSoft stores an empty character field).
 */
export const FIRST_ITEM_SENTINEL = ' ';

/** `FROM_DTTM` that reads every inventory balance (first inventory cycle). */
export const EVERY_BALANCE_FROM = '1900-01-01T00:00:00';

export interface QuerySettings {
  businessUnit: string;
  maxRows: number;
  timeZone: string;
  queries: { openPoLines: string; itemVendors: string; receiptStatus: string; inventoryBalances: string };
  /** Largest `maxrows` a date-time query that cannot be paged further is re-read with. */
  maxRowsCeiling: number;
  /** Extra `STAGE_STATUS` codes of a site (e.g. `{"P":"PENDING"}`). */
  stageStatusCodes: Record<string, StageStatus>;
  /** `AFTER_ITEM` of the first page. */
  firstItem: string;
}

export class PeopleSoftQueries {
  constructor(
    private readonly qas: QasClient,
    private readonly settings: QuerySettings,
    private readonly clock: Clock,
    private readonly log: Log,
  ) {}

  /** Open schedules with `PO_DT` in `[from, to]`, every row. */
  async openPoLines(from: string, to: string): Promise<ReadResult<PoSchedule>> {
    const query = this.settings.queries.openPoLines;
    for (const [name, value] of [
      ['fromDate', from],
      ['toDate', to],
    ] as const) {
      if (!isSiteDate(value)) {
        throw new PeopleSoftConfigError(
          name,
          `${name} "${value}" of query ${query} is not a date YYYY-MM-DD`,
        );
      }
    }
    if (from > to) return { rows: [], invalid: [] };
    const [bu, fromDt, toDt] = QUERY_PROMPTS.openPoLines;
    const rows = await readDateWindow({
      query,
      from,
      to,
      maxRows: this.settings.maxRows,
      log: this.log,
      keyOf: (r) =>
        ['BUSINESS_UNIT', 'PO_ID', 'LINE_NBR', 'SCHED_NBR'].map((f) => String(r.value(f))).join('|'),
      fetch: async (f, t, splitOnFailure) =>
        (
          await this.qas.execute(
            query,
            [
              { name: bu, value: this.settings.businessUnit },
              { name: fromDt, value: f },
              { name: toDt, value: t },
            ],
            this.settings.maxRows,
            { splitOnFailure },
          )
        ).rows,
    });
    return collect(rows.map((r) => mapRow(query, r, scheduleLabel, toPoSchedule)));
  }

  /** The whole item–vendor list, keyset paged on `INV_ITEM_ID`. */
  async itemVendors(): Promise<ReadResult<ItemVendor>> {
    const query = this.settings.queries.itemVendors;
    const [bu, afterItem] = QUERY_PROMPTS.itemVendors;
    const rows = await readKeyset({
      query,
      keyField: 'INV_ITEM_ID',
      first: this.settings.firstItem,
      maxRows: this.settings.maxRows,
      log: this.log,
      keyOf: (r) => `${String(r.value('INV_ITEM_ID'))}|${String(r.value('VENDOR_ID'))}`,
      fetch: async (after, size, splitOnFailure) =>
        (
          await this.qas.execute(
            query,
            [
              { name: bu, value: this.settings.businessUnit },
              { name: afterItem, value: after },
            ],
            size,
            { splitOnFailure },
          )
        ).rows,
    });
    return collect(rows.map((r) => mapRow(query, r, itemVendorLabel, toItemVendor)));
  }

  /** Receipts and adjustments staged or loaded at or after `since` (epoch ms). */
  async receiptStatus(since: number): Promise<ReadResult<StagedTransaction>> {
    const query = this.settings.queries.receiptStatus;
    const { timeZone, stageStatusCodes } = this.settings;
    const rows = await this.readFrom(query, siteDateTime(since, timeZone), undefined);
    return collect(
      rows.map((r) =>
        mapRow(query, r, transactionLabel, (row) => toStagedTransaction(row, stageStatusCodes)),
      ),
    );
  }

  /** Balances changed at or after `since` (epoch ms); every balance when `since` is undefined. */
  async inventoryBalances(since: number | undefined): Promise<ReadResult<InventoryBalance>> {
    const query = this.settings.queries.inventoryBalances;
    const { timeZone } = this.settings;
    const from = since === undefined ? EVERY_BALANCE_FROM : siteDateTime(since, timeZone);
    // Keyed by item: a balance read on two pages keeps its later (newer) row.
    const rows = await this.readFrom(query, from, 'DT_TIMESTAMP', (r) => String(r.value('INV_ITEM_ID')));
    return collect(
      rows.map((r) => mapRow(query, r, balanceLabel, (row) => toInventoryBalance(row, timeZone))),
    );
  }

  private readFrom(
    query: string,
    from: string,
    orderField: string | undefined,
    keyOf?: (r: QasRow) => string,
  ): Promise<QasRow[]> {
    const { businessUnit, maxRows, maxRowsCeiling, timeZone } = this.settings;
    const [bu, fromDttm] = QUERY_PROMPTS.receiptStatus;
    return readSince({
      query,
      from,
      until: siteDateTime(this.clock.now(), timeZone),
      maxRows,
      maxRowsCeiling,
      orderField,
      timeZone,
      keyOf,
      log: this.log,
      fetch: async (f, size, splitOnFailure) =>
        (
          await this.qas.execute(
            query,
            [
              { name: bu, value: businessUnit },
              { name: fromDttm, value: f },
            ],
            size,
            { splitOnFailure },
          )
        ).rows,
    });
  }
}

function collect<T>(mapped: Mapped<T>[]): ReadResult<T> {
  const rows: T[] = [];
  const invalid: InvalidRow[] = [];
  const seen = new Set<string>();
  for (const m of mapped) {
    if (m.ok) rows.push(m.value);
    else {
      const key = `${m.invalid.field}|${m.invalid.message}`;
      if (!seen.has(key)) invalid.push(m.invalid);
      seen.add(key);
    }
  }
  return { rows, invalid };
}
