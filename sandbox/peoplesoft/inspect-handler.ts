/**
 * `/__sandbox/...`: the sandbox's inspection and control API as JSON over HTTP, so a test or tool in
 * another process can read what PeopleSoft holds and steer faults. Not part of any real PeopleSoft.
 *
 * GET  staged | loaded | schedules | balances | receipts | post-counts | duplicates | requests | state
 * POST batch-load | balance {itemId, qtyAvailable, qtyOnHand?, qtyReserved?} | staging-error {reference, text}
 *      | faults {FaultSettings} | expire-tokens | clear-requests
 */
import type { ServerResponse } from 'node:http';
import type { BatchLoadSummary } from './batch-load.ts';
import { sendJson } from './gateway-responses.ts';
import type { Balance, ReceiptLine, Schedule, StagingRow } from './sandbox-data.ts';
import type { FaultSettings } from './sandbox-faults.ts';

/** What the inspection API needs from the sandbox. */
export interface SandboxControl {
  staged(): StagingRow[];
  loaded(): StagingRow[];
  schedules(): Schedule[];
  balances(): Balance[];
  receipts(): ReceiptLine[];
  postCounts(): Record<string, number>;
  duplicates(): string[];
  requests(): unknown[];
  tokensIssued(): number;
  runBatchLoad(): BatchLoadSummary;
  setBalance(itemId: string, qtyAvailable: number, qtyOnHand?: number, qtyReserved?: number): Balance;
  setStagingError(reference: string, text: string): void;
  applyFaults(settings: FaultSettings): void;
  expireTokens(): void;
  clearRequests(): void;
}

/** Handles one `/__sandbox/{name}` request. */
export function handleInspect(
  res: ServerResponse,
  method: string,
  name: string,
  body: string,
  control: SandboxControl,
): number {
  const ok = (value: unknown) => {
    sendJson(res, 200, value);
    return 200;
  };
  const fail = (status: number, message: string) => {
    sendJson(res, status, { error: message });
    return status;
  };
  if (method === 'GET') {
    switch (name) {
      case 'staged':
        return ok(control.staged());
      case 'loaded':
        return ok(control.loaded());
      case 'schedules':
        return ok(control.schedules());
      case 'balances':
        return ok(control.balances());
      case 'receipts':
        return ok(control.receipts());
      case 'post-counts':
        return ok(control.postCounts());
      case 'duplicates':
        return ok(control.duplicates());
      case 'requests':
        return ok(control.requests());
      case 'state':
        return ok({
          staged: control.staged().length,
          loaded: control.loaded().length,
          receipts: control.receipts().length,
          duplicates: control.duplicates().length,
          requests: control.requests().length,
          tokensIssued: control.tokensIssued(),
        });
      default:
        return fail(404, `unknown inspection ${name}`);
    }
  }
  if (method !== 'POST') return fail(405, 'use GET or POST');
  let input: Record<string, unknown> = {};
  if (body.trim() !== '') {
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return fail(400, 'the body must be JSON');
    }
  }
  switch (name) {
    case 'batch-load':
      return ok(control.runBatchLoad());
    case 'balance': {
      const { itemId, qtyAvailable, qtyOnHand, qtyReserved } = input;
      if (typeof itemId !== 'string' || typeof qtyAvailable !== 'number') {
        return fail(400, 'balance needs {"itemId": string, "qtyAvailable": number}');
      }
      return ok(
        control.setBalance(
          itemId,
          qtyAvailable,
          typeof qtyOnHand === 'number' ? qtyOnHand : undefined,
          typeof qtyReserved === 'number' ? qtyReserved : undefined,
        ),
      );
    }
    case 'staging-error': {
      const { reference, text } = input;
      if (typeof reference !== 'string' || typeof text !== 'string') {
        return fail(400, 'staging-error needs {"reference": string, "text": string}');
      }
      control.setStagingError(reference, text);
      return ok({ reference, text });
    }
    case 'faults':
      control.applyFaults(input as FaultSettings);
      return ok({ applied: Object.keys(input) });
    case 'expire-tokens':
      control.expireTokens();
      return ok({ expired: true });
    case 'clear-requests':
      control.clearRequests();
      return ok({ cleared: true });
    default:
      return fail(404, `unknown control ${name}`);
  }
}
