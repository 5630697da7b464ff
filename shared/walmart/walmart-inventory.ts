/**
 * Single-SKU inventory: `GET` / `PUT /v3/inventory?sku=…` on Walmart's default ship node.
 * A SKU Walmart does not know (404 `CONTENT_NOT_FOUND.GMP_INVENTORY_API`) is an answer, not a failure.
 */
import { NetworkError, ThrottledError } from '../http/index.ts';
import type { InventoryPushResult } from '../ports.ts';
import { WalmartApiError, WalmartAuthError, WalmartResponseError } from './walmart-errors.ts';
import type { WalmartRequester, WalmartResponse } from './walmart-request.ts';

/**
 * Percent-encodes a query or path value the way Walmart asks: everything `encodeURIComponent` encodes,
 * plus `! ' ( ) *`, which Walmart lists among the characters to encode.
 */
export function encodeWalmartParam(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The problem with a quantity Walmart would refuse, or undefined when it is a whole number ≥ 0. */
export function quantityProblem(quantity: unknown): string | undefined {
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity)) {
    return `must be a whole number (got ${JSON.stringify(quantity)})`;
  }
  return quantity < 0 ? `must not be negative (got ${quantity})` : undefined;
}

function isUnknownSku(res: WalmartResponse): boolean {
  return res.status === 404 && res.errors().some((e) => e.code.startsWith('CONTENT_NOT_FOUND'));
}

/** Walmart's quantity of `sku`, or undefined when Walmart does not know the SKU. */
export async function getInventory(client: WalmartRequester, sku: string): Promise<number | undefined> {
  const res = await client.send({
    endpoint: 'inventory',
    method: 'GET',
    pathAndQuery: `/v3/inventory?sku=${encodeWalmartParam(sku)}`,
    idempotent: true,
  });
  if (isUnknownSku(res)) return undefined;
  const body = client.expectJson(res, `SKU "${sku}"`);
  const amount = Number((body.quantity as { amount?: unknown } | undefined)?.amount);
  if (!Number.isFinite(amount)) {
    throw new WalmartResponseError(res.call, `an inventory answer for SKU "${sku}" without quantity.amount`);
  }
  return amount;
}

/**
 * Sets `sku` to `quantity` on Walmart. Failures come back as a result naming the code and whether a retry
 * may help; only a refused API key throws (WalmartAuthError), since no other SKU would fare better.
 */
export async function putInventory(
  client: WalmartRequester,
  sku: string,
  quantity: number,
): Promise<InventoryPushResult> {
  const problem = quantityProblem(quantity);
  if (!sku) return { sku, ok: false, retryable: false, code: 'INVALID_SKU', message: 'the SKU is empty' };
  if (problem)
    return { sku, ok: false, retryable: false, code: 'INVALID_QUANTITY', message: `quantity ${problem}` };
  try {
    const res = await client.send({
      endpoint: 'inventory',
      method: 'PUT',
      pathAndQuery: `/v3/inventory?sku=${encodeWalmartParam(sku)}`,
      json: { sku, quantity: { unit: 'EACH', amount: quantity } },
      // Setting an absolute quantity twice has the same effect as once.
      idempotent: true,
    });
    if (res.status >= 200 && res.status < 300) return { sku, ok: true };
    const err = new WalmartApiError(res.call, res.status, res.errors(), `SKU "${sku}"`);
    return {
      sku,
      ok: false,
      retryable: err.retryable,
      code: err.code,
      message: isUnknownSku(res)
        ? `Walmart does not know SKU "${sku}" [correlation id ${err.correlationId}]`
        : err.message,
    };
  } catch (e) {
    if (e instanceof WalmartAuthError) throw e;
    if (e instanceof ThrottledError) {
      return { sku, ok: false, retryable: true, code: 'REQUEST_THRESHOLD_VIOLATED', message: e.message };
    }
    if (e instanceof NetworkError)
      return { sku, ok: false, retryable: true, code: 'NETWORK_ERROR', message: e.message };
    throw e;
  }
}
