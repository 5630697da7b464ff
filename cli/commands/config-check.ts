import { EXIT } from '../cli-errors.ts';
import type { Command } from '../command.ts';

/** `config check`: validates the config file and prints the effective configuration (defaults applied). */
export const command: Command = {
  name: 'config check',
  summary: 'validate the config file and show the effective configuration',
  options: {},
  positionals: [],
  async run(ctx) {
    const config = ctx.config();
    if (ctx.globals.json) ctx.json(config);
    else {
      ctx.print(
        `${ctx.paint('green', 'ok')} ${ctx.configPath()} is valid. Effective configuration (defaults applied):`,
      );
      ctx.print(JSON.stringify(config, null, 2));
    }
    return EXIT.OK;
  },
};
