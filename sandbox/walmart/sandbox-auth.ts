/**
 * The sandbox's token service (`POST /v3/token`) and the gateway checks every business call passes:
 * required headers, then a live `WM_SEC.ACCESS_TOKEN` (a Bearer header alone does not count).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../shared/ports.ts';
import {
  gatewayError,
  invalidToken,
  missingHeader,
  type SandboxError,
  unauthorized,
} from './sandbox-errors.ts';

export interface SandboxAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() !== '' ? s : undefined;
}

/** A token that looks like Walmart's (a long JWE-style string), random and never reused. */
function newToken(): string {
  const head = Buffer.from(
    JSON.stringify({ kid: randomBytes(16).toString('hex'), enc: 'A256GCM', alg: 'dir' }),
  )
    .toString('base64url')
    .replace(/=+$/, '');
  return `${head}..${randomBytes(24).toString('base64url')}.${randomBytes(480).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
}

interface SandboxAuthOptions {
  clientId: string;
  clientSecret: string;
  clock: Clock;
  expiresInSeconds: () => number;
  /** How an expired token is refused: today's 401, or the legacy 400 `INVALID_TOKEN`. */
  expiredTokenStyle: () => 'unauthorized' | 'legacy-invalid-token';
}

/** Issues, checks, expires and revokes access tokens. */
export class SandboxAuth {
  private readonly tokens = new Map<string, number>();
  issued = 0;

  constructor(private readonly options: SandboxAuthOptions) {}

  /** Forgets every token: the next business call with any of them is refused with 401. */
  revokeAll(): void {
    this.tokens.clear();
  }

  /** `POST /v3/token`. */
  token(headers: IncomingHttpHeaders, body: string): SandboxAnswer {
    for (const h of ['WM_SVC.NAME', 'WM_QOS.CORRELATION_ID']) {
      if (!header(headers, h)) return missingHeader(h);
    }
    const auth = header(headers, 'authorization') ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
    const decoded = m ? Buffer.from(m[1] ?? '', 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const id = colon > 0 ? decoded.slice(0, colon) : '';
    const secret = colon > 0 ? decoded.slice(colon + 1) : '';
    if (id !== this.options.clientId || secret !== this.options.clientSecret) return unauthorized();
    const grant = new URLSearchParams(body).get('grant_type');
    if (grant !== 'client_credentials') {
      return gatewayError(400, {
        code: 'INVALID_REQUEST_PARAM.GMP_GATEWAY_API',
        field: 'grant_type',
        description: `grant_type must be client_credentials (got ${grant === null ? 'none' : JSON.stringify(grant)})`,
      });
    }
    const token = newToken();
    const expiresIn = this.options.expiresInSeconds();
    this.tokens.set(token, this.options.clock.now() + expiresIn * 1000);
    this.issued++;
    const accept = header(headers, 'accept') ?? '';
    if (/application\/xml/i.test(accept) && !/application\/json/i.test(accept)) {
      return {
        status: 200,
        body: `<?xml version="1.0" encoding="UTF-8"?><OAuthTokenDTO><accessToken>${token}</accessToken><tokenType>Bearer</tokenType><expiresIn>${expiresIn}</expiresIn></OAuthTokenDTO>`,
        headers: { 'content-type': 'application/xml' },
      };
    }
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn } };
  }

  /** Gateway checks of a business call; undefined when the call may proceed. */
  check(headers: IncomingHttpHeaders): SandboxError | undefined {
    for (const h of ['WM_QOS.CORRELATION_ID', 'WM_SVC.NAME']) {
      if (!header(headers, h)) return missingHeader(h);
    }
    const token = header(headers, 'WM_SEC.ACCESS_TOKEN');
    if (!token) return unauthorized();
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return unauthorized();
    if (this.options.clock.now() >= expiresAt) {
      this.tokens.delete(token);
      return this.options.expiredTokenStyle() === 'legacy-invalid-token' ? invalidToken() : unauthorized();
    }
    const accept = header(headers, 'accept') ?? '';
    if (!/application\/json|\*\/\*/i.test(accept)) {
      return gatewayError(406, {
        code: 'INVALID_ACCEPT_TYPE.GMP_GATEWAY_API',
        field: 'Accept',
        description: 'The sandbox answers JSON only; send Accept: application/json',
        category: 'APPLICATION',
      });
    }
    return undefined;
  }
}
