import { requiredCredentialNames, SECRET_NAMES } from '../../shared/embedded/index.ts';
import { EXIT } from '../cli-errors.ts';
import type { Command } from '../command.ts';
import { withEmbeddedStore } from '../embedded-store.ts';
import { table } from '../terminal.ts';

/** `secrets list`: which credentials are stored and when they were set — never a value. */
export const command: Command = {
  name: 'secrets list',
  summary: 'list stored credentials with their dates (never the values)',
  options: {},
  positionals: [],
  async run(ctx) {
    const config = ctx.config();
    return withEmbeddedStore(ctx, async ({ store, secrets }) => {
      const stored = new Map((await secrets.list()).map((s) => [s.name as string, s.updatedAt]));
      const required = new Set<string>(requiredCredentialNames(config.peoplesoft.auth.type));
      const rows = SECRET_NAMES.map((name) => {
        const at = stored.get(name);
        const inEnv = Boolean(ctx.io.env[name]);
        return {
          name,
          stored: at !== undefined,
          updatedAt: at === undefined ? null : new Date(at).toISOString(),
          environment: inEnv,
          required: required.has(name),
          source: inEnv
            ? 'environment'
            : at !== undefined
              ? 'store'
              : required.has(name)
                ? 'MISSING'
                : 'not used',
        };
      });
      if (ctx.globals.json) {
        ctx.json(rows);
        return EXIT.OK;
      }
      ctx.print(`Credentials for ${store.path}:`);
      ctx.print(
        table(
          ['NAME', 'STORED', 'ENVIRONMENT', 'USED FROM'],
          rows.map((r) => [
            r.name,
            r.updatedAt ? r.updatedAt.replace('T', ' ').slice(0, 19) : '-',
            r.environment ? 'set' : '-',
            r.source === 'MISSING' ? ctx.paint('red', 'MISSING') : r.source,
          ]),
          ctx.paint,
        ),
      );
      const missing = rows.filter((r) => r.source === 'MISSING').map((r) => r.name);
      if (missing.length)
        ctx.print(
          `\nMissing: set ${missing.join(', ')} (environment, or \`ml-connector secrets set NAME\`).`,
        );
      return EXIT.OK;
    });
  },
};
