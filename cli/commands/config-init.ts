import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, UsageError } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { exampleConfigText } from '../config/config-example.ts';

/** `config init [FILE] [--force] [--print]`: writes the example configuration to fill in. */
export const command: Command = {
  name: 'config init',
  summary: 'write an example config file to fill in',
  description:
    'Writes an example configuration to FILE (default: the --config path, else ./ml-connector.config.json).\nEvery key is explained in docs/configuration.md.',
  options: {
    force: { type: 'boolean', description: 'overwrite an existing file' },
    print: { type: 'boolean', description: 'print the example on stdout instead of writing a file' },
  },
  positionals: [{ name: 'FILE', required: false, description: 'where to write the example' }],
  examples: [
    'ml-connector config init',
    'ml-connector config init /etc/ml-connector/ml-connector.config.json',
  ],
  async run(ctx, { values, positionals }) {
    if (values.print) {
      ctx.io.stdout.write(exampleConfigText());
      return EXIT.OK;
    }
    const path = positionals[0] ? resolve(ctx.io.cwd, positionals[0]) : ctx.configPath();
    if (existsSync(path) && !values.force) {
      throw new UsageError(`${path} already exists; pass --force to overwrite it`, 'config init');
    }
    writeFileSync(path, exampleConfigText(), { mode: 0o640 });
    ctx.print(`Wrote an example configuration to ${path}.`);
    ctx.print('Next: set peoplesoft.restBaseUrl, peoplesoft.httpListenerUrl and peoplesoft.businessUnit,');
    ctx.print(
      'provide credentials (environment variables or `ml-connector secrets set`), then run `ml-connector ping`.',
    );
    return EXIT.OK;
  },
};
