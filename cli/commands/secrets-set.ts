import { SECRET_NAMES } from '../../shared/embedded/index.ts';
import { EXIT } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { withEmbeddedStore } from '../embedded-store.ts';
import { readSecret } from '../secret-input.ts';
import { SECRET_NAME_POSITIONAL, secretNameArg } from './secret-name-arg.ts';

/** `secrets set NAME`: stores a credential encrypted in the local store; the value is never an argument. */
export const command: Command = {
  name: 'secrets set',
  summary: 'store a credential encrypted in the local store (value from a hidden prompt or stdin)',
  description: [
    `NAME is one of: ${SECRET_NAMES.join(', ')}.`,
    'The value is read from a prompt with echo off, or from standard input when it is piped — never from',
    'the command line. It is encrypted with AES-256-GCM under the master key from ML_CONNECTOR_MASTER_KEY,',
    'or else a key file created beside the store (<store.path>.key, mode 0600). An environment variable of',
    'the same name wins over the stored value.',
  ].join('\n'),
  options: {},
  positionals: [SECRET_NAME_POSITIONAL],
  examples: [
    'ml-connector secrets set WALMART_CLIENT_SECRET',
    'printf %s "$VALUE" | ml-connector secrets set PEOPLESOFT_PASSWORD',
  ],
  async run(ctx, { positionals }) {
    const name = secretNameArg(positionals[0]!);
    return withEmbeddedStore(ctx, async ({ store, secrets }) => {
      const value = await readSecret(ctx.io.stdin, ctx.io.stderr, name);
      ctx.redactor.add(value);
      await secrets.set(name, value);
      const where =
        secrets.keyFile && !ctx.io.env.ML_CONNECTOR_MASTER_KEY ? ` (key file ${secrets.keyFile})` : '';
      ctx.print(`Stored ${name} encrypted in ${store.path}${where}.`);
      if (ctx.io.env[name]) {
        ctx.note(`Note: the environment variable ${name} is set and wins over the stored value.`);
      }
      return EXIT.OK;
    });
  },
};
