import { ConnectorError } from '../errors.ts';

/** The request never produced an HTTP answer (DNS, refused, reset, TLS, timeout) after every retry. */
export class NetworkError extends ConnectorError {
  override readonly name: string = 'NetworkError';
  override readonly fault = 'unreachable' as const;
  constructor(
    readonly system: 'walmart' | 'peoplesoft',
    readonly endpoint: string,
    message: string,
    /** True when the request may have reached the server (it was sent but no answer came). */
    readonly maybeDelivered: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** No answer within the configured timeout. */
export class RequestTimeoutError extends NetworkError {
  override readonly name = 'RequestTimeoutError';
}

/** Throttled (429) more often than the retry budget allows. */
export class ThrottledError extends ConnectorError {
  override readonly name = 'ThrottledError';
  constructor(
    readonly system: 'walmart' | 'peoplesoft',
    readonly endpoint: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(
      `${system} kept throttling ${endpoint} (HTTP 429) after every retry; try again later or lower the request rate`,
    );
  }
}
