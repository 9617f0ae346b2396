/**
 * The caller plugins in the order they must run: authentication, then the rate limit (it keys on the caller that
 * authentication found). server.ts adds the result to its plugin list; with both off it is empty.
 */
import type { Plugin } from 'graphql-yoga';
import type { Credential } from '../upstream/types.js';
import { createAuthenticator, type AuthSettings } from './auth.js';
import { MemoryBuckets, type Buckets } from './rate-limit/rate-limit.js';
import { RedisBuckets, type RedisCommands } from './rate-limit/rate-limit-redis.js';
import { rateLimitKeyOf } from './rate-limit/rate-limit-key.js';
import { useAuthentication } from './auth-plugin.js';
import { useRateLimit } from './rate-limit/rate-limit-plugin.js';

export interface RateLimitSettings {
  /** RATE_LIMIT_RPS; 0: no limit. */
  rps: number;
  /** RATE_LIMIT_BURST (config/callers.ts resolves 0 to the default). */
  burst: number;
  /** RATE_LIMIT_TRUSTED_PROXIES: proxies in front that append to X-Forwarded-For. */
  trustedProxies: number;
  /** CACHE_KEY_PREFIX: the shared buckets live under it. */
  keyPrefix: string;
}

export interface CallerPluginOptions {
  auth?: AuthSettings;
  rateLimit?: RateLimitSettings;
  /** The cache's Redis: shared buckets (unset: each replica counts in its memory). */
  redis?: RedisCommands;
  /** Never authenticated nor limited: /health, /ready, the metrics path. */
  openPaths: string[];
  /** With CALLER_CREDENTIALS: the resolver of callers' own Alibaba keys (they then key the rate limit). */
  callerKeys?: (headers: Headers) => Credential;
  onRefused?: (code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'RATE_LIMITED') => void;
}

export function callerPlugins(o: CallerPluginOptions): Plugin[] {
  const openPaths = new Set(o.openPaths);
  const plugins: Plugin[] = [];
  const authenticate = o.auth && createAuthenticator(o.auth);
  if (authenticate) plugins.push(useAuthentication({ authenticate, openPaths, onRefused: o.onRefused }));
  const limit = o.rateLimit;
  if (limit && limit.rps > 0) {
    const bucket = { rps: limit.rps, burst: limit.burst };
    const memory = new MemoryBuckets(bucket);
    const buckets: Buckets = o.redis ? new RedisBuckets(o.redis, limit.keyPrefix, bucket, memory) : memory;
    const keyOf = rateLimitKeyOf({ callerKeys: o.callerKeys, trustedProxies: limit.trustedProxies });
    plugins.push(useRateLimit({ buckets, keyOf, openPaths, onLimited: () => o.onRefused?.('RATE_LIMITED') }));
  }
  return plugins;
}
