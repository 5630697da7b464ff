/** Errors of the local credential store. None of them ever carries a secret value or key material. */
import { StoreError } from '../errors.ts';

/** The name is not one of the credentials ml-connector reads. */
export class UnknownSecretNameError extends StoreError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'UnknownSecretNameError';
  constructor(
    readonly secretName: string,
    readonly validNames: readonly string[],
  ) {
    super(`"${secretName}" is not a credential ml-connector uses; valid names: ${validNames.join(', ')}`);
  }
}

/** A secret value was empty or not a string. */
export class InvalidSecretValueError extends StoreError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'InvalidSecretValueError';
  constructor(readonly secretName: string) {
    super(`the value of ${secretName} must be a non-empty string`);
  }
}

/** The master key (environment variable or key file) is not 32 bytes of base64 or hex. */
export class InvalidMasterKeyError extends StoreError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'InvalidMasterKeyError';
  constructor(readonly source: string) {
    super(
      `the master key in ${source} must be 32 bytes written as base64 (44 characters) or hex (64 characters); ` +
        'create one with `openssl rand -base64 32`',
    );
  }
}

/** Secrets are stored but neither the environment variable nor the key file provides a key. */
export class MasterKeyMissingError extends StoreError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'MasterKeyMissingError';
  constructor(
    readonly keyFile: string,
    readonly envVar: string,
  ) {
    super(
      `the secrets in the store were encrypted with a master key that is not available: restore the key file ` +
        `${keyFile} or set ${envVar}`,
    );
  }
}

/** The key file can be read by other users of the machine. */
export class InsecureKeyFileError extends StoreError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'InsecureKeyFileError';
  constructor(readonly keyFile: string) {
    super(`the key file ${keyFile} is readable by other users; run \`chmod 600 ${keyFile}\``);
  }
}

/** The available master key is not the one the stored secrets were encrypted with. */
export class SecretKeyMismatchError extends StoreError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'SecretKeyMismatchError';
  constructor(
    readonly source: string,
    readonly secretNames: readonly string[],
  ) {
    super(
      `the master key from ${source} does not match the key the stored secrets (${secretNames.join(', ')}) ` +
        'were encrypted with; use the original key, or `ml-connector secrets delete` them and set them again',
    );
  }
}

/** A stored value failed its integrity check (the file was altered). */
export class SecretCorruptedError extends StoreError {
  override readonly exitClass = 'setup' as const;
  override readonly name = 'SecretCorruptedError';
  constructor(readonly secretName: string) {
    super(
      `the stored value of ${secretName} failed its integrity check; set it again with \`ml-connector secrets set ${secretName}\``,
    );
  }
}
