/**
 * `ml-connector`: the command line of the embedded runtime. Parses the command, runs it, and turns every
 * error into a message that says what to fix plus an exit code (0 ok, 1 attention, 2 usage/config, 3 failed).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../shared/config/index.ts';
import { exitClassOf, faultOf } from '../shared/errors.ts';
import { type GlobalFlags, looseGlobals, parseCommandArgs, splitCommand } from './cli-args.ts';
import { CliContext, type CliIO, processIO } from './cli-context.ts';
import { EXIT, StageFailedError, UsageError } from './cli-errors.ts';
import { type Command, commandHelp, programHelp } from './command.ts';
import { failureHint } from './cycle-report.ts';
import { COMMANDS, COMMAND_GROUPS, findCommand } from './commands/registry.ts';

/** Runs the CLI with these arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const { words, rest } = splitCommand(argv, COMMAND_GROUPS);
  const loose = looseGlobals(rest);
  if (words.length === 0 && (rest.includes('--version') || rest.includes('-V'))) {
    const ctx = plainContext(loose, io);
    ctx.print(`ml-connector ${packageVersion()}`);
    ctx.close();
    return EXIT.OK;
  }
  if (words.length === 0) {
    const ctx = plainContext(loose, io);
    const help = programHelp(await loadAll());
    if (loose.help) ctx.print(help);
    else ctx.fail(rest.length === 0 ? help : `ml-connector: no command given.\n\n${help}`);
    ctx.close();
    return loose.help ? EXIT.OK : EXIT.USAGE;
  }
  const entry = findCommand(words);
  if (!entry && words.length === 1 && COMMAND_GROUPS.has(words[0]!)) {
    const ctx = plainContext(loose, io);
    const group = COMMANDS.filter((c) => c.words[0] === words[0]);
    const subs = group.map((c) => c.words.join(' '));
    if (loose.help) {
      // `audit --help`: the group's commands, each with its summary.
      const commands = await Promise.all(group.map((c) => c.load()));
      const width = Math.max(...subs.map((s) => s.length));
      ctx.print(
        `Usage: ml-connector ${words[0]} <command> [options]\n\n${commands
          .map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
          .join('\n')}\n\nRun \`ml-connector ${subs[0]} --help\` for a command's options.`,
      );
      ctx.close();
      return EXIT.OK;
    }
    ctx.fail(
      `ml-connector ${words[0]}: say which: ${subs.join(', ')}.\nRun \`ml-connector ${subs[0]} --help\` for details.`,
    );
    ctx.close();
    return EXIT.USAGE;
  }
  if (!entry) {
    const ctx = plainContext(loose, io);
    ctx.fail(
      `ml-connector: unknown command "${words.join(' ')}".\nRun \`ml-connector --help\` for the list of commands.`,
    );
    ctx.close();
    return EXIT.USAGE;
  }
  const command = await entry.load();
  let ctx: CliContext | undefined;
  try {
    const parsed = parseCommandArgs(command.name, rest, command.options);
    ctx = new CliContext(parsed.globals, io);
    if (parsed.globals.help) {
      ctx.print(commandHelp(command));
      return EXIT.OK;
    }
    checkPositionals(command, parsed.positionals);
    return await command.run(ctx, { values: parsed.values, positionals: parsed.positionals });
  } catch (e) {
    ctx ??= plainContext(loose, io);
    return report(ctx, command, e);
  } finally {
    ctx?.close();
  }
}

/** A context for reporting, even when the log file named on the command line cannot be opened. */
function plainContext(globals: GlobalFlags, io: CliIO): CliContext {
  try {
    return new CliContext(globals, io);
  } catch {
    return new CliContext({ ...globals, logFile: undefined }, io);
  }
}

async function loadAll(): Promise<Command[]> {
  return Promise.all(COMMANDS.map((c) => c.load()));
}

function checkPositionals(command: Command, positionals: string[]): void {
  const required = command.positionals.filter((p) => p.required).length;
  if (positionals.length < required) {
    const missing = command.positionals.slice(positionals.length).find((p) => p.required);
    throw new UsageError(
      `missing ${missing?.name ?? 'argument'}: ${missing?.description ?? ''}`.trim(),
      command.name,
    );
  }
  if (positionals.length > command.positionals.length) {
    throw new UsageError(`unexpected argument "${positionals[command.positionals.length]}"`, command.name);
  }
}

/** Prints what went wrong and what to do, and returns the exit code that class of error means. */
function report(ctx: CliContext, command: Command, e: unknown): number {
  const prefix = `ml-connector ${command.name}`;
  if (e instanceof UsageError) {
    const usage = commandHelp(command).split('\n')[0];
    ctx.fail(`${prefix}: ${e.message}\n${usage}\nRun \`ml-connector ${command.name} --help\` for details.`);
    return EXIT.USAGE;
  }
  if (e instanceof ConfigError) {
    ctx.fail(`${prefix}: configuration problem in ${ctx.configPath()}\n${e.message}`);
    return EXIT.USAGE;
  }
  if (mustFixFirst(e)) {
    ctx.fail(`${prefix}: ${(e as Error).message}`);
    return EXIT.USAGE;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (e instanceof StageFailedError) ctx.fail(`${prefix}: ${e.stage} failed: ${e.message}`);
  else ctx.fail(`${prefix}: ${err.message}`);
  const hint = failureHint({ fault: faultOf(e), message: err.message });
  if (hint) ctx.fail(`fix: ${hint}`);
  // On a shared stderr the message above says it all; a log file gets the structured line too.
  if (ctx.globals.logFile) ctx.log.error('command failed', { command: command.name, error: err });
  if (ctx.globals.verbose && err.stack) ctx.fail(err.stack);
  return EXIT.FAILED;
}

/**
 * Errors that mean nothing ran and the operator must fix something first: the setup (credentials, master
 * key, store file, client settings) or the request itself (a line that cannot take that decision).
 */
function mustFixFirst(e: unknown): boolean {
  return exitClassOf(e) === 'setup';
}

/** The version of the installed package (its package.json, above the source or the built folder). */
function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'ml-connector') return pkg.version ?? 'unknown';
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}
