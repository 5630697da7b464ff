/**
 * Fault knobs of the PeopleSoft sandbox: latency, slow queries against a gateway timeout, 5xx (next N or
 * a rate), IBResponse errors with HTTP 200, lost responses (the transaction is staged, then the socket is
 * dropped), auth failures. Settable in process or as JSON through `POST /__sandbox/faults`.
 */

/** Which requests a fault applies to. */
type FaultScope = 'query' | 'post' | 'any';

interface ServerFailure {
  status: number;
  /** `html`: the gateway's error page; `ibresponse`: an IBResponse error document. */
  body: 'html' | 'ibresponse' | 'credential-fault';
}

interface IbErrorFault {
  messageSet?: number | string;
  messageId?: number | string;
  message: string;
}

/** JSON accepted by `POST /__sandbox/faults`: each present key applies one setting. */
export interface FaultSettings {
  latencyMs?: number;
  queryLatencyMs?: number;
  rowCostMs?: number;
  gatewayTimeoutMs?: number;
  timeoutAnswer?: 'html-504' | 'ibresponse-500';
  failNext?: {
    count: number;
    status?: number;
    body?: 'html' | 'ibresponse' | 'credential-fault';
    scope?: FaultScope;
  };
  failureRate?: { rate: number; status?: number; scope?: FaultScope };
  ibErrorNext?: { count: number } & Partial<IbErrorFault>;
  ibErrorFor?: { references: string[] } & Partial<IbErrorFault>;
  loseNext?: { count: number; scope?: FaultScope };
  authFailNext?: number;
  clear?: boolean;
}

const DEFAULT_IB_ERROR: IbErrorFault = {
  messageSet: 18040,
  messageId: 101,
  message: 'Transaction rejected by the sandbox (injected error)',
};

const inScope = (scope: FaultScope, kind: 'query' | 'post') => scope === 'any' || scope === kind;

export class SandboxFaults {
  /** Added to every request, ms. */
  latencyMs = 0;
  /** Added to every query, ms (slow queries). */
  queryLatencyMs = 0;
  /** Work per row returned by a query, ms: a query costing more than `gatewayTimeoutMs` times out. */
  rowCostMs = 0;
  gatewayTimeoutMs = Number.POSITIVE_INFINITY;
  /** How a gateway timeout is answered. */
  timeoutAnswer: 'html-504' | 'ibresponse-500' = 'html-504';
  private failures: (ServerFailure & { remaining: number; scope: FaultScope })[] = [];
  private rate = { rate: 0, status: 503, scope: 'any' as FaultScope };
  private ibErrors: (IbErrorFault & { remaining: number })[] = [];
  private readonly ibErrorRefs = new Map<string, IbErrorFault>();
  private lost: { remaining: number; scope: FaultScope }[] = [];
  private authFailures = 0;

  constructor(private readonly random: () => number = Math.random) {}

  /** The next `count` requests in scope answer `status` (default 503) with an HTML page or IBResponse. */
  failNext(count: number, opts: Partial<ServerFailure> & { scope?: FaultScope } = {}): void {
    this.failures.push({
      remaining: count,
      status: opts.status ?? 503,
      body: opts.body ?? 'html',
      scope: opts.scope ?? 'any',
    });
  }

  /** A share (0..1) of requests in scope answer `status`. */
  setFailureRate(rate: number, opts: { status?: number; scope?: FaultScope } = {}): void {
    this.rate = { rate, status: opts.status ?? 503, scope: opts.scope ?? 'any' };
  }

  /** The next `count` posts are answered with an IBResponse error and HTTP 200; nothing is staged. */
  ibErrorNext(count: number, error: Partial<IbErrorFault> = {}): void {
    this.ibErrors.push({ ...DEFAULT_IB_ERROR, ...error, remaining: count });
  }

  /** Posts holding any of these references are answered with an IBResponse error and HTTP 200. */
  ibErrorFor(references: string[], error: Partial<IbErrorFault> = {}): void {
    for (const r of references) this.ibErrorRefs.set(r, { ...DEFAULT_IB_ERROR, ...error });
  }

  /** The next `count` requests in scope are processed (posts staged) but their socket is dropped unanswered. */
  loseNext(count: number, scope: FaultScope = 'post'): void {
    this.lost.push({ remaining: count, scope });
  }

  /** The next `count` authenticated requests are refused with 401 whatever their credentials. */
  failAuthNext(count: number): void {
    this.authFailures += count;
  }

  /** Applies JSON settings (the `/__sandbox/faults` body). */
  apply(s: FaultSettings): void {
    if (s.clear) this.clear();
    if (s.latencyMs !== undefined) this.latencyMs = s.latencyMs;
    if (s.queryLatencyMs !== undefined) this.queryLatencyMs = s.queryLatencyMs;
    if (s.rowCostMs !== undefined) this.rowCostMs = s.rowCostMs;
    if (s.gatewayTimeoutMs !== undefined) this.gatewayTimeoutMs = s.gatewayTimeoutMs;
    if (s.timeoutAnswer !== undefined) this.timeoutAnswer = s.timeoutAnswer;
    if (s.failNext) this.failNext(s.failNext.count, s.failNext);
    if (s.failureRate) this.setFailureRate(s.failureRate.rate, s.failureRate);
    if (s.ibErrorNext) this.ibErrorNext(s.ibErrorNext.count, s.ibErrorNext);
    if (s.ibErrorFor) this.ibErrorFor(s.ibErrorFor.references, s.ibErrorFor);
    if (s.loseNext) this.loseNext(s.loseNext.count, s.loseNext.scope);
    if (s.authFailNext !== undefined) this.failAuthNext(s.authFailNext);
  }

  /** Removes every fault. */
  clear(): void {
    this.latencyMs = 0;
    this.queryLatencyMs = 0;
    this.rowCostMs = 0;
    this.gatewayTimeoutMs = Number.POSITIVE_INFINITY;
    this.timeoutAnswer = 'html-504';
    this.failures = [];
    this.rate = { rate: 0, status: 503, scope: 'any' };
    this.ibErrors = [];
    this.ibErrorRefs.clear();
    this.lost = [];
    this.authFailures = 0;
  }

  /** Consumes a server failure for this request, if one is due. */
  takeFailure(kind: 'query' | 'post'): ServerFailure | undefined {
    const f = this.failures.find((x) => x.remaining > 0 && inScope(x.scope, kind));
    if (f) {
      f.remaining--;
      return { status: f.status, body: f.body };
    }
    if (this.rate.rate > 0 && inScope(this.rate.scope, kind) && this.random() < this.rate.rate) {
      return { status: this.rate.status, body: 'html' };
    }
    return undefined;
  }

  /** Consumes an IBResponse error for a post holding these references, if one is due. */
  takeIbError(references: string[]): IbErrorFault | undefined {
    for (const r of references) {
      const e = this.ibErrorRefs.get(r);
      if (e) return e;
    }
    const next = this.ibErrors.find((x) => x.remaining > 0);
    if (!next) return undefined;
    next.remaining--;
    return { messageSet: next.messageSet, messageId: next.messageId, message: next.message };
  }

  /** Consumes a lost response for this request, if one is due. */
  takeLost(kind: 'query' | 'post'): boolean {
    const l = this.lost.find((x) => x.remaining > 0 && inScope(x.scope, kind));
    if (!l) return false;
    l.remaining--;
    return true;
  }

  /** Consumes a forced auth failure, if one is due. */
  takeAuthFailure(): boolean {
    if (this.authFailures <= 0) return false;
    this.authFailures--;
    return true;
  }
}
