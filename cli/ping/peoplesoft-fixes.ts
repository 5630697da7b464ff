import type { Config } from '../../shared/config/index.ts';
import { MissingCredentialError } from '../../shared/embedded/index.ts';
import {
  PeopleSoftAuthError,
  PeopleSoftQueryError,
  type QUERY_FIELDS,
  QUERY_PROMPTS,
} from '../../shared/peoplesoft/index.ts';

type QueryKind = keyof typeof QUERY_FIELDS;

/** What to do when `ping` could not run a PeopleSoft query, judged by the error's type. */
export function queryFix(e: unknown, name: string, kind: QueryKind, config: Config): string {
  if (e instanceof PeopleSoftAuthError) {
    return "PeopleSoft refused the credentials or the permission: check PEOPLESOFT_USERNAME / PEOPLESOFT_PASSWORD (or the OAuth2 client), and that the user's permission list includes the QAS service operations and query access to the query's records.";
  }
  if (e instanceof MissingCredentialError)
    return 'Set the missing variables, or `ml-connector secrets set NAME`.';
  if (e instanceof PeopleSoftQueryError && /\bnode\b/i.test(e.message)) {
    const node = config.peoplesoft.restBaseUrl.replace(/\/+$/, '').split('/').pop();
    return `the node ${node} at the end of peoplesoft.restBaseUrl (…/PSIGW/RESTListeningConnector/NODE) must be the database's default local node (PeopleTools > Integration Broker > Integration Setup > Nodes: the one marked Default Local Node, often PSFT_EP or PSFT_HR)`;
  }
  if (e instanceof PeopleSoftQueryError) {
    return `create the public query ${name} with prompts ${QUERY_PROMPTS[kind].join(', ')} (docs/operations.md), or set peoplesoft.queries.${kind} to its name`;
  }
  return 'check peoplesoft.restBaseUrl (it must end with /PSIGW/RESTListeningConnector/NODE) and that the Integration Gateway is up';
}
