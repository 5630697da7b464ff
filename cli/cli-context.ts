/**
 * What every command gets: output streams (secrets masked), colour and progress decided once, the
 * structured log, and the configuration resolved from --config / ML_CONNECTOR_CONFIG / the default file.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { type Config, ConfigError, loadConfigFile } from '../shared/config/index.ts';
import {
  fileSink,
  JsonLog,
  type LogSink,
  type LogThreshold,
  Redactor,
  stderrSink,
} from '../shared/logging/index.ts';
import type { Clock } from '../shared/ports.ts';
import { systemClock } from '../shared/ports.ts';
import type { GlobalFlags } from './cli-args.ts';
import { UsageError } from './cli-errors.ts';
import { type Paint, Progress, painter } from './terminal.ts';

/** Config file read when neither --config nor ML_CONNECTOR_CONFIG is given. */
const DEFAULT_CONFIG_FILE = 'ml-connector.config.json';

/** The process surroundings a command runs in (replaceable in tests). */
export interface CliIO {
  stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
  stdin: NodeJS.ReadStream | NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  clock: Clock;
}

/** The real process. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    clock: systemClock,
  };
}

function isTTY(s: unknown): boolean {
  return (s as { isTTY?: boolean }).isTTY === true;
}

export class CliContext {
  readonly redactor: Redactor;
  readonly log: JsonLog;
  readonly paint: Paint;
  /** stdout is a terminal (tables, colour, progress) rather than a pipe or a file. */
  readonly interactive: boolean;
  readonly progress: Progress;
  private readonly sink: LogSink;
  private cachedConfig?: Config;

  constructor(
    readonly globals: GlobalFlags,
    readonly io: CliIO,
  ) {
    this.redactor = Redactor.fromEnv(io.env);
    this.interactive = isTTY(io.stdout);
    const colour =
      this.interactive && !globals.noColor && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
    this.paint = painter(colour);
    this.progress = new Progress(
      io.stderr,
      this.interactive && isTTY(io.stderr) && !globals.json && !globals.quiet,
    );
    this.sink = globals.logFile ? openLogFile(resolve(io.cwd, globals.logFile)) : stderrSink(io.stderr);
    this.log = new JsonLog({
      sink: this.sink,
      level: logThreshold(globals),
      redactor: this.redactor,
      clock: io.clock,
      keys: { runtime: 'embedded' },
    });
  }

  /** Writes a line of human output to stdout (masked); nothing under --quiet, which shows only errors. */
  print(text = ''): void {
    if (this.globals.quiet) return;
    this.progress.done();
    this.io.stdout.write(`${this.redactor.redactText(text)}\n`);
  }

  /** Writes a human notice to stderr unless --quiet (masked). */
  note(text: string): void {
    if (this.globals.quiet) return;
    this.progress.done();
    this.io.stderr.write(`${this.redactor.redactText(text)}\n`);
  }

  /** Writes an error message to stderr, even under --quiet (masked). */
  fail(text: string): void {
    this.progress.done();
    this.io.stderr.write(`${this.redactor.redactText(text)}\n`);
  }

  /** Writes one JSON object on one line of stdout (masked): a stream of events for scripts. */
  jsonLine(value: unknown): void {
    this.progress.done();
    this.io.stdout.write(`${JSON.stringify(this.redactor.redactValue(value))}\n`);
  }

  /** Writes one JSON document to stdout (masked). */
  json(value: unknown): void {
    this.progress.done();
    this.io.stdout.write(`${JSON.stringify(this.redactor.redactValue(value), null, 2)}\n`);
  }

  /**
   * Writes one JSON array to stdout element by element (masked), waiting whenever stdout is full, so any
   * number of items is written in flat memory. The text is the same as `json()` of the whole array.
   */
  async jsonArray(items: AsyncIterable<unknown>): Promise<number> {
    this.progress.done();
    const out = this.io.stdout;
    const write = async (text: string) => {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    };
    let n = 0;
    for await (const item of items) {
      const text = JSON.stringify(this.redactor.redactValue(item), null, 2).replace(/\n/g, '\n  ');
      await write(`${n === 0 ? '[\n  ' : ',\n  '}${text}`);
      n += 1;
    }
    await write(n === 0 ? '[]\n' : '\n]\n');
    return n;
  }

  /** The config file this run uses, absolute. */
  configPath(): string {
    const given = this.globals.config ?? this.io.env.ML_CONNECTOR_CONFIG;
    return resolve(this.io.cwd, given && given.trim() !== '' ? given : DEFAULT_CONFIG_FILE);
  }

  /** The validated configuration (read once); throws ConfigError naming the key and the fix. */
  config(): Config {
    if (this.cachedConfig) return this.cachedConfig;
    const path = this.configPath();
    let config: Config;
    try {
      config = loadConfigFile(path);
    } catch (e) {
      if (e instanceof ConfigError && e.problems.length === 0 && /cannot read/.test(e.message)) {
        throw new ConfigError(
          `${e.message}, or run \`ml-connector config init\` to write an example config to fill in`,
        );
      }
      throw e;
    }
    // A relative store path is taken relative to the config file, so the service finds the same store
    // whatever directory it is started from.
    if (!isAbsolute(config.store.path)) config.store.path = resolve(dirname(path), config.store.path);
    this.cachedConfig = config;
    return config;
  }

  /** Uses this configuration instead of reading a file (demo, sandbox). */
  useConfig(config: Config): void {
    this.cachedConfig = config;
  }

  /** Releases the log file. */
  close(): void {
    this.progress.done();
    this.sink.close?.();
  }
}

function openLogFile(path: string): LogSink {
  try {
    return fileSink(path);
  } catch (e) {
    throw new UsageError(
      `cannot open the log file ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check --log-file and the folder's permissions`,
    );
  }
}

/** Log level from the flags: a log file gets INFO by default; stderr, shared with people, only warnings. */
function logThreshold(g: GlobalFlags): LogThreshold {
  if (g.verbose) return 'DEBUG';
  if (g.quiet) return 'ERROR';
  return g.logFile ? 'INFO' : 'WARN';
}
