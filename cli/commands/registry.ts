/**
 * Every command, loaded only when used so that `ml-connector audit list` does not pay for the sandboxes.
 */
import type { Command } from '../command.ts';

export interface CommandEntry {
  words: string[];
  load(): Promise<Command>;
}

const entry = (words: string, load: () => Promise<{ command: Command }>): CommandEntry => ({
  words: words.split(' '),
  load: async () => (await load()).command,
});

/** In the order `ml-connector --help` lists them. */
export const COMMANDS: CommandEntry[] = [
  entry('demo', () => import('./demo.ts')),
  entry('sync', () => import('./sync.ts')),
  entry('run', () => import('./run.ts')),
  entry('audit list', () => import('./audit-list.ts')),
  entry('audit show', () => import('./audit-show.ts')),
  entry('audit inventory', () => import('./audit-inventory.ts')),
  entry('resolve', () => import('./resolve.ts')),
  entry('replay', () => import('./replay.ts')),
  entry('reconcile', () => import('./reconcile.ts')),
  entry('ping', () => import('./ping.ts')),
  entry('secrets set', () => import('./secrets-set.ts')),
  entry('secrets list', () => import('./secrets-list.ts')),
  entry('secrets delete', () => import('./secrets-delete.ts')),
  entry('config init', () => import('./config-init.ts')),
  entry('config check', () => import('./config-check.ts')),
  entry('config docs', () => import('./config-docs-command.ts')),
  entry('sandbox', () => import('./sandbox.ts')),
];

/** Commands that take a sub-command (`audit list`). */
export const COMMAND_GROUPS: ReadonlySet<string> = new Set(
  COMMANDS.filter((c) => c.words.length > 1).map((c) => c.words[0]!),
);

/** The command named by these words, if any. */
export function findCommand(words: string[]): CommandEntry | undefined {
  return COMMANDS.find((c) => c.words.join(' ') === words.join(' '));
}
