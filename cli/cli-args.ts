/**
 * Command-line parsing: global flags may appear before or after the command; every command has --help;
 * an unknown flag or a missing argument is a UsageError (exit 2).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './cli-errors.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help: `--status S`. */
  placeholder?: string;
  description: string;
}

export interface PositionalSpec {
  name: string;
  required: boolean;
  description: string;
}

/** Global flags accepted by every command. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  config: {
    type: 'string',
    placeholder: 'FILE',
    description: 'config file (else $ML_CONNECTOR_CONFIG, else ./ml-connector.config.json)',
  },
  json: { type: 'boolean', description: 'machine-readable JSON on stdout' },
  verbose: { type: 'boolean', short: 'v', description: 'more detail, debug log lines' },
  quiet: { type: 'boolean', short: 'q', description: 'only errors' },
  'log-file': {
    type: 'string',
    placeholder: 'FILE',
    description: 'append JSON log lines to FILE instead of stderr',
  },
  'no-color': { type: 'boolean', description: 'no colour even on a terminal' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

export interface GlobalFlags {
  config?: string;
  json: boolean;
  verbose: boolean;
  quiet: boolean;
  logFile?: string;
  noColor: boolean;
  help: boolean;
}

interface ParsedCommand {
  /** `sync`, `audit list`, … (empty when no command was given). */
  words: string[];
  /** Every token that is not a command word, in order. */
  rest: string[];
}

/** Global options that take a value: their value is never a command word. */
const VALUE_FLAGS = new Set(
  Object.entries(GLOBAL_OPTIONS)
    .filter(([, o]) => o.type === 'string')
    .map(([n]) => `--${n}`),
);

/**
 * Finds the command words (`audit list`) in argv: the first positional tokens, skipping global flags and
 * their values. `groups` names the commands that take a sub-command.
 */
export function splitCommand(argv: string[], groups: ReadonlySet<string>): ParsedCommand {
  const words: string[] = [];
  const rest: string[] = [];
  let wanted = 1;
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i]!;
    if (t === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (t.startsWith('-')) {
      rest.push(t);
      if (VALUE_FLAGS.has(t) && i + 1 < argv.length) rest.push(argv[++i]!);
      continue;
    }
    if (words.length < wanted) {
      words.push(t);
      if (words.length === 1 && groups.has(t)) wanted = 2;
      continue;
    }
    rest.push(t);
  }
  return { words, rest };
}

/** Parses the tokens of one command against its options plus the global ones. */
export function parseCommandArgs(
  command: string,
  tokens: string[],
  options: Record<string, OptionSpec>,
): {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  globals: GlobalFlags;
} {
  const all = { ...GLOBAL_OPTIONS, ...options };
  const spec: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(all)) {
    spec[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: tokens, options: spec, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(usageMessage(e as Error), command);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  return {
    values: v,
    positionals: parsed.positionals,
    globals: globalsFrom(v),
  };
}

/** Reads the global flags out of parsed values (also used when no command matched). */
function globalsFrom(v: Record<string, unknown>): GlobalFlags {
  return {
    config: typeof v.config === 'string' ? v.config : undefined,
    json: v.json === true,
    verbose: v.verbose === true,
    quiet: v.quiet === true,
    logFile: typeof v['log-file'] === 'string' ? (v['log-file'] as string) : undefined,
    noColor: v['no-color'] === true,
    help: v.help === true,
  };
}

/** Loose parse of the global flags only (for `--help` and errors before a command is known). */
export function looseGlobals(argv: string[]): GlobalFlags {
  const spec: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, o] of Object.entries(GLOBAL_OPTIONS))
    spec[name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  try {
    const { values } = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: false });
    return globalsFrom(values);
  } catch {
    return globalsFrom({});
  }
}

/** parseArgs' messages mention internals; say the same thing in the operator's terms. */
function usageMessage(e: Error): string {
  const code = (e as { code?: string }).code;
  const flag = /--[a-z][a-z0-9-]*/i.exec(e.message)?.[0] ?? /'(-[^'\s,]+)/.exec(e.message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `unknown option ${flag}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    return e.message.includes('argument missing')
      ? `option ${flag} needs a value`
      : `option ${flag} takes no value`;
  }
  return e.message;
}
