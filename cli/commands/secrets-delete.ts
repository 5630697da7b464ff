import { isSecretName, SECRET_NAMES } from '../../shared/embedded/secret-store.ts';
import { EXIT, UsageError } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { openEmbeddedStore } from '../embedded-store.ts';

/** `secrets delete NAME`: removes a stored credential (needs no key, so a lost key can be recovered from). */
export const command: Command = {
  name: 'secrets delete',
  summary: 'remove a credential from the local store',
  options: {},
  positionals: [{ name: 'NAME', required: true, description: 'the credential, e.g. WALMART_CLIENT_SECRET' }],
  async run(ctx, { positionals }) {
    const name = positionals[0]!;
    if (!isSecretName(name)) {
      throw new UsageError(
        `"${name}" is not a credential ml-connector uses; use one of ${SECRET_NAMES.join(', ')}`,
      );
    }
    const { store, secrets, close } = openEmbeddedStore(ctx.config(), {
      clock: ctx.io.clock,
      env: ctx.io.env,
    });
    try {
      if (await secrets.delete(name)) {
        ctx.print(`Deleted ${name} from ${store.path}.`);
        return EXIT.OK;
      }
      ctx.print(`${name} was not stored in ${store.path}; nothing to delete.`);
      return EXIT.OK;
    } finally {
      close();
    }
  },
};
