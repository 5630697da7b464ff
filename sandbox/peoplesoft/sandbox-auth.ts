/**
 * Who may call the sandbox: PeopleSoft users (HTTP Basic, OPRID and password) and OAuth2 clients whose
 * bearer tokens come from the sandbox's small identity provider (`POST /oauth2/token`, client credentials,
 * configurable `expires_in`). Secrets are compared, never logged or echoed.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../shared/ports.ts';

export interface SandboxUser {
  username: string;
  password: string;
}

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
}

type AuthCheck = { ok: true; principal: string } | { ok: false; reason: string };

interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function decodeBasic(header: string): { user: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header.trim());
  if (!m?.[1]) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  return { user: text.slice(0, colon), secret: text.slice(colon + 1) };
}

export class SandboxIdentity {
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  private issued = 0;

  constructor(
    private readonly users: SandboxUser[],
    private readonly clients: SandboxClient[],
    private readonly clock: Clock,
    /** Lifetime of issued tokens, seconds. */
    public tokenExpiresInSec: number,
  ) {}

  /** Tokens issued so far. */
  tokensIssued(): number {
    return this.issued;
  }

  /** Expires every issued token now (the next call with one gets 401). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = this.clock.now();
  }

  /** Checks an `Authorization` header: a known user's Basic credentials or a live bearer token. */
  check(authorization: string | undefined): AuthCheck {
    if (!authorization) return { ok: false, reason: 'No Authorization header: user ID or password missing.' };
    if (/^Bearer\s+/i.test(authorization)) {
      const token = authorization.replace(/^Bearer\s+/i, '').trim();
      const t = this.tokens.get(token);
      if (!t) return { ok: false, reason: 'OAuth2 token is not valid.' };
      if (this.clock.now() >= t.expiresAt) return { ok: false, reason: 'OAuth2 token has expired.' };
      return { ok: true, principal: t.clientId };
    }
    const basic = decodeBasic(authorization);
    if (!basic) return { ok: false, reason: 'Unsupported Authorization header.' };
    const user = this.users.find((u) => u.username === basic.user);
    if (!user || !same(user.password, basic.secret)) {
      return { ok: false, reason: `User password failed. (158,45) User: ${basic.user}` };
    }
    return { ok: true, principal: user.username };
  }

  /** The identity provider's client-credentials grant (client authenticated by Basic or in the body). */
  grant(authorization: string | undefined, form: URLSearchParams): TokenAnswer {
    if (form.get('grant_type') !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'only client_credentials is supported' },
      };
    }
    const basic = authorization ? decodeBasic(authorization) : undefined;
    const clientId = basic ? decodeURIComponent(basic.user) : (form.get('client_id') ?? '');
    const secret = basic ? decodeURIComponent(basic.secret) : (form.get('client_secret') ?? '');
    const client = this.clients.find((c) => c.clientId === clientId);
    if (!client || !same(client.clientSecret, secret)) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'client authentication failed' },
      };
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { clientId, expiresAt: this.clock.now() + this.tokenExpiresInSec * 1000 });
    this.issued++;
    const scope = form.get('scope');
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: this.tokenExpiresInSec,
        ...(scope ? { scope } : {}),
      },
    };
  }
}
