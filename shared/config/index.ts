/** The configuration file: its schema, loading with clear errors, and the generated reference. */
export { configSchema, peoplesoftSchema, walmartSchema } from './config-schema.ts';
export type { Config, ConfigInput } from './config-schema.ts';
export { ConfigError, isLoopback, loadConfigFile, parseConfig } from './load-config.ts';
