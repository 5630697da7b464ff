/** The sandbox's single-SKU inventory service: `GET` / `PUT /v3/inventory?sku=…`. */
import type { SandboxAnswer } from './sandbox-auth.ts';
import { flatError, notFound, serviceError } from './sandbox-errors.ts';

const INVENTORY_API = 'GMP_INVENTORY_API';

/** One quantity a SKU was set to, and when (by PUT, by a processed feed, or by a test's hand). */
interface QuantitySet {
  quantity: number;
  at: number;
}

/**
 * The sandbox's inventory: current quantity per SKU, plus the history of every quantity set after the seed,
 * so tests can tell how often and to what Walmart was told a SKU's quantity.
 */
export class SandboxInventory extends Map<string, number> {
  readonly history = new Map<string, QuantitySet[]>();
  readonly #now: () => number;

  constructor(seed: Record<string, number>, now: () => number) {
    super();
    this.#now = now;
    for (const [sku, quantity] of Object.entries(seed)) super.set(sku, quantity);
  }

  override set(sku: string, quantity: number): this {
    super.set(sku, quantity);
    // Map's own constructor calls set before the fields exist; the seed goes through super.set above.
    if (this.history)
      this.history.set(sku, [...(this.history.get(sku) ?? []), { quantity, at: this.#now() }]);
    return this;
  }

  /** The quantities a SKU was set to, oldest first. */
  setsOf(sku: string): QuantitySet[] {
    return [...(this.history.get(sku) ?? [])];
  }
}

/** `GET /v3/inventory?sku=`. */
export function getInventoryAnswer(inventory: Map<string, number>, query: URLSearchParams): SandboxAnswer {
  const sku = query.get('sku');
  if (!sku) return missingSku();
  const amount = inventory.get(sku);
  if (amount === undefined) return unknownSku(sku);
  return { status: 200, body: { sku, quantity: { unit: 'EACH', amount } } };
}

/** `PUT /v3/inventory?sku=` with `{sku, quantity:{unit:"EACH", amount}}`. */
export function putInventoryAnswer(
  inventory: Map<string, number>,
  query: URLSearchParams,
  contentType: string,
  rawBody: string,
): SandboxAnswer {
  const sku = query.get('sku');
  if (!sku) return missingSku();
  if (!/application\/json/i.test(contentType)) {
    return serviceError(415, {
      code: `UNSUPPORTED_MEDIA_TYPE.${INVENTORY_API}`,
      field: 'Content-Type',
      description: 'Send the inventory as application/json',
    });
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return flatError(400, { code: 'MALFORMED_REQUEST_CONTENT', description: 'The body is not JSON' });
  }
  const b = (body ?? {}) as { sku?: unknown; quantity?: { unit?: unknown; amount?: unknown } | null };
  const invalid = (field: string, description: string) =>
    flatError(400, { code: 'INVALID_REQUEST_CONTENT', field, description });
  if (typeof b.sku !== 'string' || b.sku === '') return invalid('sku', 'sku is required');
  if (b.sku !== sku) return invalid('sku', `body sku "${b.sku}" differs from query sku "${sku}"`);
  if (!b.quantity || typeof b.quantity !== 'object') return invalid('quantity', 'quantity is required');
  if (b.quantity.unit !== 'EACH') return invalid('quantity.unit', 'quantity.unit must be EACH');
  const amount = b.quantity.amount;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
    return invalid('quantity.amount', 'quantity.amount must be a whole number of at least 0');
  }
  if (!inventory.has(sku)) return unknownSku(sku);
  inventory.set(sku, amount);
  return { status: 200, body: { sku, quantity: { unit: 'EACH', amount } } };
}

function missingSku(): SandboxAnswer {
  return serviceError(400, {
    code: `MISSING_REQUEST_PARAM.${INVENTORY_API}`,
    field: 'sku',
    description: 'Query parameter sku is required',
  });
}

function unknownSku(sku: string): SandboxAnswer {
  return notFound(INVENTORY_API, `Item not found for SKU ${sku}`, 'sku');
}
