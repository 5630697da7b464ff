/**
 * Hand-made Walmart calls for tests of the sandbox itself (no client in between): a sandbox on a manual
 * clock, a token, and one request with the required headers.
 */
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../shared/memory/index.ts';
import { startWalmartSandbox, type WalmartSandbox, type WalmartSandboxOptions } from './walmart-sandbox.ts';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk Walmart's JSON answers freely
export type Json = any;

export const NOW = Date.UTC(2026, 0, 15, 12);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const started: WalmartSandbox[] = [];

/** Starts a sandbox on a ManualClock at NOW; closeSandboxes() stops every one started. */
export async function sandbox(
  options: Omit<WalmartSandboxOptions, 'clock'> = {},
  clock = new ManualClock(NOW),
) {
  const s = await startWalmartSandbox({ ...options, clock });
  started.push(s);
  return { s, clock };
}

export async function closeSandboxes(): Promise<void> {
  for (const s of started.splice(0)) await s.close();
}

export const baseHeaders = () => ({
  'WM_SVC.NAME': 'Walmart Marketplace',
  'WM_QOS.CORRELATION_ID': randomUUID(),
  Accept: 'application/json',
});

export async function tokenOf(
  s: WalmartSandbox,
  headers: Record<string, string> = {},
  body = 'grant_type=client_credentials',
) {
  return fetch(`${s.url}/v3/token`, {
    method: 'POST',
    headers: {
      ...baseHeaders(),
      Authorization: `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body,
  });
}

export async function token(s: WalmartSandbox): Promise<string> {
  return ((await (await tokenOf(s)).json()) as { access_token: string }).access_token;
}

export async function call(
  s: WalmartSandbox,
  pathAndQuery: string,
  init: {
    token?: string;
    headers?: Record<string, string>;
    method?: string;
    body?: RequestInit['body'];
  } = {},
) {
  const res = await fetch(`${s.url}${pathAndQuery}`, {
    method: init.method ?? 'GET',
    headers: {
      ...baseHeaders(),
      ...(init.token ? { 'WM_SEC.ACCESS_TOKEN': init.token } : {}),
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await res.text();
  return { res, json: text.startsWith('{') ? (JSON.parse(text) as Json) : undefined, text };
}
