/**
 * The `Authorization` header of every PeopleSoft call: HTTP Basic with an OPRID and password (every
 * PeopleTools release) or an OAuth2 bearer token obtained with the client-credentials grant from the
 * customer's identity provider (PeopleTools 8.58+). PeopleSoft itself issues no tokens.
 */
import type { Config } from '../config/index.ts';
import type { HttpPolicy } from '../http/index.ts';
import type { Clock, Log, PeopleSoftCredentials } from '../ports.ts';
import {
  PeopleSoftAuthError,
  PeopleSoftConfigError,
  PeopleSoftResponseError,
  snippet,
} from './peoplesoft-errors.ts';

export type CredentialsInput = PeopleSoftCredentials | (() => Promise<PeopleSoftCredentials>);

interface PeopleSoftAuthOptions {
  auth: Config['peoplesoft']['auth'];
  credentials: CredentialsInput;
  policy: HttpPolicy;
  clock: Clock;
  log: Log;
  /**
   * How the client id and secret reach the token endpoint: `basic` (client_secret_basic, the OAuth2
   * default) or `body` (client_secret_post, for identity providers configured that way).
   */
  tokenClientAuth?: 'basic' | 'body';
}

interface Token {
  header: string;
  expiresAt: number;
}

/** A token is renewed this long before it expires (or at half its life when that is shorter). */
const TOKEN_REFRESH_MARGIN_MS = 120_000;

/** Supplies and renews the Authorization header; one token request in flight at a time. */
export class PeopleSoftAuth {
  private credentials?: PeopleSoftCredentials;
  private token?: Token;
  private pending?: Promise<Token>;

  constructor(private readonly options: PeopleSoftAuthOptions) {}

  /** `basic` or `oauth2`, as configured. */
  get type(): 'basic' | 'oauth2' {
    return this.options.auth.type;
  }

  /** The OPRID or client id in use (for error messages); undefined before the first call. */
  principal(): string {
    const c = this.credentials;
    if (!c) return '(not loaded yet)';
    return c.type === 'basic' ? c.username : c.clientId;
  }

  /** The header for the next request (fetches or refreshes the token when needed). */
  async header(): Promise<string> {
    const creds = await this.loadCredentials(false);
    if (creds.type === 'basic') return basicHeader(creds.username, creds.password);
    const now = this.options.clock.now();
    if (this.token && now < this.token.expiresAt) return this.token.header;
    return (await this.fetchToken()).header;
  }

  /**
   * Called after PeopleSoft answered 401 to `rejected`: returns a different header to retry with once,
   * or undefined when there is nothing new to try. Concurrent callers share one token request.
   */
  async renew(rejected: string): Promise<string | undefined> {
    if (this.type === 'basic') {
      if (typeof this.options.credentials !== 'function') return undefined;
      const creds = await this.loadCredentials(true);
      if (creds.type !== 'basic') return undefined;
      const next = basicHeader(creds.username, creds.password);
      return next === rejected ? undefined : next;
    }
    if (this.token && this.token.header !== rejected && this.options.clock.now() < this.token.expiresAt) {
      return this.token.header;
    }
    this.token = undefined;
    return (await this.fetchToken()).header;
  }

  private async loadCredentials(reload: boolean): Promise<PeopleSoftCredentials> {
    if (this.credentials && !reload) return this.credentials;
    const source = this.options.credentials;
    const creds = typeof source === 'function' ? await source() : source;
    if (creds.type !== this.type) {
      throw new PeopleSoftConfigError(
        'peoplesoft.auth.type',
        creds.type === 'basic'
          ? 'peoplesoft.auth.type is "oauth2" but a user name and password were supplied; set PEOPLESOFT_CLIENT_ID and PEOPLESOFT_CLIENT_SECRET'
          : 'peoplesoft.auth.type is "basic" but an OAuth2 client was supplied; set PEOPLESOFT_USERNAME and PEOPLESOFT_PASSWORD',
      );
    }
    this.credentials = creds;
    return creds;
  }

  private fetchToken(): Promise<Token> {
    if (!this.pending) {
      this.pending = this.requestToken().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private async requestToken(): Promise<Token> {
    const creds = await this.loadCredentials(false);
    if (creds.type !== 'oauth2') throw new Error('unreachable: token requested for basic auth');
    const { tokenUrl, scope } = this.options.auth;
    if (!tokenUrl) {
      throw new PeopleSoftConfigError(
        'peoplesoft.auth.tokenUrl',
        'peoplesoft.auth.tokenUrl is required when auth.type is "oauth2": the token endpoint of your identity provider',
      );
    }
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (scope) form.set('scope', scope);
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    };
    if (this.options.tokenClientAuth === 'body') {
      form.set('client_id', creds.clientId);
      form.set('client_secret', creds.clientSecret);
    } else {
      headers.Authorization = basicHeader(
        encodeURIComponent(creds.clientId),
        encodeURIComponent(creds.clientSecret),
      );
    }
    const endpoint = 'oauth2 token';
    const started = this.options.clock.now();
    const res = await this.options.policy.send(
      endpoint,
      () => this.options.policy.ky(tokenUrl, { method: 'POST', headers, body: form.toString() }),
      { idempotent: true },
    );
    const text = await res.text();
    const host = new URL(tokenUrl).host;
    if (!res.ok) {
      const reason = oauthErrorText(text);
      throw new PeopleSoftAuthError(
        creds.clientId,
        res.status,
        endpoint,
        `the identity provider at ${host} refused OAuth2 client "${creds.clientId}" (HTTP ${res.status}${reason ? `: ${reason}` : ''}); check PEOPLESOFT_CLIENT_ID, PEOPLESOFT_CLIENT_SECRET and peoplesoft.auth.scope`,
      );
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      throw new PeopleSoftResponseError(
        endpoint,
        res.status,
        `the identity provider at ${host} answered the token request with something other than JSON: ${snippet(text)}`,
      );
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new PeopleSoftResponseError(
        endpoint,
        res.status,
        `the identity provider at ${host} answered without an access_token; check peoplesoft.auth.tokenUrl`,
      );
    }
    const lifetimeMs = (Number(body.expires_in) > 0 ? Number(body.expires_in) : 300) * 1000;
    const margin = Math.min(TOKEN_REFRESH_MARGIN_MS, lifetimeMs / 2);
    const token = { header: `Bearer ${body.access_token}`, expiresAt: started + lifetimeMs - margin };
    this.token = token;
    this.options.log.debug('peoplesoft token obtained', {
      clientId: creds.clientId,
      expiresInMs: lifetimeMs,
    });
    return token;
  }
}

function basicHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** `error` and `error_description` of an OAuth2 error body, shortened; never echoes the request. */
function oauthErrorText(text: string): string {
  try {
    const b = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    return [b.error, b.error_description]
      .filter((v) => typeof v === 'string')
      .join(' ')
      .slice(0, 200);
  } catch {
    return snippet(text, 120);
  }
}
