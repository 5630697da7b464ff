import { ConfigurationError } from '../errors.ts';
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { type Config, configSchema } from './config-schema.ts';
import { unknownKeys } from './unknown-keys.ts';

/** A configuration mistake: names the key, what is wrong and how to fix it. */
export class ConfigError extends ConfigurationError {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly problems: { key: string; message: string }[] = [],
  ) {
    super(message);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True when the URL points at this machine (plain http is acceptable there). */
export function isLoopback(u: string): boolean {
  const host = new URL(u).hostname;
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/**
 * Validates raw configuration (already parsed JSON) and applies defaults.
 * Throws ConfigError listing every problem as `key: message`.
 */
export function parseConfig(raw: unknown, source = 'configuration'): Config {
  const result = configSchema.safeParse(raw, { reportInput: true });
  const unknown = unknownKeys(configSchema, raw);
  if (!result.success || unknown.length > 0) {
    const problems = [
      ...unknown,
      ...(result.success ? [] : result.error.issues).map((i) => ({
        key: i.path.join('.') || '(root)',
        message: issueMessage(i),
      })),
    ];
    throw new ConfigError(
      `${source} is invalid:\n${problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n')}`,
      problems,
    );
  }
  const config = result.data;
  const problems: { key: string; message: string }[] = [];
  const checkScheme = (key: string, value: string | undefined, allow: boolean) => {
    if (!value) return;
    const u = new URL(value);
    if (u.protocol === 'http:' && !isLoopback(value) && !allow) {
      problems.push({
        key,
        message: `uses plain http:// to the remote host ${u.hostname}; use https:// (or set the allowInsecureHttp key of that system for a test system)`,
      });
    } else if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      problems.push({ key, message: `must be an http(s) URL, not ${u.protocol}` });
    }
  };
  checkScheme('walmart.baseUrl', config.walmart.baseUrl, config.walmart.allowInsecureHttp);
  checkScheme('peoplesoft.restBaseUrl', config.peoplesoft.restBaseUrl, config.peoplesoft.allowInsecureHttp);
  checkScheme(
    'peoplesoft.httpListenerUrl',
    config.peoplesoft.httpListenerUrl,
    config.peoplesoft.allowInsecureHttp,
  );
  checkScheme(
    'peoplesoft.auth.tokenUrl',
    config.peoplesoft.auth.tokenUrl,
    config.peoplesoft.allowInsecureHttp,
  );
  if (problems.length > 0) {
    throw new ConfigError(
      `${source} is invalid:\n${problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n')}`,
      problems,
    );
  }
  return config;
}

/** A schema issue in words: a missing key is "required", a wrong type says which type it wants. */
function issueMessage(i: z.core.$ZodIssue): string {
  if (i.code !== 'invalid_type') return i.message;
  if (i.input === undefined) return `is required but missing (${i.expected} expected)`;
  const got = i.input === null ? 'null' : Array.isArray(i.input) ? 'a list' : `a ${typeof i.input}`;
  // A text value is never repeated: it may be a secret typed into the wrong key.
  const shown = typeof i.input === 'number' ? ` ${i.input}` : '';
  const custom = i.message.startsWith('Invalid input') ? '' : ` (${i.message})`;
  return `is ${got}${shown}, expected ${i.expected === 'number' ? 'a number' : `a ${i.expected}`}${custom}`;
}

/** Reads and validates a JSON config file. */
export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `cannot read the config file ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'}); pass --config FILE or set ML_CONNECTOR_CONFIG`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`the config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseConfig(raw, path);
}
