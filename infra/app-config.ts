/**
 * Where the CDK app takes the connector config from: `-c config='{json}'`, `-c configFile=PATH`, the default
 * `ml-connector.config.json` in the working directory, or else a built-in example with placeholder hosts
 * (enough to synthesize and review the stack, never to run it).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type Config,
  ConfigError,
  type ConfigInput,
  loadConfigFile,
  parseConfig,
} from '../shared/config/index.ts';

export const DEFAULT_CONFIG_FILE = 'ml-connector.config.json';

/** Placeholder hosts only: synthesizes a reviewable stack without the customer's config. */
export const EXAMPLE_CONFIG: ConfigInput = {
  walmart: { baseUrl: 'https://marketplace.walmartapis.com' },
  peoplesoft: {
    restBaseUrl: 'https://peoplesoft.example.com/PSIGW/RESTListeningConnector/PSFT_EP',
    httpListenerUrl: 'https://peoplesoft.example.com/PSIGW/HttpListeningConnector',
    businessUnit: 'US001',
    timeZone: 'America/Chicago',
  },
  schedule: { orders: '*/15 * * * *', inventory: '0 * * * *', timeZone: 'America/Chicago' },
};

export interface AppConfig {
  readonly config: Config;
  /** Where it came from, for messages: a file path, `context "config"` or `built-in example`. */
  readonly source: string;
  readonly isExample: boolean;
}

/** Reads a context value that may be a JSON object or a JSON string (as `-c config='{…}'` passes it). */
function contextJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (e) {
    throw new ConfigError(
      `context "config" is not valid JSON (${(e as Error).message}); pass -c config='{"peoplesoft":{…}}' or use -c configFile=PATH`,
    );
  }
}

/**
 * Resolves and validates the connector config from the app context. Throws ConfigError naming the source and
 * every bad key (e.g. `peoplesoft.businessUnit: is required but missing`).
 */
export function resolveAppConfig(
  context: { config?: unknown; configFile?: unknown },
  cwd: string = process.cwd(),
): AppConfig {
  if (context.config !== undefined) {
    return {
      config: parseConfig(contextJson(context.config), 'context "config"'),
      source: 'context "config"',
      isExample: false,
    };
  }
  if (context.configFile !== undefined) {
    if (typeof context.configFile !== 'string' || context.configFile.trim() === '') {
      throw new ConfigError('context "configFile" must be a file path, e.g. -c configFile=prod.config.json');
    }
    const path = resolve(cwd, context.configFile);
    return { config: loadConfigFile(path), source: path, isExample: false };
  }
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  if (existsSync(fallback)) return { config: loadConfigFile(fallback), source: fallback, isExample: false };
  return {
    config: parseConfig(EXAMPLE_CONFIG, 'the built-in example config'),
    source: 'built-in example',
    isExample: true,
  };
}
