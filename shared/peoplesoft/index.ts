/** The PeopleSoft FSCM client: Query Access Service reads, EIP posts, authentication by PeopleTools version. */
export { parseIbResponse } from './ib-response.ts';
export { PeopleSoftAuth } from './peoplesoft-auth.ts';
export { PeopleSoftErp } from './peoplesoft-erp.ts';
export type { PeopleSoftErpOptions } from './peoplesoft-erp.ts';
export {
  PeopleSoftAuthError,
  PeopleSoftConfigError,
  PeopleSoftQueryError,
  PeopleSoftUnavailableError,
  QueryWindowError,
} from './peoplesoft-errors.ts';
export { PeopleSoftTransport } from './peoplesoft-transport.ts';
export { QasClient } from './qas-client.ts';
export { EVERY_BALANCE_FROM, FIRST_ITEM_SENTINEL } from './queries.ts';
export { OPTIONAL_RECEIPT_STATUS_FIELDS, QUERY_FIELDS, QUERY_PROMPTS } from './query-rows.ts';
export { isSiteDate, isSiteDateTime } from './site-time.ts';
