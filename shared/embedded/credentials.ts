/**
 * CredentialSource of the embedded runtime: each credential is read from its environment variable first and,
 * when that is unset or empty, from the encrypted local store (`ml-connector secrets set`). Nothing is cached,
 * so a credential changed in the store is picked up on the next token refresh.
 */
import { ConfigurationError } from '../errors.ts';
import type { CredentialSource, PeopleSoftCredentials, WalmartCredentials } from '../ports.ts';
import type { SecretName } from './secret-store.ts';

/** The part of SecretStore this source needs (any store of named values will do). */
interface SecretReader {
  get(name: string): Promise<string | undefined>;
}

type PeopleSoftAuthType = 'basic' | 'oauth2';

/** One or more credentials are neither in the environment nor in the local store. */
export class MissingCredentialError extends ConfigurationError {
  override readonly name = 'MissingCredentialError';
  constructor(
    /** Whose credentials are missing. */
    readonly credentialsOf: 'Walmart' | 'PeopleSoft',
    /** The environment variable names that are missing. */
    readonly variables: readonly SecretName[],
    why = '',
  ) {
    const fixes = variables.map((v) => `  export ${v}=…   or   ml-connector secrets set ${v}`).join('\n');
    super(
      `${credentialsOf} credential${variables.length > 1 ? 's' : ''} missing: ${variables.join(', ')}${why}. Set:\n${fixes}`,
    );
  }
}

interface EnvOrStoreCredentialsOptions {
  /** `peoplesoft.auth.type` of the config. */
  peoplesoftAuthType: PeopleSoftAuthType;
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The local store consulted for variables the environment lacks; none means environment only. */
  secrets?: SecretReader;
}

/** The credential names needed for a PeopleSoft auth type, Walmart's first (for `ping` and `secrets list`). */
export function requiredCredentialNames(peoplesoftAuthType: PeopleSoftAuthType): SecretName[] {
  return [
    'WALMART_CLIENT_ID',
    'WALMART_CLIENT_SECRET',
    ...(peoplesoftAuthType === 'oauth2'
      ? (['PEOPLESOFT_CLIENT_ID', 'PEOPLESOFT_CLIENT_SECRET'] as const)
      : (['PEOPLESOFT_USERNAME', 'PEOPLESOFT_PASSWORD'] as const)),
  ];
}

export class EnvOrStoreCredentials implements CredentialSource {
  readonly #authType: PeopleSoftAuthType;
  readonly #env: Record<string, string | undefined>;
  readonly #secrets: SecretReader | undefined;

  constructor(options: EnvOrStoreCredentialsOptions) {
    this.#authType = options.peoplesoftAuthType;
    this.#env = options.env ?? process.env;
    this.#secrets = options.secrets;
  }

  /** Walmart client id and secret; MissingCredentialError names whichever is absent. */
  async walmart(): Promise<WalmartCredentials> {
    const [clientId, clientSecret] = await this.#read('Walmart', [
      'WALMART_CLIENT_ID',
      'WALMART_CLIENT_SECRET',
    ]);
    return { clientId, clientSecret };
  }

  /** PeopleSoft credentials for the configured auth type; MissingCredentialError names whichever is absent. */
  async peoplesoft(): Promise<PeopleSoftCredentials> {
    const why = ` (peoplesoft.auth.type is "${this.#authType}")`;
    if (this.#authType === 'oauth2') {
      const [clientId, clientSecret] = await this.#read(
        'PeopleSoft',
        ['PEOPLESOFT_CLIENT_ID', 'PEOPLESOFT_CLIENT_SECRET'],
        why,
      );
      return { type: 'oauth2', clientId, clientSecret };
    }
    const [username, password] = await this.#read(
      'PeopleSoft',
      ['PEOPLESOFT_USERNAME', 'PEOPLESOFT_PASSWORD'],
      why,
    );
    return { type: 'basic', username, password };
  }

  async #read(
    system: 'Walmart' | 'PeopleSoft',
    names: readonly [SecretName, SecretName],
    why = '',
  ): Promise<[string, string]> {
    const values: string[] = [];
    const missing: SecretName[] = [];
    for (const name of names) {
      const fromEnv = this.#env[name];
      const value = fromEnv !== undefined && fromEnv !== '' ? fromEnv : await this.#secrets?.get(name);
      if (value === undefined || value === '') missing.push(name);
      else values.push(value);
    }
    if (missing.length > 0) throw new MissingCredentialError(system, missing, why);
    return [values[0]!, values[1]!];
  }
}
