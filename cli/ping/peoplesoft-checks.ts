import type { Config } from '../../shared/config/index.ts';
import { HttpPolicy } from '../../shared/http/index.ts';
import type { Redactor } from '../../shared/logging/index.ts';
import {
  EVERY_BALANCE_FROM,
  FIRST_ITEM_SENTINEL,
  OPTIONAL_RECEIPT_STATUS_FIELDS,
  parseIbResponse,
  PeopleSoftAuth,
  PeopleSoftAuthError,
  PeopleSoftTransport,
  QasClient,
  QUERY_FIELDS,
  QUERY_PROMPTS,
} from '../../shared/peoplesoft/index.ts';
import { siteDate, siteDateDaysBefore, siteDateTime } from '../../shared/domain/index.ts';
import type { Clock, CredentialSource, Log } from '../../shared/ports.ts';
import { checkReachable } from './network-checks.ts';
import { queryFix } from './peoplesoft-fixes.ts';
import type { CheckList } from './ping-check.ts';

type QueryKind = keyof typeof QUERY_FIELDS;

/** Fields a row may leave out when they are empty (adjustments have no PO, staged rows no receiver). */
const OPTIONAL_FIELDS = new Set<string>(OPTIONAL_RECEIPT_STATUS_FIELDS);

const OPERATIONS = ['PURCHASE_ORDER_RECEIPT.VERSION_1', 'INVENTORY_ADJUSTMENT.VERSION_1'];
const DAY = 86_400_000;

/** Runs every PeopleSoft check into `list`. */
export async function checkPeopleSoft(
  list: CheckList,
  config: Config,
  credentials: CredentialSource,
  deps: { clock: Clock; log: Log; redactor: Redactor },
): Promise<void> {
  const ps = config.peoplesoft;
  const now = deps.clock.now();
  const urls: [string, string][] = [
    ['peoplesoft.restBaseUrl', ps.restBaseUrl],
    ['peoplesoft.httpListenerUrl', ps.httpListenerUrl],
  ];
  if (ps.auth.type === 'oauth2' && ps.auth.tokenUrl)
    urls.push(['peoplesoft.auth.tokenUrl', ps.auth.tokenUrl]);
  const reachable = new Map<string, boolean>();
  for (const [key, url] of urls) {
    const origin = new URL(url).origin;
    if (!reachable.has(origin))
      reachable.set(origin, await checkReachable(list, 'peoplesoft', key, url, now));
  }
  const ok = (url: string) => reachable.get(new URL(url).origin) === true;

  const policy = new HttpPolicy({
    system: 'peoplesoft',
    timeoutMs: Math.min(ps.timeoutMs, 30_000),
    maxRetries: 0,
    clock: deps.clock,
    log: deps.log,
  });
  const auth = new PeopleSoftAuth({
    auth: ps.auth,
    credentials: async () => {
      const c = await credentials.peoplesoft();
      deps.redactor.add(c.type === 'basic' ? c.password : c.clientSecret);
      return c;
    },
    policy,
    clock: deps.clock,
    log: deps.log,
  });
  const transport = new PeopleSoftTransport(policy, auth);

  const queries = Object.keys(QUERY_FIELDS) as QueryKind[];
  const later = [
    ...(ps.auth.type === 'oauth2' ? ['credentials (OAuth2 token grant)'] : []),
    ...queries.map((q) => `query ${ps.queries[q]}`),
    ...OPERATIONS.map((o) => `service ${o}`),
  ];
  const present = await list.run(
    'peoplesoft',
    'credentials available',
    async () => {
      const c = await credentials.peoplesoft();
      return {
        detail:
          c.type === 'basic'
            ? `PEOPLESOFT_USERNAME ${c.username} and PEOPLESOFT_PASSWORD are set`
            : `PEOPLESOFT_CLIENT_ID ${c.clientId} and PEOPLESOFT_CLIENT_SECRET are set`,
      };
    },
    (e) => ({ detail: message(e), fix: 'Set them in the environment, or `ml-connector secrets set NAME`.' }),
  );
  if (!present) {
    list.skip('peoplesoft', later, 'credentials missing');
    return;
  }

  if (ps.auth.type === 'oauth2' && ps.auth.tokenUrl) {
    if (!ok(ps.auth.tokenUrl))
      list.skip('peoplesoft', ['credentials (OAuth2 token grant)'], 'token endpoint not reachable');
    else {
      await list.run(
        'peoplesoft',
        'credentials (OAuth2 token grant)',
        async () => {
          const header = await auth.header();
          deps.redactor.add(header.replace(/^Bearer\s+/i, ''));
          return { detail: `the identity provider granted a token to client ${auth.principal()}` };
        },
        (e) => ({
          detail: message(e),
          fix: 'Check PEOPLESOFT_CLIENT_ID / PEOPLESOFT_CLIENT_SECRET and peoplesoft.auth.tokenUrl / scope.',
        }),
      );
    }
  }

  if (!ok(ps.restBaseUrl)) {
    list.skip(
      'peoplesoft',
      queries.map((q) => `query ${ps.queries[q]}`),
      'peoplesoft.restBaseUrl not reachable',
    );
  } else {
    const qas = new QasClient(ps.restBaseUrl, transport, deps.log);
    const empty = new Set<QueryKind>();
    for (const kind of queries) {
      const outcome = await checkQuery(list, qas, config, kind, now);
      if (outcome === 'empty') empty.add(kind);
      if (outcome === 'refused') {
        // Every further call would be refused the same way, and repeated failures can lock the account.
        const done = new Set(list.results.map((r) => r.check));
        list.skip(
          'peoplesoft',
          later.filter((c) => !done.has(c)),
          'PeopleSoft refused the credentials',
        );
        return;
      }
    }
    // One query without rows is fine on a young system; no open PO, no item vendor and no balance at all
    // means the business unit is not the one the data lives in (and a sync would still post adjustments).
    const master: QueryKind[] = ['openPoLines', 'itemVendors', 'inventoryBalances'];
    if (master.every((k) => empty.has(k))) {
      list.add({
        system: 'peoplesoft',
        check: 'business unit',
        status: 'fail',
        detail: `business unit ${ps.businessUnit} has no open PO lines, no item vendors and no inventory balances`,
        fix: 'check peoplesoft.businessUnit (the inventory business unit your Walmart stock is held in, e.g. US001)',
      });
    }
  }

  if (!ok(ps.httpListenerUrl)) {
    list.skip(
      'peoplesoft',
      OPERATIONS.map((o) => `service ${o}`),
      'peoplesoft.httpListenerUrl not reachable',
    );
    return;
  }
  for (const operation of OPERATIONS) await checkOperation(list, transport, config, operation);
}

function promptValues(config: Config, kind: QueryKind, now: number): string[] {
  const ps = config.peoplesoft;
  switch (kind) {
    case 'openPoLines':
      return [
        ps.businessUnit,
        siteDateDaysBefore(now, ps.poLookbackDays, ps.timeZone),
        siteDate(now, ps.timeZone),
      ];
    case 'itemVendors':
      return [ps.businessUnit, FIRST_ITEM_SENTINEL];
    case 'receiptStatus':
      return [ps.businessUnit, siteDateTime(now - 30 * DAY, ps.timeZone), FIRST_ITEM_SENTINEL];
    case 'inventoryBalances':
      return [ps.businessUnit, EVERY_BALANCE_FROM, FIRST_ITEM_SENTINEL];
  }
}

/** Runs one query check: `refused` when PeopleSoft refused the credentials (401), `empty` when no row came. */
async function checkQuery(
  list: CheckList,
  qas: QasClient,
  config: Config,
  kind: QueryKind,
  now: number,
): Promise<'ok' | 'refused' | 'empty' | 'failed'> {
  const name = config.peoplesoft.queries[kind];
  const values = promptValues(config, kind, now);
  const prompts = QUERY_PROMPTS[kind].map((p, i) => ({ name: p, value: values[i] ?? '' }));
  let outcome: 'ok' | 'refused' | 'empty' | 'failed' = 'ok';
  await list.run(
    'peoplesoft',
    `query ${name}`,
    async () => {
      const answer = await qas.execute(name, prompts, 1, { splitOnFailure: false });
      const row = answer.rows[0];
      if (!row) {
        outcome = 'empty';
        return {
          status: 'warn',
          detail: `ran but returned no rows, so its fields could not be checked`,
          fix: `fine on an empty system; otherwise check the query's criteria and prompts (${QUERY_PROMPTS[kind].join(', ')})`,
        };
      }
      const missing = QUERY_FIELDS[kind].filter((f) => row.value(f) === undefined);
      const required = missing.filter((f) => !OPTIONAL_FIELDS.has(f));
      if (required.length > 0) {
        return {
          status: 'fail',
          detail: `lacks field${required.length > 1 ? 's' : ''} ${required.join(', ')}`,
          fix: `add ${required.join(', ')} to the query's fields (docs/operations.md, "The four PeopleSoft queries")`,
        };
      }
      return {
        detail: `ran and returns the expected fields${missing.length ? ` (empty in the sample row: ${missing.join(', ')})` : ''}`,
      };
    },
    (e) => {
      outcome = e instanceof PeopleSoftAuthError && e.status !== 403 ? 'refused' : 'failed';
      return { detail: message(e), fix: queryFix(e, name, kind, config) };
    },
  );
  return outcome;
}

async function checkOperation(
  list: CheckList,
  transport: PeopleSoftTransport,
  config: Config,
  operation: string,
): Promise<void> {
  const ps = config.peoplesoft;
  await list.run(
    'peoplesoft',
    `service ${operation}`,
    async () => {
      const res = await transport.send(
        `HttpListeningConnector ${operation} ping`,
        {
          url: ps.httpListenerUrl,
          method: 'POST',
          headers: {
            OperationName: operation,
            OperationType: 'Ping',
            From: ps.externalNode,
            To: ps.node,
            'Content-Type': 'text/xml',
          },
          body: '',
        },
        { idempotent: true },
      );
      const body = await res.text();
      const ib = parseIbResponse(body);
      if (res.ok && ib?.type !== 'error') {
        return {
          detail: `the HTTP listening connector answered a Ping for ${operation} from node ${ps.externalNode} to ${ps.node}`,
        };
      }
      const why = ib?.type === 'error' ? ib.message : `HTTP ${res.status}`;
      return {
        status: 'fail',
        detail: `the HTTP listening connector refused a Ping for ${operation}: ${why}`,
        fix: `check peoplesoft.httpListenerUrl, that node ${ps.externalNode} (peoplesoft.externalNode) exists and may call ${ps.node} (peoplesoft.node), and that ${operation.split('.')[0]} is active with an any-to-local routing`,
      };
    },
    (e) => ({
      detail: message(e),
      fix: `check peoplesoft.httpListenerUrl (https://HOST:PORT/PSIGW/HttpListeningConnector) and the credentials' access to ${operation.split('.')[0]}`,
    }),
  );
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
