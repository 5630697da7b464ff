/**
 * The example configuration written by `ml-connector config init` and shown in docs/configuration.md.
 * Host names are placeholders to replace; everything else is a sensible starting point.
 */
import type { ConfigInput } from '../../shared/config/index.ts';

export const EXAMPLE_CONFIG: ConfigInput = {
  walmart: {
    baseUrl: 'https://marketplace.walmartapis.com',
    acknowledge: 'never',
  },
  peoplesoft: {
    restBaseUrl: 'https://erp.example.com:8443/PSIGW/RESTListeningConnector/PSFT_EP',
    httpListenerUrl: 'https://erp.example.com:8443/PSIGW/HttpListeningConnector',
    businessUnit: 'US001',
    auth: { type: 'basic' },
    timeZone: 'America/Chicago',
    maxRows: 1000,
    queries: {
      openPoLines: 'MLC_OPEN_PO_LINES',
      itemVendors: 'MLC_ITEM_VENDORS',
      receiptStatus: 'MLC_RECEIPT_STATUS',
      inventoryBalances: 'MLC_INV_BALANCES',
    },
    receipt: { transactionCode: 'PORC', source: 'MLC' },
    adjustment: { transactionCode: '0410', reasonCode: 'WMT', storageArea: 'STOCK', storLevel1: '01' },
  },
  // Empty on purpose: an example mapping left in by mistake would send that SKU to the wrong supplier or item.
  // The format of each map is in docs/configuration.md.
  matching: {
    policy: 'strict',
    suppliers: {},
    items: {},
  },
  orders: { initialLookbackDays: 3 },
  inventory: { safetyStock: 2, feedThreshold: 20 },
  store: { path: './ml-connector.sqlite' },
  schedule: { orders: '*/15 * * * *', inventory: '0 * * * *', timeZone: 'America/Chicago' },
};

/** The example as the text of a config file. */
export function exampleConfigText(): string {
  return `${JSON.stringify(EXAMPLE_CONFIG, null, 2)}\n`;
}
