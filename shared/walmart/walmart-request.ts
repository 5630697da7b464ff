/**
 * One authenticated Walmart call: the headers every business call needs, the shared retry/throttle policy,
 * and the token refresh-and-retry-once when Walmart refuses the access token.
 */
import { randomUUID } from 'node:crypto';
import { type HttpPolicy, NetworkError, ThrottledError } from '../http/index.ts';
import type { Log } from '../ports.ts';
import {
  errorDetailsFromText,
  WalmartApiError,
  WalmartAuthError,
  type WalmartCallInfo,
  type WalmartErrorDetail,
  WalmartNetworkError,
  WalmartResponseError,
} from './walmart-errors.ts';
import type { WalmartEndpoint } from './walmart-limits.ts';
import type { WalmartTokenManager } from './walmart-token.ts';

interface WalmartRequest {
  endpoint: WalmartEndpoint;
  method: 'GET' | 'POST' | 'PUT';
  /** Path and query appended to the base URL as they are, e.g. `/v3/orders` + a `nextCursor`. */
  pathAndQuery: string;
  json?: unknown;
  form?: FormData;
  /** Whether a 5xx or a maybe-delivered network error may be retried (see HttpPolicy). */
  idempotent: boolean;
}

/** Walmart's answer with its body read; any status but a refused token. */
export interface WalmartResponse {
  status: number;
  /** Parsed JSON body, or undefined when the body was empty or not JSON. */
  body: unknown;
  call: WalmartCallInfo;
  /** Error entries of the body (any of Walmart's three shapes), or the bare status. */
  errors(): WalmartErrorDetail[];
}

interface WalmartRequesterOptions {
  baseUrl: string;
  serviceName: string;
  policy: HttpPolicy;
  tokens: WalmartTokenManager;
  log: Log;
  channelType?: string;
  /** Also send `Authorization: Basic` on business calls (older Walmart specs list it as required). */
  basicAuthOnCalls?: () => Promise<string>;
}

const AUTH_HINT =
  'Walmart refused a freshly issued access token: check that the API key has access to this API ' +
  '(Developer Portal → API keys → permissions) and belongs to this environment';

/** Stops an attempt whose token could not be obtained; the token's own error is rethrown instead. */
class TokenUnavailable extends Error {}

/** True when Walmart refused the access token itself (expired, revoked or unknown). */
function tokenRefused(status: number, details: WalmartErrorDetail[]): boolean {
  if (status === 401) return true;
  return status === 400 && details.some((d) => d.code.startsWith('INVALID_TOKEN'));
}

/** Sends Walmart business calls with a valid token and the required headers. */
export class WalmartRequester {
  constructor(private readonly options: WalmartRequesterOptions) {}

  /**
   * Sends the request and returns Walmart's answer whatever its status, except that a refused token is
   * replaced and the call repeated exactly once; refused again, it throws WalmartAuthError.
   * Network failures throw WalmartNetworkError, persistent throttling ThrottledError.
   */
  async send(req: WalmartRequest): Promise<WalmartResponse> {
    const { tokens } = this.options;
    // One id per call, kept by its retries (and the retry after a token refresh), as Walmart asks.
    const correlationId = randomUUID();
    const first = await this.attempt(req, correlationId);
    if (!tokenRefused(first.res.status, first.res.errors())) return first.res;
    this.options.log.info('walmart token refused; refreshing once', {
      endpoint: req.endpoint,
      status: first.res.status,
      correlationId: first.res.call.correlationId,
    });
    await tokens.replace(first.token);
    const second = await this.attempt(req, correlationId);
    if (tokenRefused(second.res.status, second.res.errors())) {
      throw new WalmartAuthError(second.res.call, second.res.status, second.res.errors(), AUTH_HINT);
    }
    return second.res;
  }

  /** Throws the WalmartApiError describing a non-2xx answer. */
  fail(res: WalmartResponse, hint?: string): never {
    throw new WalmartApiError(res.call, res.status, res.errors(), hint);
  }

  /** The JSON body of a 2xx answer as an object; throws WalmartApiError / WalmartResponseError otherwise. */
  expectJson(res: WalmartResponse, hint?: string): Record<string, unknown> {
    if (res.status < 200 || res.status >= 300) this.fail(res, hint);
    if (!res.body || typeof res.body !== 'object' || Array.isArray(res.body)) {
      throw new WalmartResponseError(res.call, `HTTP ${res.status} and a body that is not a JSON object`);
    }
    return res.body as Record<string, unknown>;
  }

  private async attempt(
    req: WalmartRequest,
    correlationId: string,
  ): Promise<{ res: WalmartResponse; token: string }> {
    const { baseUrl, serviceName, policy, log, channelType, basicAuthOnCalls, tokens } = this.options;
    const path = req.pathAndQuery.split('?')[0] ?? req.pathAndQuery;
    const call: WalmartCallInfo = { endpoint: req.endpoint, method: req.method, path, correlationId };
    const basic = basicAuthOnCalls ? await basicAuthOnCalls() : undefined;
    const started = Date.now();
    let token = '';
    let tokenFailure: { error: unknown } | undefined;
    let response: Response;
    try {
      response = await policy.send(
        req.endpoint,
        async () => {
          // Taken after pacing, so a long wait for the rate limit never sends an expired token.
          try {
            token = await tokens.token();
          } catch (error) {
            tokenFailure = { error };
            throw new TokenUnavailable();
          }
          const headers: Record<string, string> = {
            'WM_SEC.ACCESS_TOKEN': token,
            'WM_QOS.CORRELATION_ID': call.correlationId,
            'WM_SVC.NAME': serviceName,
            Accept: 'application/json',
          };
          if (channelType) headers['WM_CONSUMER.CHANNEL.TYPE'] = channelType;
          if (basic) headers.Authorization = basic;
          let body: string | FormData | undefined;
          if (req.form) body = req.form;
          else if (req.json !== undefined) {
            headers['Content-Type'] = 'application/json';
            body = JSON.stringify(req.json);
          }
          return policy.ky(`${baseUrl}${req.pathAndQuery}`, { method: req.method, headers, body });
        },
        { idempotent: req.idempotent },
      );
    } catch (e) {
      if (tokenFailure) throw tokenFailure.error;
      if (e instanceof NetworkError) throw new WalmartNetworkError(e, call.correlationId);
      if (e instanceof ThrottledError) e.message = `${e.message} [correlation id ${call.correlationId}]`;
      throw e;
    }
    let raw: string;
    try {
      raw = await response.text();
    } catch (e) {
      throw new WalmartNetworkError(
        new NetworkError(
          'walmart',
          req.endpoint,
          `walmart ${req.endpoint}: answer cut off while reading`,
          true,
          {
            cause: e,
          },
        ),
        call.correlationId,
      );
    }
    log.debug('walmart call', {
      endpoint: req.endpoint,
      method: req.method,
      path,
      status: response.status,
      correlationId: call.correlationId,
      ms: Date.now() - started,
    });
    let body: unknown;
    const trimmed = raw.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
    }
    const status = response.status;
    const statusText = response.statusText;
    let details: WalmartErrorDetail[] | undefined;
    const res: WalmartResponse = {
      status,
      body,
      call,
      errors: () => {
        details ??= errorDetailsFromText(raw, status, statusText);
        return details;
      },
    };
    return { res, token };
  }
}
