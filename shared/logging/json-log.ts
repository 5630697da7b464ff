/**
 * Structured JSON logger of the embedded runtime: one JSON line per event, with the field names Powertools
 * Logger uses on AWS (`level`, `message`, `timestamp`, `service`, `correlation_id`) so both runtimes log alike
 * and the same queries work on either.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactSecrets } from '../domain/index.ts';
import type { Clock, Log } from '../ports.ts';
import { errorFields, Redactor } from './redactor.ts';

type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type LogThreshold = LogLevel | 'SILENT';

const RANK: Record<LogThreshold, number> = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, SILENT: 28 };

/** Keys the logger owns; fields with these names are kept under `fields` instead of overwriting them. */
const RESERVED = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate']);

/** Where log lines go: one call per complete line (newline included). */
export interface LogSink {
  write(line: string): void;
  close?(): void;
}

interface JsonLogOptions {
  sink: LogSink;
  /** `service` of every line; default `ml-connector`. */
  service?: string;
  /** Lowest level written; default `INFO`. */
  level?: LogThreshold;
  redactor?: Redactor;
  clock?: Pick<Clock, 'now'>;
  /** Keys added to every line (correlation ids, runtime). */
  keys?: Record<string, unknown>;
}

/** A `Log` writing Powertools-shaped JSON lines, with secrets masked. */
export class JsonLog implements Log {
  private readonly threshold: number;
  private readonly redactor: Redactor;

  constructor(private readonly options: JsonLogOptions) {
    this.threshold = RANK[options.level ?? 'INFO'];
    this.redactor = options.redactor ?? Redactor.fromEnv();
  }

  /** A logger that adds `keys` to every line, e.g. `{correlation_id}` of one cycle. */
  with(keys: Record<string, unknown>): JsonLog {
    return new JsonLog({ ...this.options, redactor: this.redactor, keys: { ...this.options.keys, ...keys } });
  }

  /** True when lines of this level are written (skip building costly fields otherwise). */
  enabled(level: LogLevel): boolean {
    return RANK[level] >= this.threshold;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.write('DEBUG', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.write('INFO', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('WARN', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.write('ERROR', message, fields);
  }

  private write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (RANK[level] < this.threshold) return;
    const now = this.options.clock?.now() ?? Date.now();
    const line: Record<string, unknown> = {
      level,
      message: this.redactor.redactText(message),
      timestamp: new Date(now).toISOString(),
      service: this.options.service ?? 'ml-connector',
    };
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries({ ...this.options.keys, ...fields })) {
      if (v === undefined) continue;
      const value = v instanceof Error ? errorFields(v) : v;
      if (RESERVED.has(k)) extra[k] = value;
      else line[k] = value;
    }
    if (Object.keys(extra).length > 0) line.fields = extra;
    const safe = this.redactor.redactValue(line) as Record<string, unknown>;
    // Last guard for credentials we were never told about (a token echoed in a downstream error body).
    this.options.sink.write(`${redactSecrets(safeStringify(safe))}\n`);
  }
}

/** Appends lines to a file, synchronously so that nothing is lost when the process exits. */
export function fileSink(path: string): LogSink {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a', 0o600);
  return {
    write: (line) => {
      writeSync(fd, line);
    },
    close: () => closeSync(fd),
  };
}

/** Writes lines to standard error. */
export function stderrSink(stream: NodeJS.WritableStream = process.stderr): LogSink {
  return { write: (line) => void stream.write(line) };
}

/** Keeps lines in memory (tests, and the demo's own summary). */
export function memorySink(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line) };
}

function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'bigint') return v.toString();
    if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return v;
  });
}
