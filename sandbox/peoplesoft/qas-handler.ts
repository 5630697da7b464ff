/**
 * `GET /PSIGW/RESTListeningConnector/{node}/ExecuteQuery.v1/{owner}/{query}/{type}/{format}?…` in the
 * sandbox: validates node, query, flags and prompts (names, order and count), applies `maxrows`, charges a
 * cost per row returned against the gateway timeout, and renders the answer in the configured key style.
 */
import type { ServerResponse } from 'node:http';
import { XMLBuilder } from 'fast-xml-parser';
import type { Clock } from '../../shared/ports.ts';
import { htmlErrorPage, ibError, send, sendJson, sendXml } from './gateway-responses.ts';
import type { PeopleSoftData } from './sandbox-data.ts';
import type { SandboxFaults } from './sandbox-faults.ts';
import type { QueryContext, QueryRow, SandboxQuery } from './sandbox-queries.ts';

export interface QasSettings {
  node: string;
  /** Installed queries by name. */
  queries: Map<string, SandboxQuery>;
  /** Query Security Profile row caps by query name. */
  rowCaps: Map<string, number>;
  keyStyle: 'field' | 'alias';
  querynameKey: 'queryname' | 'queryname=';
  context: QueryContext;
}

interface QasOutcome {
  status: number;
  query?: string;
  rows?: number;
  /** The request was answered by dropping the socket. */
  lost?: boolean;
}

const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true });

function refuse(res: ServerResponse, status: number, message: string, query?: string): QasOutcome {
  sendXml(res, status, ibError({ messageSet: 158, messageId: status === 404 ? 10200 : 10100, message }));
  return { status, query };
}

/** Handles one ExecuteQuery request; `segments` are the path parts after `RESTListeningConnector`. */
export async function handleExecuteQuery(
  res: ServerResponse,
  segments: string[],
  params: URLSearchParams,
  settings: QasSettings,
  data: PeopleSoftData,
  faults: SandboxFaults,
  clock: Clock,
): Promise<QasOutcome> {
  const [node, operation, owner, queryName = '', type = '', format = ''] = segments;
  if (node !== settings.node) {
    return refuse(res, 404, `Node ${node ?? ''} is not the default local node of this database.`);
  }
  if (operation !== 'ExecuteQuery.v1') {
    return refuse(res, 404, `No REST service operation is defined for ${operation ?? ''}.`);
  }
  const query = settings.queries.get(queryName);
  if (!query || owner?.toUpperCase() !== 'PUBLIC') {
    return refuse(res, 404, `Query ${queryName} does not exist or is not a ${owner ?? ''} query.`, queryName);
  }
  if (format.toUpperCase() !== 'NONFILE') {
    return refuse(res, 400, `Output format ${format} is not supported; use NONFILE.`, queryName);
  }
  if ((params.get('isconnectedquery') ?? '').toUpperCase() !== 'N') {
    return refuse(
      res,
      400,
      'isconnectedquery must be N for a query that is not a connected query.',
      queryName,
    );
  }
  const maxRowsText = params.get('maxrows');
  const maxRows = Number(maxRowsText);
  if (maxRowsText === null || !Number.isInteger(maxRows) || maxRows < 0) {
    return refuse(res, 400, 'maxrows is required and must be a whole number.', queryName);
  }
  const namesText = params.get('prompt_uniquepromptname') ?? '';
  const names = namesText === '' ? [] : namesText.split(',');
  const values = (params.get('prompt_fieldvalue') ?? '').split(',');
  if (names.join(',') !== query.prompts.join(',')) {
    return refuse(
      res,
      400,
      `Prompts "${names.join(',')}" do not match the prompts of query ${queryName}: ${query.prompts.join(',')}.`,
      queryName,
    );
  }
  if (values.length !== names.length) {
    return refuse(
      res,
      400,
      `Query ${queryName} needs ${names.length} prompt values, got ${values.length}.`,
      queryName,
    );
  }
  const bad = query.checkValues(values);
  if (bad) return refuse(res, 400, bad, queryName);

  const cap = settings.rowCaps.get(queryName) ?? Number.POSITIVE_INFINITY;
  const limit = Math.min(maxRows > 0 ? maxRows : Number.POSITIVE_INFINITY, cap);
  const all = query.rows(data, values, settings.context, limit);
  const rows = Number.isFinite(limit) ? all.slice(0, limit) : all;
  const cost = faults.queryLatencyMs + rows.length * faults.rowCostMs;
  if (cost > faults.gatewayTimeoutMs) {
    await clock.sleep(faults.gatewayTimeoutMs);
    if (faults.timeoutAnswer === 'html-504')
      send(res, 504, 'text/html', htmlErrorPage(504, 'Gateway Timeout'));
    else {
      sendXml(
        res,
        500,
        ibError({ messageSet: 158, messageId: 10623, message: 'Integration Gateway timeout.' }),
      );
    }
    return { status: faults.timeoutAnswer === 'html-504' ? 504 : 500, query: queryName, rows: 0 };
  }
  if (cost > 0) await clock.sleep(cost);
  if (faults.takeLost('query')) {
    res.socket?.destroy();
    return { status: 0, query: queryName, rows: rows.length, lost: true };
  }
  const rendered = rows.map((r, i) => render(r, i + 1, query, settings.keyStyle));
  if ((params.get('json_resp') ?? '').toLowerCase() === 'true' && type.toUpperCase() === 'JSON') {
    sendJson(res, 200, {
      status: 'success',
      data: { query: { numrows: rows.length, [settings.querynameKey]: queryName, rows: rendered } },
    });
  } else {
    const body = xml.build({
      query: {
        '@_numrows': rows.length,
        '@_queryname': queryName,
        row: rendered.map(({ 'attr:rownumber': n, ...fields }) => ({ '@_rownumber': n, ...fields })),
      },
    });
    sendXml(res, 200, `<?xml version="1.0"?>${body}`);
  }
  return { status: 200, query: queryName, rows: rows.length };
}

function render(
  row: QueryRow,
  n: number,
  query: SandboxQuery,
  style: 'field' | 'alias',
): Record<string, unknown> {
  const out: Record<string, unknown> = { 'attr:rownumber': n };
  for (const f of query.fields) {
    const key = style === 'alias' && f.alias ? `${f.alias}.${f.name}` : f.name;
    out[key] = row[f.name] ?? '';
  }
  return out;
}
