/** SKU → PeopleSoft item rules: identity unless `matching.items` maps the SKU. */
export type ItemMap = Readonly<Record<string, string>>;

/** The PeopleSoft `INV_ITEM_ID` of a Walmart SKU. */
export function resolveItemId(sku: string, items: ItemMap): string {
  return items[sku] ?? sku;
}

/**
 * The Walmart SKUs of each PeopleSoft item, for pushing stock back: the reverse of `matching.items`,
 * identity for items no SKU maps to. An item several SKUs map to feeds each of them.
 */
export function skusOfItem(items: ItemMap): (itemId: string) => string[] {
  const reverse = new Map<string, string[]>();
  for (const [sku, itemId] of Object.entries(items)) {
    const list = reverse.get(itemId) ?? [];
    list.push(sku);
    reverse.set(itemId, list);
  }
  return (itemId) => reverse.get(itemId) ?? [itemId];
}
