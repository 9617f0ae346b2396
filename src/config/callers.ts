/**
 * The callers' knobs (AUTH_*, ALIBABA_CREDENTIALS_FILE, RATE_LIMIT_*; declared in schema.ts): the rules that
 * involve several of them or a file, and their translation into the gateway's `auth` and `rateLimit` settings.
 * A half-configured authentication is an error, never a silently open gateway.
 */
import { existsSync } from 'node:fs';
import type { Config } from './schema.js';
import type { RateLimitSettings } from '../callers/callers-plugin.js';
import type { AuthSettings } from '../callers/auth.js';
import { apiKeyDigests, apiKeyEntries, tenantCredentials } from '../callers/auth-files.js';

type CallerConfig = Pick<
  Config,
  | 'AUTH_MODE'
  | 'AUTH_API_KEYS'
  | 'AUTH_API_KEYS_FILE'
  | 'AUTH_JWKS_URL'
  | 'AUTH_ISSUER'
  | 'AUTH_AUDIENCE'
  | 'AUTH_JWKS_COOLDOWN_MS'
  | 'AUTH_JWKS_CACHE_MAX_AGE_MS'
  | 'AUTH_CLOCK_TOLERANCE_S'
  | 'AUTH_WRITE_SCOPE'
  | 'AUTH_CREDENTIAL_CLAIM'
  | 'ALIBABA_CREDENTIALS_FILE'
  | 'CALLER_CREDENTIALS'
  | 'RATE_LIMIT_RPS'
  | 'RATE_LIMIT_BURST'
  | 'RATE_LIMIT_TRUSTED_PROXIES'
  | 'CACHE_KEY_PREFIX'
>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function callerConfigProblems(c: CallerConfig): string[] {
  const problems: string[] = [];
  const jwtKnobs = { AUTH_JWKS_URL: c.AUTH_JWKS_URL, AUTH_ISSUER: c.AUTH_ISSUER, AUTH_AUDIENCE: c.AUTH_AUDIENCE };
  const keyKnobs = { AUTH_API_KEYS: c.AUTH_API_KEYS.trim() || undefined, AUTH_API_KEYS_FILE: c.AUTH_API_KEYS_FILE };
  const setOf = (knobs: Record<string, string | undefined>) => Object.keys(knobs).filter((k) => knobs[k] !== undefined);
  if (c.AUTH_MODE !== 'jwt' && setOf(jwtKnobs).length > 0)
    problems.push(`${setOf(jwtKnobs).join(', ')}: set AUTH_MODE=jwt too`);
  if (c.AUTH_MODE !== 'api-key' && setOf(keyKnobs).length > 0)
    problems.push(`${setOf(keyKnobs).join(', ')}: set AUTH_MODE=api-key too`);
  if (c.AUTH_MODE === 'jwt') {
    const missing = Object.keys(jwtKnobs).filter((k) => !setOf(jwtKnobs).includes(k));
    if (missing.length > 0) problems.push(`AUTH_MODE=jwt needs ${missing.join(', ')}`);
    const url = c.AUTH_JWKS_URL && new URL(c.AUTH_JWKS_URL);
    if (url && url.protocol !== 'https:' && !LOOPBACK.has(url.hostname))
      problems.push('AUTH_JWKS_URL must be https (or on loopback)');
  }
  if (c.AUTH_MODE === 'api-key') problems.push(...apiKeyProblems(c));
  problems.push(...tenantProblems(c));
  if (c.RATE_LIMIT_BURST > 0 && c.RATE_LIMIT_RPS === 0) problems.push('RATE_LIMIT_BURST needs RATE_LIMIT_RPS above 0');
  return problems;
}

function apiKeyProblems(c: CallerConfig): string[] {
  if (c.AUTH_API_KEYS_FILE && !existsSync(c.AUTH_API_KEYS_FILE))
    return [`AUTH_API_KEYS_FILE: ${c.AUTH_API_KEYS_FILE} does not exist`];
  try {
    if (apiKeyDigests(c.AUTH_API_KEYS, c.AUTH_API_KEYS_FILE).length === 0)
      return ['AUTH_MODE=api-key needs AUTH_API_KEYS or AUTH_API_KEYS_FILE'];
  } catch (err) {
    return [`AUTH_API_KEYS / AUTH_API_KEYS_FILE: ${(err as Error).message}`];
  }
  return [];
}

/** API key entries naming a tenant (`:tenant=<name>`) need ALIBABA_CREDENTIALS_FILE to hold that tenant. */
function keyTenantProblems(c: CallerConfig): string[] {
  let named: string[];
  try {
    named = apiKeyEntries(c.AUTH_API_KEYS, c.AUTH_API_KEYS_FILE).flatMap((e) => (e.tenant ? [e.tenant] : []));
  } catch {
    return [];
  }
  if (named.length === 0)
    return c.ALIBABA_CREDENTIALS_FILE
      ? ['ALIBABA_CREDENTIALS_FILE: no API key entry names a tenant (:tenant=<name>)']
      : [];
  if (!c.ALIBABA_CREDENTIALS_FILE) return ['API key entries naming a tenant need ALIBABA_CREDENTIALS_FILE'];
  if (c.CALLER_CREDENTIALS)
    return ['API key tenants and CALLER_CREDENTIALS exclude each other (which keys would sign?)'];
  try {
    const known = tenantCredentials(c.ALIBABA_CREDENTIALS_FILE);
    const unknown = named.filter((t) => !known.has(t));
    return unknown.length > 0
      ? [`API key entries name tenants not in ALIBABA_CREDENTIALS_FILE: ${unknown.join(', ')}`]
      : [];
  } catch (err) {
    return [`ALIBABA_CREDENTIALS_FILE: ${(err as Error).message}`];
  }
}

function tenantProblems(c: CallerConfig): string[] {
  const claim = c.AUTH_CREDENTIAL_CLAIM;
  const file = c.ALIBABA_CREDENTIALS_FILE;
  if (c.AUTH_MODE === 'api-key' && !claim) return keyTenantProblems(c);
  if (!claim && !file) return [];
  if (!claim || !file) return ['AUTH_CREDENTIAL_CLAIM and ALIBABA_CREDENTIALS_FILE must be set together'];
  if (c.AUTH_MODE !== 'jwt') return ['AUTH_CREDENTIAL_CLAIM needs AUTH_MODE=jwt'];
  if (c.CALLER_CREDENTIALS)
    return ['AUTH_CREDENTIAL_CLAIM and CALLER_CREDENTIALS exclude each other (which keys would sign?)'];
  try {
    tenantCredentials(file);
  } catch (err) {
    return [`ALIBABA_CREDENTIALS_FILE: ${(err as Error).message}`];
  }
  return [];
}

export function callerSettings(c: CallerConfig): { auth?: AuthSettings; rateLimit?: RateLimitSettings } {
  const auth: AuthSettings | undefined =
    c.AUTH_MODE === 'none'
      ? undefined
      : {
          mode: c.AUTH_MODE,
          apiKeys: { digests: c.AUTH_API_KEYS, file: c.AUTH_API_KEYS_FILE },
          jwt:
            c.AUTH_JWKS_URL && c.AUTH_ISSUER && c.AUTH_AUDIENCE
              ? {
                  jwksUrl: c.AUTH_JWKS_URL,
                  issuer: c.AUTH_ISSUER,
                  audience: c.AUTH_AUDIENCE,
                  cooldownMs: c.AUTH_JWKS_COOLDOWN_MS,
                  cacheMaxAgeMs: c.AUTH_JWKS_CACHE_MAX_AGE_MS,
                  clockToleranceS: c.AUTH_CLOCK_TOLERANCE_S,
                  writeScope: c.AUTH_WRITE_SCOPE,
                }
              : undefined,
          tenants:
            c.AUTH_CREDENTIAL_CLAIM && c.ALIBABA_CREDENTIALS_FILE
              ? { claim: c.AUTH_CREDENTIAL_CLAIM, file: c.ALIBABA_CREDENTIALS_FILE }
              : undefined,
          ...(c.AUTH_MODE === 'api-key' && c.ALIBABA_CREDENTIALS_FILE
            ? { keyTenantsFile: c.ALIBABA_CREDENTIALS_FILE }
            : {}),
        };
  const rateLimit: RateLimitSettings | undefined =
    c.RATE_LIMIT_RPS > 0
      ? {
          rps: c.RATE_LIMIT_RPS,
          burst: c.RATE_LIMIT_BURST || Math.max(1, Math.ceil(c.RATE_LIMIT_RPS)),
          trustedProxies: c.RATE_LIMIT_TRUSTED_PROXIES,
          keyPrefix: c.CACHE_KEY_PREFIX,
        }
      : undefined;
  return { ...(auth ? { auth } : {}), ...(rateLimit ? { rateLimit } : {}) };
}
