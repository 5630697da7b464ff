/** Options of the PeopleSoft sandbox and their defaults. */
import type { Clock } from '../../shared/ports.ts';
import type { World } from '../world.ts';
import type { SandboxLayout } from './eip-handler.ts';
import type { SandboxClient, SandboxUser } from './sandbox-auth.ts';

export interface PeopleSoftSandboxOptions {
  world: World;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Default local node, the `{node}` of REST URLs and the `To` of posts (default `PSFT_EP`). */
  node?: string;
  /** Nodes allowed as `From` of posts (default `["ML_CONNECTOR"]`). */
  externalNodes?: string[];
  /** PeopleSoft users for Basic auth (default one sandbox user). */
  users?: SandboxUser[];
  /** OAuth2 clients of the identity provider (default one sandbox client). */
  oauthClients?: SandboxClient[];
  /** `expires_in` of issued tokens, seconds (default 3600). */
  tokenExpiresInSec?: number;
  /** Installed query names, when a site named them differently. */
  queries?: Partial<Record<'openPoLines' | 'itemVendors' | 'receiptStatus' | 'inventoryBalances', string>>;
  /** Row keys `FIELD` (default) or `ALIAS.FIELD`. */
  keyStyle?: 'field' | 'alias';
  /** Key of the query name in answers: `queryname` (default) or `queryname=`. */
  querynameKey?: 'queryname' | 'queryname=';
  /** Site time zone of date-times (default `UTC`). */
  timeZone?: string;
  /** `EIP_TRANS_SRC` the receipt-status query reads (default `MLC`). */
  eipSource?: string;
  /** Record names of the EIP messages, for a site-specific layout. */
  layout?: Partial<SandboxLayout>;
  /**
   * The user's Query Security Profile "Max Rows to Fetch": no answer holds more rows than this, whatever
   * `maxrows` asks (one number for every query, or per query kind; default no cap).
   */
  maxRowsToFetch?:
    | number
    | Partial<Record<'openPoLines' | 'itemVendors' | 'receiptStatus' | 'inventoryBalances', number>>;
  /** Work per row returned, ms, against `gatewayTimeoutMs` (default 0 and no timeout). */
  rowCostMs?: number;
  gatewayTimeoutMs?: number;
  timeoutAnswer?: 'html-504' | 'ibresponse-500';
  /** Latency of every request, ms. */
  latencyMs?: number;
  /** Runs the batch load every N ms (real time) when set. */
  batchLoadEveryMs?: number;
  /** Time source of timestamps, token expiry and simulated delays (default the system clock). */
  clock?: Clock;
  /** Randomness of the failure rate (default Math.random). */
  random?: () => number;
}

export const SANDBOX_USER: SandboxUser = { username: 'MLC_SANDBOX', password: 'sandbox-only-password' };
export const SANDBOX_CLIENT: SandboxClient = {
  clientId: 'mlc-sandbox-client',
  clientSecret: 'sandbox-only-secret',
};

export const DEFAULT_QUERY_NAMES = {
  openPoLines: 'MLC_OPEN_PO_LINES',
  itemVendors: 'MLC_ITEM_VENDORS',
  receiptStatus: 'MLC_RECEIPT_STATUS',
  inventoryBalances: 'MLC_INV_BALANCES',
} as const;
