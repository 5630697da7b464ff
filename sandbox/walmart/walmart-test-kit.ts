/**
 * A Walmart sandbox and a client wired to it on one manual clock: the usual starting point of a test that
 * talks Walmart over real loopback HTTP without waiting for real time.
 */
import { afterEach } from 'vitest';
import type { Log } from '../../shared/ports.ts';
import {
  clearWalmartTokenCache,
  WalmartMarketplace,
  type WalmartMarketplaceOptions,
} from '../../shared/walmart/index.ts';
import { ManualClock } from '../../shared/memory/index.ts';
import { startWalmartSandbox, type WalmartSandbox, type WalmartSandboxOptions } from './walmart-sandbox.ts';

export interface WalmartPair {
  clock: ManualClock;
  sandbox: WalmartSandbox;
  walmart: WalmartMarketplace;
  close(): Promise<void>;
}

/** Starts a sandbox and a WalmartMarketplace pointed at it, sharing a ManualClock. */
async function startWalmartPair(
  sandboxOptions: Omit<WalmartSandboxOptions, 'clock'> = {},
  clientOptions: Partial<WalmartMarketplaceOptions> = {},
  clock: ManualClock = new ManualClock(),
): Promise<WalmartPair> {
  const sandbox = await startWalmartSandbox({ ...sandboxOptions, clock });
  const walmart = new WalmartMarketplace({
    baseUrl: sandbox.url,
    credentials: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
    clock,
    timeoutMs: 10_000,
    random: () => 0.5,
    ...clientOptions,
  });
  return { clock, sandbox, walmart, close: () => sandbox.close() };
}

/**
 * For a test file: starts pairs like `startWalmartPair`, and after each test closes them all and clears the
 * process-wide token cache, so no test sees another's sandbox or token.
 */
export function useWalmartPairs(): (...args: Parameters<typeof startWalmartPair>) => Promise<WalmartPair> {
  const pairs: WalmartPair[] = [];
  afterEach(async () => {
    clearWalmartTokenCache();
    for (const p of pairs.splice(0)) await p.close();
  });
  return async (...args) => {
    const p = await startWalmartPair(...args);
    pairs.push(p);
    return p;
  };
}

/** A Log that keeps every line, to check what was (and was not) logged. */
export function recordingLog(): Log & {
  lines: { level: string; message: string; fields?: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
