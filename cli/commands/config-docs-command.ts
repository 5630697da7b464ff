import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { renderConfigDocs } from '../config/config-docs.ts';

/** `config docs [--write FILE]`: the configuration reference generated from the schema. */
export const command: Command = {
  name: 'config docs',
  summary: 'print the configuration reference (docs/configuration.md) generated from the schema',
  options: {
    write: { type: 'string', placeholder: 'FILE', description: 'write it to FILE instead of stdout' },
  },
  positionals: [],
  examples: ['ml-connector config docs --write docs/configuration.md'],
  async run(ctx, { values }) {
    const text = renderConfigDocs();
    if (typeof values.write === 'string') {
      const path = resolve(ctx.io.cwd, values.write);
      writeFileSync(path, text);
      ctx.note(`Wrote ${path}.`);
    } else ctx.io.stdout.write(text);
    return EXIT.OK;
  },
};
