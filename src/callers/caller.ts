/**
 * Who is calling: set by the authentication plugin once a request's credentials check out, read by the context
 * (which Alibaba credential signs its upstream calls), the response cache (its session) and the rate limiter (its
 * bucket). Kept beside the request rather than in a header, so a client can never forge it. The ID is a one-way
 * hash: never the API key or the token, safe for logs, cache keys and Redis keys.
 */
import { createHash } from 'node:crypto';
import type { Credential } from '../upstream/types.js';

export interface Caller {
  /** A non-secret, stable hash naming the caller (`key:…` for API keys, `jwt:…` for token subjects). */
  id: string;
  /** The Alibaba credential this caller's claim selected (AUTH_CREDENTIAL_CLAIM); unset: the gateway's own. */
  credential?: Credential;
  /** May write tags (an API key entry marked `:write`, a token with the write scope); see write-access.ts. */
  canWrite?: boolean;
}

const callers = new WeakMap<Request, Caller>();

export function setCaller(request: Request, caller: Caller): void {
  callers.set(request, caller);
}

export function callerOf(request: Request): Caller | undefined {
  return callers.get(request);
}

/** A short one-way hash for caller IDs and bucket keys (domain-separated, so it matches no other hash here). */
export function callerHash(kind: string, ...parts: string[]): string {
  return createHash('sha256')
    .update(['tag-gateway-caller', kind, ...parts].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

/**
 * The credential of a request: the one its caller's claim selected, else what `fromHeaders` says (the gateway's
 * own, or the caller's keys with CALLER_CREDENTIALS).
 */
export function callerAwareCredential(fromHeaders: (headers: Headers) => Credential): (request: Request) => Credential {
  return (request) => callerOf(request)?.credential ?? fromHeaders(request.headers);
}
