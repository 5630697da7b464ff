/**
 * Walmart access tokens (client-credentials grant on `POST /v3/token`).
 *
 * Tokens live about 15 minutes. They are cached per base URL and client id at module level, so a warm Lambda
 * or a long-running process reuses one token across clients; refreshed two minutes before they expire; and
 * fetched single-flight, so a burst of calls during a refresh makes exactly one token request.
 */
import { randomUUID } from 'node:crypto';
import { type HttpPolicy, NetworkError } from '../http/index.ts';
import type { Clock, Log, WalmartCredentials } from '../ports.ts';
import {
  errorDetailsFromText,
  WalmartApiError,
  WalmartAuthError,
  type WalmartCallInfo,
  WalmartNetworkError,
  WalmartResponseError,
} from './walmart-errors.ts';

/** Static credentials, or a function that reads them (e.g. from Secrets Manager) when first needed. */
export type WalmartCredentialSource = WalmartCredentials | (() => Promise<WalmartCredentials>);

interface CachedToken {
  token: string;
  /** Epoch ms when Walmart stops accepting it. */
  expiresAt: number;
  /** Epoch ms from which it is replaced before use. */
  refreshAt: number;
}

const cache = new Map<string, CachedToken>();
const inflight = new Map<string, Promise<CachedToken>>();

/** Forgets every cached token (tests; or after rotating credentials in a long-running process). */
export function clearWalmartTokenCache(): void {
  cache.clear();
  inflight.clear();
}

interface WalmartTokenManagerOptions {
  baseUrl: string;
  serviceName: string;
  credentials: WalmartCredentialSource;
  policy: HttpPolicy;
  clock: Clock;
  log: Log;
  channelType?: string;
  /** Refresh this long before expiry (default 2 minutes; at most half the token's lifetime). */
  refreshBeforeExpiryMs?: number;
}

const TOKEN_HINT =
  'Check WALMART_CLIENT_ID and WALMART_CLIENT_SECRET, and that the keys belong to this environment ' +
  '(production keys do not work on the sandbox base URL and vice versa)';

/** Hands out valid access tokens for one Walmart client id. */
export class WalmartTokenManager {
  private credentials: Promise<WalmartCredentials> | undefined;
  private tokenRequests = 0;

  constructor(private readonly options: WalmartTokenManagerOptions) {}

  /** Token requests this manager sent (attempts of `POST /v3/token`). */
  requestCount(): number {
    return this.tokenRequests;
  }

  /** A token that stays valid for at least the refresh margin: cached, or fetched once for all waiting callers. */
  async token(): Promise<string> {
    const key = await this.cacheKey();
    const cached = cache.get(key);
    if (cached && this.options.clock.now() < cached.refreshAt) return cached.token;
    return (await this.refresh(key)).token;
  }

  /**
   * Called when Walmart refused `rejected` (401, or the legacy 400 `INVALID_TOKEN`): returns a fresh token.
   * When another call already replaced that token, the replacement is returned without a new request.
   */
  async replace(rejected: string): Promise<string> {
    const key = await this.cacheKey();
    const cached = cache.get(key);
    if (cached && cached.token !== rejected && this.options.clock.now() < cached.refreshAt)
      return cached.token;
    if (cached?.token === rejected) cache.delete(key);
    return (await this.refresh(key)).token;
  }

  private async cacheKey(): Promise<string> {
    const { clientId } = await this.resolveCredentials();
    return `${this.options.baseUrl}\n${clientId}`;
  }

  private resolveCredentials(): Promise<WalmartCredentials> {
    if (!this.credentials) {
      const source = this.options.credentials;
      const loading = typeof source === 'function' ? source() : Promise.resolve(source);
      this.credentials = loading.then((c) => {
        if (!c?.clientId || !c.clientSecret) {
          throw new Error(
            'Walmart credentials are incomplete: set WALMART_CLIENT_ID and WALMART_CLIENT_SECRET (or store them with `ml-connector secrets set`)',
          );
        }
        return c;
      });
      // A failed read is not remembered: the next call tries again.
      this.credentials.catch(() => {
        this.credentials = undefined;
      });
    }
    return this.credentials;
  }

  private refresh(key: string): Promise<CachedToken> {
    let pending = inflight.get(key);
    if (!pending) {
      pending = this.requestToken(key).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  }

  private async requestToken(key: string): Promise<CachedToken> {
    const { baseUrl, serviceName, policy, clock, log, channelType } = this.options;
    const creds = await this.resolveCredentials();
    const basic = Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64');
    const call: WalmartCallInfo = { endpoint: 'token', method: 'POST', path: '/v3/token', correlationId: '' };
    const requestedAt = clock.now();
    let res: Response;
    try {
      res = await policy.send(
        'token',
        () => {
          call.correlationId = randomUUID();
          this.tokenRequests++;
          const headers: Record<string, string> = {
            Authorization: `Basic ${basic}`,
            'Content-Type': 'application/x-www-form-urlencoded',
            Accept: 'application/json',
            'WM_SVC.NAME': serviceName,
            'WM_QOS.CORRELATION_ID': call.correlationId,
          };
          if (channelType) headers['WM_CONSUMER.CHANNEL.TYPE'] = channelType;
          return policy.ky.post(`${baseUrl}/v3/token`, { headers, body: 'grant_type=client_credentials' });
        },
        // Asking for a token twice is harmless.
        { idempotent: true },
      );
    } catch (e) {
      if (e instanceof NetworkError) throw new WalmartNetworkError(e, call.correlationId);
      throw e;
    }
    const raw = await res.text();
    if (res.status >= 400) {
      const details = errorDetailsFromText(raw, res.status, res.statusText);
      if (res.status === 400 || res.status === 401 || res.status === 403) {
        // Credentials may have been rotated: read them again next time.
        this.credentials = undefined;
        throw new WalmartAuthError(call, res.status, details, TOKEN_HINT);
      }
      throw new WalmartApiError(call, res.status, details);
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(raw);
    } catch {
      throw new WalmartResponseError(call, `a token response that is not JSON (HTTP ${res.status})`);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new WalmartResponseError(call, 'a token response without access_token');
    }
    const expiresInS = Number(body.expires_in ?? 900);
    const lifetimeMs = (Number.isFinite(expiresInS) && expiresInS > 0 ? expiresInS : 900) * 1000;
    const margin = Math.min(this.options.refreshBeforeExpiryMs ?? 120_000, lifetimeMs / 2);
    const entry: CachedToken = {
      token: body.access_token,
      expiresAt: requestedAt + lifetimeMs,
      refreshAt: requestedAt + lifetimeMs - margin,
    };
    cache.set(key, entry);
    log.debug('walmart token obtained', { correlationId: call.correlationId, expiresInS: lifetimeMs / 1000 });
    return entry;
  }
}
