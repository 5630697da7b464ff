/**
 * Typed errors of the PeopleSoft client. Each names what failed and how to fix it, and never carries a
 * password, client secret or token.
 */
import { PeopleSoftError } from '../errors.ts';

/** The client was given settings it cannot work with (plain http to a remote host, wrong credential kind). */
export class PeopleSoftConfigError extends PeopleSoftError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'PeopleSoftConfigError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * PeopleSoft (or the identity provider) refused the credentials (401) or the permission (403).
 * `principal` is the OPRID or OAuth2 client id, never the secret.
 */
export class PeopleSoftAuthError extends PeopleSoftError {
  override readonly fault = 'credentials' as const;
  override readonly name = 'PeopleSoftAuthError';
  constructor(
    readonly principal: string,
    readonly status: number,
    readonly endpoint: string,
    message: string,
  ) {
    super(message);
  }
}

/** PeopleSoft answered something the client cannot read: an HTML error page, an empty body, bad JSON. */
export class PeopleSoftResponseError extends PeopleSoftError {
  override readonly name = 'PeopleSoftResponseError';
  constructor(
    readonly endpoint: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The gateway kept answering 5xx for a call after every retry. */
export class PeopleSoftUnavailableError extends PeopleSoftError {
  override readonly fault = 'unreachable' as const;
  override readonly name = 'PeopleSoftUnavailableError';
  constructor(
    readonly endpoint: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Query Access Services answered an error for a query: unknown query, wrong prompts, no query access. */
export class PeopleSoftQueryError extends PeopleSoftError {
  override readonly name = 'PeopleSoftQueryError';
  constructor(
    readonly query: string,
    readonly status: number,
    message: string,
    readonly messageSet?: string,
    readonly messageId?: string,
  ) {
    super(message);
  }
}

/**
 * A query window could not be read completely: it still held `maxrows` rows (or kept timing out) at the
 * smallest window or page the client splits to. No partial result is returned in its place.
 */
export class QueryWindowError extends PeopleSoftError {
  override readonly name = 'QueryWindowError';
  constructor(
    readonly query: string,
    /** The window that failed, e.g. `2025-01-14..2025-01-14` or `from 2025-01-14T10:00:00`. */
    readonly window: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Strips tags and squeezes whitespace so an HTML error page can be quoted in one short line. */
export function snippet(body: string, max = 200): string {
  const text = body
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
