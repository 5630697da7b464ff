/**
 * Query Access Services: runs one public PS Query through `ExecuteQuery.v1` and returns its rows.
 *
 * `GET {restBaseUrl}/ExecuteQuery.v1/PUBLIC/{QUERY}/JSON/NONFILE?isconnectedquery=N&maxrows={n}
 *   &prompt_uniquepromptname={A,B}&prompt_fieldvalue={a,b}&json_resp=true`
 *
 * Prompts are positional and comma-joined with the commas left unencoded; each value is encoded on its own.
 */
import { NetworkError, RequestTimeoutError } from '../http/index.ts';
import type { Log } from '../ports.ts';
import { parseIbResponse } from './ib-response.ts';
import {
  PeopleSoftConfigError,
  PeopleSoftQueryError,
  PeopleSoftResponseError,
  PeopleSoftUnavailableError,
  snippet,
} from './peoplesoft-errors.ts';
import type { PeopleSoftTransport } from './peoplesoft-transport.ts';
import { QasRow } from './qas-row.ts';

/** One prompt: its unique prompt name (case-sensitive) and value. */
interface Prompt {
  name: string;
  value: string;
}

interface QueryAnswer {
  rows: QasRow[];
  /** `numrows` as PeopleSoft reported it (rows in this answer). */
  numrows: number;
}

interface ExecuteOptions {
  /**
   * True when the caller splits the work on a 5xx or a timeout instead of repeating the same call:
   * the policy then answers at once rather than retrying a call that is likely to fail again.
   */
  splitOnFailure: boolean;
}

/** True for the failures that a smaller window may avoid: a timeout, a dropped answer, a gateway 5xx. */
export function isSplittableFailure(e: unknown): boolean {
  return (
    e instanceof PeopleSoftUnavailableError ||
    e instanceof RequestTimeoutError ||
    (e instanceof NetworkError && e.maybeDelivered)
  );
}

export class QasClient {
  private readonly base: string;

  constructor(
    restBaseUrl: string,
    private readonly transport: PeopleSoftTransport,
    private readonly log: Log,
  ) {
    this.base = restBaseUrl.replace(/\/+$/, '');
  }

  /** The request URL of a query (exposed for tests and diagnostics). */
  url(query: string, prompts: Prompt[], maxRows: number): string {
    for (const p of prompts) {
      if (p.value.includes(',')) {
        throw new PeopleSoftConfigError(
          'peoplesoft.queries',
          `prompt ${p.name} of query ${query} cannot hold a comma (value "${p.value}"): PeopleSoft splits prompt values on commas`,
        );
      }
    }
    const names = prompts.map((p) => encodeURIComponent(p.name)).join(',');
    const values = prompts.map((p) => encodeURIComponent(p.value)).join(',');
    return (
      `${this.base}/ExecuteQuery.v1/PUBLIC/${encodeURIComponent(query)}/JSON/NONFILE` +
      `?isconnectedquery=N&maxrows=${maxRows}` +
      `&prompt_uniquepromptname=${names}&prompt_fieldvalue=${values}&json_resp=true`
    );
  }

  /** Runs the query once and returns its rows; throws typed errors for every unusable answer. */
  async execute(
    query: string,
    prompts: Prompt[],
    maxRows: number,
    opts: ExecuteOptions,
  ): Promise<QueryAnswer> {
    const endpoint = `ExecuteQuery ${query}`;
    const res = await this.transport.send(
      endpoint,
      { url: this.url(query, prompts, maxRows), method: 'GET', headers: { Accept: 'application/json' } },
      // Reads are safe to repeat; a splittable window is split instead of repeated.
      { idempotent: !opts.splitOnFailure },
    );
    const body = await res.text();
    if (res.status >= 500) {
      const ib = parseIbResponse(body);
      throw new PeopleSoftUnavailableError(
        endpoint,
        res.status,
        `PeopleSoft answered HTTP ${res.status} to query ${query}: ${ib?.type === 'error' ? ib.message : snippet(body) || 'no details'}`,
      );
    }
    const trimmed = body.trim();
    if (trimmed === '') {
      throw new PeopleSoftResponseError(
        endpoint,
        res.status,
        `PeopleSoft answered query ${query} with an empty body (HTTP ${res.status}); check peoplesoft.restBaseUrl`,
      );
    }
    if (trimmed.startsWith('<')) {
      const ib = parseIbResponse(trimmed);
      if (ib?.type === 'error') {
        throw new PeopleSoftQueryError(
          query,
          res.status,
          `PeopleSoft refused query ${query} (HTTP ${res.status}): ${ib.message}`,
          ib.messageSet,
          ib.messageId,
        );
      }
      throw new PeopleSoftResponseError(
        endpoint,
        res.status,
        `PeopleSoft answered query ${query} with a page instead of JSON (HTTP ${res.status}): ${snippet(trimmed)}; check peoplesoft.restBaseUrl and that the gateway is up`,
      );
    }
    if (!res.ok) {
      throw new PeopleSoftQueryError(
        query,
        res.status,
        `PeopleSoft refused query ${query} (HTTP ${res.status}): ${snippet(trimmed)}`,
      );
    }
    return this.readAnswer(query, endpoint, res.status, trimmed);
  }

  private readAnswer(query: string, endpoint: string, status: number, text: string): QueryAnswer {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new PeopleSoftResponseError(
        endpoint,
        status,
        `PeopleSoft answered query ${query} with invalid JSON: ${snippet(text)}`,
      );
    }
    const top = (doc ?? {}) as { status?: unknown; data?: { query?: Record<string, unknown> } };
    if (top.status !== undefined && String(top.status).toLowerCase() !== 'success') {
      throw new PeopleSoftQueryError(
        query,
        status,
        `PeopleSoft answered query ${query} with status "${String(top.status)}": ${snippet(text)}`,
      );
    }
    const q = top.data?.query;
    if (!q || typeof q !== 'object') {
      throw new PeopleSoftResponseError(
        endpoint,
        status,
        `PeopleSoft's answer to query ${query} has no data.query: ${snippet(text)}`,
      );
    }
    const name = q.queryname ?? q['queryname='];
    if (typeof name === 'string' && name.trim().toUpperCase() !== query.toUpperCase()) {
      this.log.warn('peoplesoft answered for another query', { query, answeredFor: name });
    }
    const rawRows = q.rows === undefined || q.rows === null || q.rows === '' ? [] : q.rows;
    const list = Array.isArray(rawRows) ? rawRows : [rawRows];
    const rows = list
      .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object')
      .map((r, i) => new QasRow(r, i + 1));
    const numrows = Number(q.numrows);
    return { rows, numrows: Number.isFinite(numrows) ? numrows : rows.length };
  }
}
