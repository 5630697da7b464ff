/**
 * Validation of a bulk inventory feed file (JSON spec 1.4) by the rules of Walmart's `InventoryFeed.json`
 * schema: `InventoryHeader {version}` (nothing else), `Inventory` of 1..100,000 `{sku, quantity:{unit:"EACH",
 * amount:integer}}` (nothing else). Hand-written so the sandbox runs without a schema library; the
 * conformance test checks it agrees with the schema itself.
 */

interface FeedItem {
  sku: string;
  amount: number;
}

type FeedFileCheck = { ok: true; items: FeedItem[] } | { ok: false; problem: string };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function extraKeys(o: Record<string, unknown>, allowed: string[]): string | undefined {
  return Object.keys(o).find((k) => !allowed.includes(k));
}

/** Checks a feed file's text; names the first problem by JSON path. */
export function checkInventoryFeedFile(text: string): FeedFileCheck {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'the file is not valid JSON' };
  }
  if (!isObj(doc)) return { ok: false, problem: '/ must be an object' };
  const header = doc.InventoryHeader;
  if (header !== undefined) {
    if (!isObj(header)) return { ok: false, problem: '/InventoryHeader must be an object' };
    const extra = extraKeys(header, ['version']);
    if (extra) return { ok: false, problem: `/InventoryHeader must not have property ${extra}` };
    if (typeof header.version !== 'string')
      return { ok: false, problem: '/InventoryHeader/version must be a string' };
  }
  const list = doc.Inventory;
  if (!Array.isArray(list)) return { ok: false, problem: '/Inventory must be an array' };
  if (list.length < 1 || list.length > 100_000) {
    return { ok: false, problem: '/Inventory must hold 1 to 100000 items' };
  }
  const items: FeedItem[] = [];
  for (let i = 0; i < list.length; i++) {
    const it = list[i];
    const at = `/Inventory/${i}`;
    if (!isObj(it)) return { ok: false, problem: `${at} must be an object` };
    const extra = extraKeys(it, ['sku', 'quantity']);
    if (extra) return { ok: false, problem: `${at} must not have property ${extra}` };
    if (typeof it.sku !== 'string') return { ok: false, problem: `${at}/sku must be a string` };
    const q = it.quantity;
    if (!isObj(q)) return { ok: false, problem: `${at}/quantity must be an object` };
    const extraQ = extraKeys(q, ['unit', 'amount']);
    if (extraQ) return { ok: false, problem: `${at}/quantity must not have property ${extraQ}` };
    if (q.unit !== 'EACH') return { ok: false, problem: `${at}/quantity/unit must be EACH` };
    if (typeof q.amount !== 'number' || !Number.isInteger(q.amount)) {
      return { ok: false, problem: `${at}/quantity/amount must be an integer` };
    }
    items.push({ sku: it.sku, amount: q.amount });
  }
  return { ok: true, items };
}
