/**
 * Configuration: environment variables in (load.ts, validated against schema.ts), the layers' camelCase options
 * out (app-options.ts). Sits above every layer: it may import their defaults and option types; none imports it.
 */
export { configSchema, type Config } from './schema.js';
export { ConfigError, loadConfig } from './load.js';
export { toAppOptions, toTracingOptions } from './app-options.js';
