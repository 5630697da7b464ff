/** The credential name that `secrets set` and `secrets delete` take as their argument. */
import { isSecretName, SECRET_NAMES, type SecretName } from '../../shared/embedded/index.ts';
import type { PositionalSpec } from '../cli-args.ts';
import { UsageError } from '../cli-errors.ts';

export const SECRET_NAME_POSITIONAL: PositionalSpec = {
  name: 'NAME',
  required: true,
  description: 'the credential, e.g. WALMART_CLIENT_SECRET',
};

/** The argument as a credential name; a UsageError listing the names ml-connector uses otherwise. */
export function secretNameArg(name: string): SecretName {
  if (!isSecretName(name)) {
    throw new UsageError(
      `"${name}" is not a credential ml-connector uses; use one of ${SECRET_NAMES.join(', ')}`,
    );
  }
  return name;
}
