/** The embedded runtime's adapters: one SQLite file for the audit trail, the work queue and the leases, and the encrypted credential store. */
export { EnvOrStoreCredentials, MissingCredentialError, requiredCredentialNames } from './credentials.ts';
export { openEmbeddedStorage } from './embedded-storage.ts';
export type { EmbeddedStorage } from './embedded-storage.ts';
export { processOwnerTag } from './lease-owner.ts';
export {
  InsecureKeyFileError,
  InvalidMasterKeyError,
  InvalidSecretValueError,
  SecretCorruptedError,
  UnknownSecretNameError,
} from './secret-errors.ts';
export { SECRET_NAMES, isSecretName } from './secret-store.ts';
export type { SecretName } from './secret-store.ts';
export { openStore } from './sqlite-store.ts';
export { InvalidWorkItemError, SchemaTooNewError, StoreOpenError } from './store-errors.ts';
