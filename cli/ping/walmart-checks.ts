/** `ping` checks of Walmart: reachability, the token grant (credentials), and a one-page orders read. */
import { MissingCredentialError } from '../../shared/embedded/index.ts';
import { faultOf } from '../../shared/errors.ts';
import type { Config } from '../../shared/config/index.ts';
import type { Redactor } from '../../shared/logging/index.ts';
import type { Clock, CredentialSource, Log } from '../../shared/ports.ts';
import { walmartMarketplaceFromConfig } from '../../shared/walmart/index.ts';
import { checkReachable } from './network-checks.ts';
import type { CheckList } from './ping-check.ts';

const FOLLOWING = ['credentials available', 'credentials (token grant)', 'orders read'];

/** Runs every Walmart check into `list`. */
export async function checkWalmart(
  list: CheckList,
  config: Config,
  credentials: CredentialSource,
  deps: { clock: Clock; log: Log; redactor: Redactor },
): Promise<void> {
  const reachable = await checkReachable(
    list,
    'walmart',
    'walmart.baseUrl',
    config.walmart.baseUrl,
    deps.clock.now(),
  );
  if (!reachable) {
    list.skip('walmart', FOLLOWING, 'Walmart is not reachable');
    return;
  }
  const present = await list.run(
    'walmart',
    'credentials available',
    async () => ({
      detail: `WALMART_CLIENT_ID ${await clientIdOf(credentials)} and WALMART_CLIENT_SECRET are set`,
    }),
    (e) => ({ detail: message(e), fix: 'Set them in the environment, or `ml-connector secrets set NAME`.' }),
  );
  if (!present) {
    list.skip('walmart', FOLLOWING.slice(2), 'credentials missing');
    return;
  }
  const marketplace = walmartMarketplaceFromConfig(config.walmart, () => credentials.walmart(), {
    clock: deps.clock,
    log: deps.log,
    // A diagnosis wants the first answer, not a retried one.
    maxRetries: 0,
    timeoutMs: Math.min(config.walmart.timeoutMs, 15_000),
  });
  const granted = await list.run(
    'walmart',
    'credentials (token grant)',
    async () => {
      const token = await marketplace.tokens.token();
      deps.redactor.add(token);
      return { detail: `POST /v3/token granted an access token to client ${await clientIdOf(credentials)}` };
    },
    (e) => ({
      detail: message(e),
      fix: fixFor(
        e,
        'Check WALMART_CLIENT_ID / WALMART_CLIENT_SECRET and that they are keys of this environment (production keys do not work on the sandbox and vice versa).',
      ),
    }),
  );
  if (!granted) {
    list.skip('walmart', ['orders read'], 'no access token');
    return;
  }
  await list.run(
    'walmart',
    'orders read',
    async () => {
      const end = deps.clock.now();
      let lines = 0;
      for await (const _ of marketplace.orderLines({ start: end - 3_600_000, end, by: 'created' })) {
        lines++;
        if (lines >= 1) break;
      }
      return { detail: `GET /v3/orders answered (${lines ? 'orders found' : 'no orders in the last hour'})` };
    },
    (e) => ({
      detail: message(e),
      fix: 'Check that the API key has the Orders permission (Developer Portal → API keys).',
    }),
  );
}

async function clientIdOf(credentials: CredentialSource): Promise<string> {
  const id = (await credentials.walmart()).clientId;
  return id.length > 8 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function fixFor(e: unknown, authFix: string): string {
  if (e instanceof MissingCredentialError)
    return 'Set the missing variables, or `ml-connector secrets set NAME`.';
  if (faultOf(e) === 'unreachable') return 'Check walmart.baseUrl and the network path to it.';
  return authFix;
}
