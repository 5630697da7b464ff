/**
 * The four ml-connector queries (docs/peoplesoft-setup.md) as typed reads: prompts in the documented order, every row
 * fetched (windows bisected, keyset pages followed), rows mapped and validated, bad rows reported.
 */
import {
  type InventoryBalance,
  type ItemVendor,
  type PoSchedule,
  siteDateTime,
  type StagedTransaction,
  type StageStatus,
} from '../domain/index.ts';
import type { InvalidRow, Log, ReadResult } from '../ports.ts';
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
import { isSiteDate } from './site-time.ts';
import { readDateWindow } from './window-bisection.ts';

/**
 * `AFTER_ITEM` / `AFTER_REF` of the first page of a keyset-paged query: a single blank, which sorts before
 * every key under PeopleSoft's binary collation (and is how PeopleSoft stores an empty character field).
 */
export const FIRST_ITEM_SENTINEL = ' ';

/** `FROM_DTTM` that reads every inventory balance (first inventory cycle). */
export const EVERY_BALANCE_FROM = '1900-01-01T00:00:00';

interface QuerySettings {
  businessUnit: string;
  maxRows: number;
  timeZone: string;
  queries: { openPoLines: string; itemVendors: string; receiptStatus: string; inventoryBalances: string };
  /** Extra `STAGE_STATUS` codes of a site (e.g. `{"P":"PENDING"}`). */
  stageStatusCodes: Record<string, StageStatus>;
  /** `AFTER_ITEM` / `AFTER_REF` of the first page of a keyset-paged query. */
  firstItem: string;
}

export class PeopleSoftQueries {
  constructor(
    private readonly qas: QasClient,
    private readonly settings: QuerySettings,
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

  /**
   * Receipts and adjustments staged or loaded at or after `since` (epoch ms), keyset paged on
   * `EIP_TRANS_SRC_REF`. A replaced transaction shares its reference with the one it replaced, so rows are
   * told apart by reference and control id.
   */
  async receiptStatus(since: number): Promise<ReadResult<StagedTransaction>> {
    const query = this.settings.queries.receiptStatus;
    const { timeZone, stageStatusCodes } = this.settings;
    const rows = await this.readKeysetFrom(
      'receiptStatus',
      siteDateTime(since, timeZone),
      'EIP_TRANS_SRC_REF',
      (r) => `${String(r.value('EIP_TRANS_SRC_REF'))}|${String(r.value('EIP_CTL_ID'))}`,
    );
    return collect(
      rows.map((r) =>
        mapRow(query, r, transactionLabel, (row) => toStagedTransaction(row, stageStatusCodes)),
      ),
    );
  }

  /**
   * Balances changed at or after `since` (epoch ms), every balance when `since` is undefined; keyset paged
   * on `INV_ITEM_ID`, so any number of balances sharing one `DT_TIMESTAMP` are read page by page.
   */
  async inventoryBalances(since: number | undefined): Promise<ReadResult<InventoryBalance>> {
    const query = this.settings.queries.inventoryBalances;
    const { timeZone } = this.settings;
    const from = since === undefined ? EVERY_BALANCE_FROM : siteDateTime(since, timeZone);
    const rows = await this.readKeysetFrom('inventoryBalances', from, 'INV_ITEM_ID', (r) =>
      String(r.value('INV_ITEM_ID')),
    );
    return collect(
      rows.map((r) => mapRow(query, r, balanceLabel, (row) => toInventoryBalance(row, timeZone))),
    );
  }

  /** Every row of a `BUSINESS_UNIT, FROM_DTTM, AFTER_…` query, page after page. */
  private readKeysetFrom(
    kind: 'receiptStatus' | 'inventoryBalances',
    from: string,
    keyField: string,
    keyOf: (r: QasRow) => string,
  ): Promise<QasRow[]> {
    const { businessUnit, maxRows, firstItem } = this.settings;
    const query = this.settings.queries[kind];
    const [bu, fromDttm, after] = QUERY_PROMPTS[kind];
    return readKeyset({
      query,
      keyField,
      first: firstItem,
      maxRows,
      log: this.log,
      keyOf,
      fetch: async (afterKey, size, splitOnFailure) =>
        (
          await this.qas.execute(
            query,
            [
              { name: bu, value: businessUnit },
              { name: fromDttm, value: from },
              { name: after, value: afterKey },
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
