/**
 * Caller authentication (AUTH_MODE): none, API keys or JWTs. `createAuthenticator` turns the settings into one
 * function from a request's headers to an outcome: the caller, or why it is refused (401 UNAUTHENTICATED with a
 * `WWW-Authenticate` challenge; 403 FORBIDDEN for a good token whose tenant claim names no credential). What a
 * refusal says never echoes the key or the token.
 */
import { errors } from 'jose';
import type { Credential } from '../upstream/types.js';
import { apiKeyEntries, tenantCredentials } from './auth-files.js';
import { apiKeyVerifier, bearerToken } from './auth-api-key.js';
import { jwtVerifier, type JwtSettings } from './auth-jwt.js';
import type { Caller } from './caller.js';

export type AuthMode = 'none' | 'api-key' | 'jwt';

export interface AuthSettings {
  mode: AuthMode;
  /** AUTH_API_KEYS (comma-separated SHA-256 hex digests) and AUTH_API_KEYS_FILE. */
  apiKeys?: { digests: string; file?: string };
  jwt?: JwtSettings;
  /** AUTH_CREDENTIAL_CLAIM and ALIBABA_CREDENTIALS_FILE: the claim naming the tenant whose credential the caller uses. */
  tenants?: { claim: string; file: string };
  /** ALIBABA_CREDENTIALS_FILE with AUTH_MODE=api-key: the tenants API key entries may name (`:tenant=<name>`). */
  keyTenantsFile?: string;
}

export type AuthOutcome =
  | { ok: true; caller: Caller }
  | {
      ok: false;
      status: 401 | 403;
      code: 'UNAUTHENTICATED' | 'FORBIDDEN';
      message: string;
      headers: Record<string, string>;
    };

export type Authenticator = (headers: Headers) => Promise<AuthOutcome>;

const REALM = 'tag-gateway';

function unauthenticated(message: string, error?: 'invalid_token'): AuthOutcome {
  const challenge = error ? `Bearer realm="${REALM}", error="${error}"` : `Bearer realm="${REALM}"`;
  return { ok: false, status: 401, code: 'UNAUTHENTICATED', message, headers: { 'www-authenticate': challenge } };
}

/** Undefined for AUTH_MODE=none. Reads the key and credential files now (start-up), not per request. */
export function createAuthenticator(s: AuthSettings): Authenticator | undefined {
  if (s.mode === 'api-key') {
    const credentials = s.keyTenantsFile ? tenantCredentials(s.keyTenantsFile) : undefined;
    const verify = apiKeyVerifier(apiKeyEntries(s.apiKeys?.digests ?? '', s.apiKeys?.file), credentials);
    return async (headers) => {
      const caller = verify(headers);
      if (caller === undefined) return unauthenticated('Send an API key in x-api-key or Authorization: Bearer.');
      return caller ? { ok: true, caller } : unauthenticated('The API key is not valid.', 'invalid_token');
    };
  }
  if (s.mode === 'jwt') {
    if (!s.jwt) throw new Error('AUTH_MODE=jwt needs AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE');
    return jwtAuthenticator(
      s.jwt,
      s.tenants && { claim: s.tenants.claim, credentials: tenantCredentials(s.tenants.file) },
    );
  }
  return undefined;
}

function jwtAuthenticator(
  settings: JwtSettings,
  tenants?: { claim: string; credentials: Map<string, Credential> },
): Authenticator {
  const verify = jwtVerifier(settings);
  return async (headers) => {
    const token = bearerToken(headers);
    if (!token) return unauthenticated('Send a token in Authorization: Bearer.');
    let verified;
    try {
      verified = await verify(token);
    } catch (err) {
      // Only "expired" is told apart (the client should refresh); other reasons help an attacker more than a caller.
      const expired = err instanceof errors.JWTExpired;
      return unauthenticated(expired ? 'The token has expired.' : 'The token is not valid.', 'invalid_token');
    }
    const canWrite = hasScope(verified.claims, settings.writeScope);
    if (!tenants) return { ok: true, caller: { id: verified.id, canWrite } };
    const tenant = verified.claims[tenants.claim];
    const credential = typeof tenant === 'string' ? tenants.credentials.get(tenant) : undefined;
    if (!credential) {
      return {
        ok: false,
        status: 403,
        code: 'FORBIDDEN',
        message: `The token's ${tenants.claim} claim names no tenant of this gateway.`,
        headers: {},
      };
    }
    return { ok: true, caller: { id: verified.id, credential, canWrite } };
  };
}

/** OAuth's `scope` (space-separated) or `scp` (a list, or a string) carries `scope`. */
function hasScope(claims: Record<string, unknown>, scope: string): boolean {
  const listed = (v: unknown) => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(' ') : []);
  return [...listed(claims.scope), ...listed(claims.scp)].includes(scope);
}
