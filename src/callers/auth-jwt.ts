/**
 * JWTs: `Authorization: Bearer <jwt>`, verified against the identity provider's JWKS (AUTH_JWKS_URL) with the
 * expected issuer and audience. jose caches the key set (refreshed after `cacheMaxAgeMs`) and, when a token names
 * a key id it has not seen, refetches once the cooldown since the last fetch is over: a provider's key rotation is
 * picked up by itself, and tokens with made-up key ids cannot make the gateway hammer the provider.
 *
 * Only asymmetric algorithms are accepted: `none` and HMAC (HS256 signed with the public key, the classic
 * confusion attack) are refused before any signature check. Tokens must carry `sub` and `exp`.
 */
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { callerHash } from './caller.js';

export interface JwtSettings {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** AUTH_JWKS_COOLDOWN_MS: the least time between two fetches of the key set. */
  cooldownMs: number;
  /** AUTH_JWKS_CACHE_MAX_AGE_MS: how long a fetched key set is trusted before it is fetched again. */
  cacheMaxAgeMs: number;
  /** AUTH_CLOCK_TOLERANCE_S: leeway for `exp`/`nbf` between the provider's clock and ours. */
  clockToleranceS: number;
  /** AUTH_WRITE_SCOPE: the scope (in `scope` or `scp`) that lets a caller write tags. */
  writeScope: string;
}

const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

const JWKS_TIMEOUT_MS = 5_000;

export interface VerifiedToken {
  /** A hash of issuer and subject: the caller's ID. */
  id: string;
  claims: JWTPayload;
}

/** Resolves the verified token, rejects for any token that is not good (expired, wrong audience, bad signature…). */
export function jwtVerifier(s: JwtSettings): (token: string) => Promise<VerifiedToken> {
  const keys = createRemoteJWKSet(new URL(s.jwksUrl), {
    cooldownDuration: s.cooldownMs,
    cacheMaxAge: s.cacheMaxAgeMs,
    timeoutDuration: JWKS_TIMEOUT_MS,
  });
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, {
      issuer: s.issuer,
      audience: s.audience,
      algorithms: JWT_ALGORITHMS,
      clockTolerance: s.clockToleranceS,
      requiredClaims: ['sub', 'exp'],
    });
    return { id: `jwt:${callerHash('jwt', s.issuer, payload.sub ?? '')}`, claims: payload };
  };
}
