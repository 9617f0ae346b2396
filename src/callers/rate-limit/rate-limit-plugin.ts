/**
 * Per-caller rate limit, in `onRequest` right after authentication (so it knows the caller) and before parsing:
 * a limited request gets 429 RATE_LIMITED with `Retry-After` (whole seconds, rounded up) and never executes, so it
 * makes no upstream call. The same open paths as authentication are not counted (probes and scrapes must never be
 * limited). Requests refused by authentication take no token.
 */
import type { Plugin } from 'graphql-yoga';
import { refusal } from '../error-response.js';
import type { Buckets } from './rate-limit.js';

export interface RateLimitPluginOptions {
  buckets: Buckets;
  keyOf: (request: Request, serverContext: unknown) => string;
  openPaths: ReadonlySet<string>;
  /** Told of every limited request (metrics). */
  onLimited?: () => void;
}

export function useRateLimit(o: RateLimitPluginOptions): Plugin {
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (request.method === 'OPTIONS' || o.openPaths.has(url.pathname)) return;
      const take = await o.buckets.take(o.keyOf(request, serverContext));
      if (take.allowed) return;
      o.onLimited?.();
      const retryAfterS = Math.max(1, Math.ceil(take.retryAfterMs / 1000));
      endResponse(
        refusal(request, 429, 'RATE_LIMITED', `Too many requests; retry in ${retryAfterS} s.`, {
          'retry-after': String(retryAfterS),
        }),
      );
    },
  };
}
