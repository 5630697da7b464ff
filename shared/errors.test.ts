import { describe, expect, it } from 'vitest';
import { MissingCredentialError } from './embedded/credentials.ts';
import * as secretErrors from './embedded/secret-errors.ts';
import * as storeErrors from './embedded/store-errors.ts';
import { SetupError } from './errors.ts';
import { PeopleSoftConfigError, PeopleSoftUnavailableError } from './peoplesoft/peoplesoft-errors.ts';
import { UnknownLineError } from './usecases/change-line.ts';
import { ResolveError } from './usecases/resolve-line.ts';

describe('SetupError', () => {
  it('is the base of every error that means "fix the setup first", so the CLI exits 2 for them by type', () => {
    const setup = [
      secretErrors.UnknownSecretNameError,
      secretErrors.InvalidSecretValueError,
      secretErrors.InvalidMasterKeyError,
      secretErrors.MasterKeyMissingError,
      secretErrors.InsecureKeyFileError,
      secretErrors.SecretKeyMismatchError,
      secretErrors.SecretCorruptedError,
      storeErrors.StoreOpenError,
      storeErrors.SchemaTooNewError,
      MissingCredentialError,
      PeopleSoftConfigError,
      ResolveError,
      UnknownLineError,
    ];
    for (const c of setup) expect(c.prototype instanceof SetupError, c.name).toBe(true);
    // A failure of a system is not one: the CLI reports it as a failed stage.
    expect(PeopleSoftUnavailableError.prototype instanceof SetupError).toBe(false);
    expect(storeErrors.InvalidWorkItemError.prototype instanceof SetupError).toBe(false);
  });

  it('classifies by type, not by name: a renamed class keeps its meaning', () => {
    class Renamed extends SetupError {
      override readonly name = 'SomethingElseEntirely';
    }
    const e = new Renamed('x');
    expect(e).toBeInstanceOf(SetupError);
    expect(e.exitClass).toBe('setup');
  });
});
