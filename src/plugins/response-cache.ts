/**
 * The GraphQL response cache: a hit for the same operation, variables and caller is served without executing.
 * The session is the caller's credential identity, so two tenants never share an entry (the plugin hashes it
 * into the key). Results with errors are not cached. Entries are tagged by entity (`EcsInstance:<id>` …), so
 * `invalidate` drops every response that showed one. With Redis, every cache command is guarded: a failing or
 * slow Redis turns into a miss (bounded by the client's command timeout), never into a failed request.
 */
import { createRedisCache } from '@envelop/response-cache-redis';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface ResponseCacheStoreOptions {
  keyPrefix: string;
  /** A connected ioredis client (the cache layer's); unset keeps entries in memory. */
  redis?: Redis;
  maxEntries: number;
  logger?: Logger;
}

export interface ResponseCacheOptions {
  cache: Cache;
  ttlS: number;
  sessionOf: (request: Request) => string;
  isBypass: (request: Request) => boolean;
}

export function createResponseCache(o: ResponseCacheStoreOptions): Cache {
  if (!o.redis) return createInMemoryCache({ max: o.maxEntries });
  const redisCache = createRedisCache({
    redis: o.redis,
    buildRedisEntityId: (typename, id) => `${o.keyPrefix}rc:entity:${typename}:${id}`,
    buildRedisOperationResultCacheKey: (responseId) => `${o.keyPrefix}rc:op:${responseId}`,
  });
  return guarded(redisCache, o.logger);
}

export function useGatewayResponseCache(o: ResponseCacheOptions): Plugin {
  return useResponseCache({
    cache: o.cache,
    ttl: o.ttlS * 1000,
    session: (request) => o.sessionOf(request),
    enabled: (request) => o.ttlS > 0 && !o.isBypass(request),
    includeExtensionMetadata: true,
    // Relay connections and facets have no `id`; entity tags come from the resource types' global IDs.
    idFields: ['id'],
  });
}

/** Any Redis failure becomes a miss or a skipped write; one warning per outage, not per request. */
function guarded(inner: Cache, logger?: Logger): Cache {
  let failing = false;
  const fail = (what: string, err: unknown) => {
    if (!failing) logger?.warn({ err: err instanceof Error ? err.message : String(err) }, `response cache: Redis ${what} failed; serving without it`);
    failing = true;
    return undefined;
  };
  const ok = <T>(value: T) => {
    if (failing) logger?.info('response cache: Redis answers again');
    failing = false;
    return value;
  };
  return {
    get: async (key) => {
      try {
        return ok(await inner.get(key));
      } catch (err) {
        return fail('read', err);
      }
    },
    set: async (...args) => {
      try {
        ok(await inner.set(...args));
      } catch (err) {
        fail('write', err);
      }
    },
    invalidate: async (entities) => {
      try {
        ok(await inner.invalidate(entities));
      } catch (err) {
        fail('invalidate', err);
      }
    },
  };
}
