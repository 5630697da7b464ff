/**
 * A local PeopleSoft FSCM Integration Gateway on 127.0.0.1 with the ml-connector queries installed and the
 * two asynchronous EIPs active, seeded from a World. It answers like the real gateway (Query Access
 * Services JSON, IBResponse XML, HTML error pages), keeps every staged transaction (duplicates included),
 * loads them on demand, and offers fault knobs and an inspection API (in process and under `/__sandbox/`).
 */
import { readBody } from './read-body.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Config as FullConfig, type ConfigInput, peoplesoftSchema } from '../../shared/config/index.ts';
import { systemClock } from '../../shared/ports.ts';
import { type BatchLoadSummary, runBatchLoad } from './batch-load.ts';
import { answerEipPost } from './eip-answer.ts';
import { DEFAULT_SANDBOX_LAYOUT } from './eip-handler.ts';
import { credentialFault, htmlErrorPage, ibError, send, sendJson, sendXml } from './gateway-responses.ts';
import { handleInspect, type SandboxControl } from './inspect-handler.ts';
import { handleExecuteQuery, type QasSettings } from './qas-handler.ts';
import { SandboxIdentity } from './sandbox-auth.ts';
import { type Balance, PeopleSoftData, type ReceiptLine, type Schedule } from './sandbox-data.ts';
import { type FaultSettings, SandboxFaults } from './sandbox-faults.ts';
import {
  DEFAULT_QUERY_NAMES,
  type PeopleSoftSandboxOptions,
  SANDBOX_CLIENT,
  SANDBOX_USER,
} from './sandbox-options.ts';
import { type QueryKind, SANDBOX_QUERIES, type SandboxQuery } from './sandbox-queries.ts';

export type { PeopleSoftSandboxOptions } from './sandbox-options.ts';

type RequestKind = 'query' | 'post' | 'token' | 'inspect' | 'other';

/** One request the sandbox received (no credentials are recorded). */
interface RequestLogEntry {
  seq: number;
  at: number;
  method: string;
  path: string;
  kind: RequestKind;
  status: number;
  query?: string;
  rows?: number;
  maxRows?: number;
  prompts?: string;
  /** `prompt_uniquepromptname` of a query. */
  promptNames?: string;
  operation?: string;
  references?: string[];
  principal?: string;
  /** The answer was dropped on purpose (lost-response fault). */
  lost?: boolean;
}

export interface PeopleSoftSandbox extends SandboxControl {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly restBaseUrl: string;
  readonly httpListenerUrl: string;
  readonly tokenUrl: string;
  readonly node: string;
  /** The tables, for tests that arrange or assert state directly. */
  readonly data: PeopleSoftData;
  readonly faults: SandboxFaults;
  readonly basicCredentials: { type: 'basic'; username: string; password: string };
  readonly oauthCredentials: { type: 'oauth2'; clientId: string; clientSecret: string };
  /** A ready `peoplesoft` config section pointing at this sandbox. */
  peoplesoftConfig(overrides?: Partial<ConfigInput['peoplesoft']>): FullConfig['peoplesoft'];
  /** Changes how answers are rendered. */
  configure(settings: { keyStyle?: 'field' | 'alias'; querynameKey?: 'queryname' | 'queryname=' }): void;
  requests(kind?: RequestKind): RequestLogEntry[];
  requestCount(kind?: RequestKind): number;
  close(): Promise<void>;
}

/** Starts the sandbox; close it with `close()`. */
export async function startPeopleSoftSandbox(options: PeopleSoftSandboxOptions): Promise<PeopleSoftSandbox> {
  const clock = options.clock ?? systemClock;
  const node = options.node ?? 'PSFT_EP';
  const data = new PeopleSoftData(options.world);
  const faults = new SandboxFaults(options.random);
  faults.apply({
    latencyMs: options.latencyMs,
    rowCostMs: options.rowCostMs,
    gatewayTimeoutMs: options.gatewayTimeoutMs,
    timeoutAnswer: options.timeoutAnswer,
  });
  const users = options.users ?? [SANDBOX_USER];
  const clients = options.oauthClients ?? [SANDBOX_CLIENT];
  const identity = new SandboxIdentity(users, clients, clock, options.tokenExpiresInSec ?? 3600);
  const names = { ...DEFAULT_QUERY_NAMES, ...options.queries };
  const qas: QasSettings = {
    node,
    queries: new Map<string, SandboxQuery>(
      (Object.keys(SANDBOX_QUERIES) as QueryKind[]).map((k) => [names[k], SANDBOX_QUERIES[k]]),
    ),
    rowCaps: new Map(
      (Object.keys(SANDBOX_QUERIES) as QueryKind[]).flatMap((k) => {
        const cap =
          typeof options.maxRowsToFetch === 'number' ? options.maxRowsToFetch : options.maxRowsToFetch?.[k];
        return cap === undefined ? [] : [[names[k], cap] as const];
      }),
    ),
    keyStyle: options.keyStyle ?? 'field',
    querynameKey: options.querynameKey ?? 'queryname',
    context: { timeZone: options.timeZone ?? 'UTC', eipSource: options.eipSource ?? 'MLC' },
  };
  const eip = {
    node,
    externalNodes: options.externalNodes ?? ['ML_CONNECTOR'],
    layout: { ...DEFAULT_SANDBOX_LAYOUT, ...options.layout },
  };
  const log: RequestLogEntry[] = [];
  let seq = 0;
  let messageSeq = 0;

  const control: SandboxControl = {
    staged: () => data.staging.map((s) => ({ ...s })),
    loaded: () => data.staging.filter((s) => s.status === 'LOADED').map((s) => ({ ...s })),
    schedules: (): Schedule[] => data.schedules.map((s) => ({ ...s })),
    balances: (): Balance[] => [...data.balances.values()].map((b) => ({ ...b })),
    receipts: (): ReceiptLine[] => data.receipts.map((r) => ({ ...r })),
    postCounts: () => data.postCounts(),
    duplicates: () => data.duplicates(),
    requests: () => log.map((e) => ({ ...e })),
    tokensIssued: () => identity.tokensIssued(),
    runBatchLoad: (): BatchLoadSummary => runBatchLoad(data, clock.now()),
    setBalance: (itemId, qtyAvailable, qtyOnHand, qtyReserved) =>
      data.setBalance(itemId, qtyAvailable, clock.now(), qtyOnHand, qtyReserved),
    setStagingError: (reference, text) => {
      data.stagingErrors.set(reference, text);
    },
    applyFaults: (s: FaultSettings) => faults.apply(s),
    expireTokens: () => identity.expireTokens(),
    clearRequests: () => {
      log.length = 0;
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    if (segments[0] === '__sandbox') {
      entry.kind = 'inspect';
      entry.status = handleInspect(res, method, segments[1] ?? '', await readBody(req), control);
      return;
    }
    await clock.sleep(faults.latencyMs);
    if (method === 'POST' && url.pathname === '/oauth2/token') {
      entry.kind = 'token';
      const answer = identity.grant(req.headers.authorization, new URLSearchParams(await readBody(req)));
      sendJson(res, answer.status, answer.body);
      entry.status = answer.status;
      return;
    }
    const isQuery = method === 'GET' && segments[0] === 'PSIGW' && segments[1] === 'RESTListeningConnector';
    const isPost = method === 'POST' && segments[0] === 'PSIGW' && segments[1] === 'HttpListeningConnector';
    if (method === 'GET' && url.pathname === '/PSIGW/HttpListeningConnector') {
      entry.status = 200;
      send(res, 200, 'text/html', '<html><body>PeopleSoft Integration Gateway: ACTIVE</body></html>');
      return;
    }
    if (!isQuery && !isPost) {
      entry.status = 404;
      send(res, 404, 'text/html', htmlErrorPage(404, 'Not Found'));
      return;
    }
    const kind = isQuery ? 'query' : 'post';
    entry.kind = kind;
    const body = isPost ? await readBody(req) : '';
    const auth = faults.takeAuthFailure()
      ? ({ ok: false, reason: 'Authorization failed (injected).' } as const)
      : identity.check(req.headers.authorization);
    if (!auth.ok) {
      entry.status = 401;
      res.setHeader('WWW-Authenticate', 'Basic realm="PeopleSoft"');
      sendXml(res, 401, ibError({ messageSet: 158, messageId: 45, message: auth.reason }));
      return;
    }
    entry.principal = auth.principal;
    const failure = faults.takeFailure(kind);
    if (failure) {
      entry.status = failure.status;
      if (failure.body === 'html')
        send(res, failure.status, 'text/html', htmlErrorPage(failure.status, 'Server Error'));
      else if (failure.body === 'credential-fault') sendXml(res, failure.status, credentialFault());
      else sendXml(res, failure.status, ibError({ message: 'Integration Gateway error (injected).' }));
      return;
    }
    if (isQuery) {
      entry.maxRows = Number(url.searchParams.get('maxrows'));
      entry.prompts = url.searchParams.get('prompt_fieldvalue') ?? '';
      entry.promptNames = url.searchParams.get('prompt_uniquepromptname') ?? '';
      const out = await handleExecuteQuery(
        res,
        segments.slice(2),
        url.searchParams,
        qas,
        data,
        faults,
        clock,
      );
      Object.assign(entry, { status: out.status, query: out.query, rows: out.rows, lost: out.lost });
      return;
    }
    const out = answerEipPost(res, req.headers, body, {
      settings: eip,
      data,
      faults,
      clock,
      nextTransactionId: (operation) => `${node}.${operation}.${++messageSeq}`,
    });
    Object.assign(entry, out);
  }

  const server = createServer((req, res) => {
    const entry: RequestLogEntry = {
      seq: ++seq,
      at: clock.now(),
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      kind: 'other',
      status: 0,
    };
    log.push(entry);
    handle(req, res, entry).catch((e: unknown) => {
      entry.status = 500;
      if (!res.headersSent)
        send(res, 500, 'text/html', htmlErrorPage(500, `Sandbox error: ${(e as Error).message}`));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const timer =
    options.batchLoadEveryMs && options.batchLoadEveryMs > 0
      ? setInterval(() => runBatchLoad(data, clock.now()), options.batchLoadEveryMs)
      : undefined;
  timer?.unref();

  const restBaseUrl = `${url}/PSIGW/RESTListeningConnector/${node}`;
  const httpListenerUrl = `${url}/PSIGW/HttpListeningConnector`;
  const tokenUrl = `${url}/oauth2/token`;
  const firstUser = users[0] ?? SANDBOX_USER;
  const firstClient = clients[0] ?? SANDBOX_CLIENT;
  return {
    ...control,
    url,
    restBaseUrl,
    httpListenerUrl,
    tokenUrl,
    node,
    data,
    faults,
    basicCredentials: { type: 'basic', ...firstUser },
    oauthCredentials: { type: 'oauth2', ...firstClient },
    peoplesoftConfig: (overrides = {}) =>
      peoplesoftSchema.parse({
        restBaseUrl,
        httpListenerUrl,
        businessUnit: data.businessUnit,
        node,
        timeZone: qas.context.timeZone,
        ...overrides,
        auth: {
          type: 'basic',
          ...(overrides.auth?.type === 'oauth2' ? { tokenUrl } : {}),
          ...overrides.auth,
        },
      }),
    configure: (s) => {
      if (s.keyStyle) qas.keyStyle = s.keyStyle;
      if (s.querynameKey) qas.querynameKey = s.querynameKey;
    },
    requests: (kind?: RequestKind) => log.filter((e) => !kind || e.kind === kind).map((e) => ({ ...e })),
    requestCount: (kind?: RequestKind) => log.filter((e) => !kind || e.kind === kind).length,
    close: async () => {
      if (timer) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
