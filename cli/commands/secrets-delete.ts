import { EXIT } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { withEmbeddedStore } from '../embedded-store.ts';
import { SECRET_NAME_POSITIONAL, secretNameArg } from './secret-name-arg.ts';

/** `secrets delete NAME`: removes a stored credential (needs no key, so a lost key can be recovered from). */
export const command: Command = {
  name: 'secrets delete',
  summary: 'remove a credential from the local store',
  options: {},
  positionals: [SECRET_NAME_POSITIONAL],
  async run(ctx, { positionals }) {
    const name = secretNameArg(positionals[0]!);
    return withEmbeddedStore(ctx, async ({ store, secrets }) => {
      if (await secrets.delete(name)) {
        ctx.print(`Deleted ${name} from ${store.path}.`);
        return EXIT.OK;
      }
      ctx.print(`${name} was not stored in ${store.path}; nothing to delete.`);
      return EXIT.OK;
    });
  },
};
