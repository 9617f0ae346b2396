/**
 * Whose bucket a request takes from: the authenticated caller's; else, with CALLER_CREDENTIALS, the AccessKeyId it
 * signs with together with its client IP (never the secret: a client that knows a tenant's AccessKeyId, which is
 * no secret, must not mint a new bucket per made-up secret, issue 19 item 6); else its client IP. Every key is a hash (no IP, key or token in Redis). The client
 * IP is the socket's peer unless RATE_LIMIT_TRUSTED_PROXIES says how many proxies in front of the gateway append
 * to X-Forwarded-For: then it is the address the outermost trusted proxy saw (entries further left are whatever
 * the client sent, and a client must not pick its own bucket).
 */
import type { IncomingMessage } from 'node:http';
import type { Credential } from '../../upstream/types.js';
import { callerHash, callerOf } from '../caller.js';
import { CREDENTIAL_HEADERS } from '../caller-credential.js';

export interface RateLimitKeyOptions {
  /** With CALLER_CREDENTIALS: the resolver of the caller's own Alibaba keys (caller-credential.ts). */
  callerKeys?: (headers: Headers) => Credential;
  trustedProxies: number;
}

export function rateLimitKeyOf(o: RateLimitKeyOptions): (request: Request, serverContext: unknown) => string {
  return (request, serverContext) => {
    const caller = callerOf(request);
    if (caller) return caller.id;
    const ip = clientIp(request, serverContext, o.trustedProxies);
    const keyId = o.callerKeys && callerKeyId(o.callerKeys, request.headers);
    if (keyId) return `cred:${callerHash('alibaba-key-id', `${keyId}\0${ip}`)}`;
    return `ip:${callerHash('ip', ip)}`;
  };
}

/** The AccessKeyId a caller signs with, if it sends well-formed keys (malformed ones fail later: count them by IP). */
function callerKeyId(resolve: (headers: Headers) => Credential, headers: Headers): string | undefined {
  if (!headers.get(CREDENTIAL_HEADERS.accessKeyId)) return undefined;
  try {
    return resolve(headers).accessKeyId;
  } catch {
    return undefined;
  }
}

export function clientIp(request: Request, serverContext: unknown, trustedProxies: number): string {
  const peer = nodeRequest(serverContext)?.socket.remoteAddress ?? 'unknown';
  if (trustedProxies === 0) return peer;
  const hops = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxies] ?? peer;
}

/** node:http's request, which yoga's node adapter puts in the server context as `req`. */
function nodeRequest(serverContext: unknown): IncomingMessage | undefined {
  if (typeof serverContext !== 'object' || serverContext === null || !('req' in serverContext)) return undefined;
  const req = (serverContext as { req: unknown }).req;
  return typeof req === 'object' && req !== null && 'socket' in req ? (req as IncomingMessage) : undefined;
}
