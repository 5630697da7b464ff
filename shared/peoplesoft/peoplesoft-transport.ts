/**
 * One authorised PeopleSoft request through the shared HTTP policy: adds the Authorization header,
 * retries once with a renewed header after a 401, and turns 401/403 into PeopleSoftAuthError.
 */
import type { HttpPolicy } from '../http/index.ts';
import { isCredentialFailure, parseIbResponse, peopleSoftFailure } from './ib-response.ts';

/** The credential failure a 5xx body reports, if it is one. */
function credentialFailureIn(body: string) {
  const f = peopleSoftFailure(body);
  return f && isCredentialFailure(f) ? f : undefined;
}
import type { PeopleSoftAuth } from './peoplesoft-auth.ts';
import { PeopleSoftAuthError } from './peoplesoft-errors.ts';

interface PeopleSoftRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export class PeopleSoftTransport {
  constructor(
    private readonly policy: HttpPolicy,
    private readonly auth: PeopleSoftAuth,
  ) {}

  /**
   * Sends the request and returns PeopleSoft's answer (any status but 401/403, which throw).
   * `idempotent: false` means a 5xx or a maybe-delivered network error is not repeated.
   */
  async send(endpoint: string, request: PeopleSoftRequest, opts: { idempotent: boolean }): Promise<Response> {
    let header = await this.auth.header();
    for (let attempt = 0; ; attempt++) {
      const authorization = header;
      const res = await this.policy.send(
        endpoint,
        () =>
          this.policy.ky(request.url, {
            method: request.method,
            headers: { ...request.headers, Authorization: authorization },
            body: request.body,
          }),
        { ...opts, isFinal: async (r) => credentialFailureIn(await r.text()) !== undefined },
      );
      if (res.status >= 500) {
        const body = await res.text();
        const refused = credentialFailureIn(body);
        if (refused) throw this.authError(endpoint, res.status, body, refused.message);
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      }
      if (res.status === 401 && attempt === 0) {
        await res.body?.cancel();
        // A 401 means PeopleSoft refused the caller before doing anything, so one retry is safe even for posts.
        const renewed = await this.auth.renew(authorization);
        if (renewed) {
          header = renewed;
          continue;
        }
        throw this.authError(endpoint, 401, '');
      }
      if (res.status === 401 || res.status === 403) {
        throw this.authError(endpoint, res.status, await res.text());
      }
      return res;
    }
  }

  private authError(endpoint: string, status: number, body: string, message?: string): PeopleSoftAuthError {
    const who = this.auth.principal();
    const ib = parseIbResponse(body);
    const text = message ?? (ib?.type === 'error' ? ib.message : undefined);
    const said = text ? ` PeopleSoft said: "${text}".` : '';
    const kind = this.auth.type === 'basic' ? `user (OPRID) "${who}"` : `OAuth2 client "${who}"`;
    const fix =
      status === 403
        ? `grant the ${kind} a permission list with the Query Access Services operations, the two EIP service operations and query access to the ml-connector queries (docs/peoplesoft-setup.md)`
        : this.auth.type === 'basic'
          ? 'check PEOPLESOFT_USERNAME and PEOPLESOFT_PASSWORD and that the user is not locked'
          : 'check the OAuth2 service application in PeopleSoft and PEOPLESOFT_CLIENT_ID/PEOPLESOFT_CLIENT_SECRET';
    const what = status === 403 ? 'is not allowed to call' : 'was refused by';
    return new PeopleSoftAuthError(
      who,
      status,
      endpoint,
      `the ${kind} ${what} PeopleSoft ${endpoint} (HTTP ${status}).${said} Fix: ${fix}`,
    );
  }
}
