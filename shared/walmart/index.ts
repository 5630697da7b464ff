/** The Walmart Marketplace client: OAuth2 tokens, orders, inventory feeds and their status. */
export { WalmartAuthError } from './walmart-errors.ts';
export { inventoryFeedDocument } from './walmart-feeds.ts';
export { WalmartMarketplace, walmartMarketplaceFromConfig } from './walmart-marketplace.ts';
export type { WalmartMarketplaceOptions } from './walmart-marketplace.ts';
export { clearWalmartTokenCache } from './walmart-token.ts';
