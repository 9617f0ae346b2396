/**
 * Reads the environment once at start-up and validates it: the schema's per-knob rules, then the rules that
 * involve several knobs or the file system. This is the only module that reads `process.env` (the simulator, a
 * separate program, reads its own); only `main.ts` calls `loadConfig`.
 */
import { existsSync } from 'node:fs';
import { callerConfigProblems } from './callers.js';
import { configSchema, type Config } from './schema.js';

/** Rules that involve several knobs, or the file system. */
function crossChecks(cfg: Config): string[] {
  const problems: string[] = [];
  if (Boolean(cfg.ALIBABA_CLOUD_ACCESS_KEY_ID) !== Boolean(cfg.ALIBABA_CLOUD_ACCESS_KEY_SECRET)) {
    problems.push('ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET must be set together');
  }
  if (cfg.PAGE_SIZE_DEFAULT > cfg.PAGE_SIZE_MAX) problems.push('PAGE_SIZE_DEFAULT must not exceed PAGE_SIZE_MAX');
  if (cfg.UPSTREAM_TIMEOUT_MS > cfg.UPSTREAM_DEADLINE_MS)
    problems.push('UPSTREAM_TIMEOUT_MS must not exceed UPSTREAM_DEADLINE_MS');
  if (cfg.UPSTREAM_BACKOFF_BASE_MS > cfg.UPSTREAM_BACKOFF_MAX_MS) {
    problems.push('UPSTREAM_BACKOFF_BASE_MS must not exceed UPSTREAM_BACKOFF_MAX_MS');
  }
  if (cfg.HTTP_HEADERS_TIMEOUT_MS > cfg.HTTP_REQUEST_TIMEOUT_MS) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  if (cfg.RESPONSE_CACHE_MAX_ENTRY_BYTES > cfg.RESPONSE_CACHE_MAX_BYTES) {
    problems.push('RESPONSE_CACHE_MAX_ENTRY_BYTES must not exceed RESPONSE_CACHE_MAX_BYTES');
  }
  if (cfg.PERSISTED_OPERATIONS !== 'off' && !existsSync(cfg.PERSISTED_OPERATIONS_FILE)) {
    problems.push(`PERSISTED_OPERATIONS_FILE: ${cfg.PERSISTED_OPERATIONS_FILE} does not exist (run npm run codegen)`);
  }
  if (cfg.PERSISTED_OPERATIONS === 'require' && cfg.FEDERATION && !cfg.ROUTER_SECRET) {
    problems.push(
      'PERSISTED_OPERATIONS=require with FEDERATION=true refuses the router its _service and _entities: set ROUTER_SECRET ' +
        '(16+ characters) and have the router send it as the x-router-secret header, or set FEDERATION=false',
    );
  }
  problems.push(...callerConfigProblems(cfg));
  if (cfg.NODE_ENV === 'production') problems.push(...placeholderProblems(cfg));
  return problems;
}

/** Values the shipped manifests (deploy/) hold until an operator replaces them: never a real setting. */
const PLACEHOLDER = /^(replace-?me|change-?me)/i;

/** In production, a placeholder left in any knob (a secret, a key) is refused rather than started on. */
function placeholderProblems(cfg: Config): string[] {
  return Object.entries(cfg)
    .filter(([, value]) => typeof value === 'string' && PLACEHOLDER.test(value))
    .map(
      ([name]) =>
        `${name} still holds the manifests' placeholder ("replace-me…"): set a real value (NODE_ENV=production)`,
    );
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError listing every bad variable and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) {
    const cfg = parsed.data;
    const problems = crossChecks(cfg);
    if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    return cfg;
  }
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
