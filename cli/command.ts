/** The shape of one `ml-connector` command and its help text. */
import { GLOBAL_OPTIONS, type OptionSpec, type PositionalSpec } from './cli-args.ts';
import type { CliContext } from './cli-context.ts';

interface CommandArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** `sync`, `audit list`, … */
  name: string;
  summary: string;
  /** Longer explanation shown by --help. */
  description?: string;
  options: Record<string, OptionSpec>;
  positionals: PositionalSpec[];
  /** Extra lines under "Examples" in --help. */
  examples?: string[];
  /** Returns the exit code. */
  run(ctx: CliContext, args: CommandArgs): Promise<number>;
}

/** Help text of one command. */
export function commandHelp(c: Command): string {
  const pos = c.positionals.map((p) => (p.required ? p.name : `[${p.name}]`)).join(' ');
  const lines = [
    `Usage: ml-connector ${c.name}${pos ? ` ${pos}` : ''}${Object.keys(c.options).length ? ' [options]' : ''}`,
  ];
  lines.push('', c.summary);
  if (c.description) lines.push('', c.description);
  if (c.positionals.length) {
    lines.push('', 'Arguments:');
    for (const p of c.positionals) lines.push(`  ${p.name.padEnd(24)}${p.description}`);
  }
  if (Object.keys(c.options).length) {
    lines.push('', 'Options:');
    lines.push(...optionLines(c.options));
  }
  lines.push('', 'Global options:');
  lines.push(...optionLines(GLOBAL_OPTIONS));
  if (c.examples?.length) lines.push('', 'Examples:', ...c.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  return Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.placeholder ? ` ${o.placeholder}` : ''}`;
    // A long flag gets its description on the next line rather than running into it.
    return flag.length < 28
      ? `  ${flag.padEnd(28)}${o.description}`
      : `  ${flag}\n  ${' '.repeat(28)}${o.description}`;
  });
}

/** Help text of the whole program. */
export function programHelp(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: ml-connector <command> [options]',
    '',
    'Connects Walmart Marketplace orders and inventory to Oracle PeopleSoft FSCM.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Run `ml-connector <command> --help` for a command’s options. New here? Try `ml-connector demo`.',
    'Exit codes: 0 ok, 1 something needs attention, 2 usage or configuration error, 3 a stage failed.',
  ].join('\n');
}
