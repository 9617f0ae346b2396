/**
 * The GraphQL response cache: a hit for the same operation, variables and caller is served without executing.
 * The session is the caller's tenant, so two tenants never share an entry (it is hashed into the key). Results
 * with errors are not cached. Entries are tagged by entity (`EcsInstance:<id>` …), so `invalidate` drops every
 * response that showed one. With Redis, every key (response, entity index) is under CACHE_KEY_PREFIX and expires
 * with the response, and every cache command is guarded: a failing or slow Redis turns into a miss (bounded by
 * the client's command timeout), never into a failed request. An operator's bypass skips the read and writes the
 * fresh answer back.
 */
import { createHash } from 'node:crypto';
import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { canonicalJson } from '../cache/keys.js';
import type { RedisClient } from '../cache/redis-store.js';

export interface ResponseCacheStoreOptions {
  keyPrefix: string;
  /** The cache layer's Redis (its client, command timeout and circuit breaker); unset keeps entries in memory. */
  redis?: RedisCommands;
  maxEntries: number;
  logger?: Logger;
}

export interface ResponseCacheOptions {
  cache: Cache;
  ttlS: number;
  sessionOf: (request: Request) => string;
  isBypass: (request: Request) => boolean;
}

/** What the response cache needs of the cache layer's RedisStore: its commands, run behind its breaker. */
export interface RedisCommands {
  command<T>(what: string, fn: (client: RedisClient) => Promise<T>): Promise<T>;
}

export function createResponseCache(o: ResponseCacheStoreOptions): Cache {
  if (!o.redis) return createInMemoryCache({ max: o.maxEntries });
  return guarded(createRedisResponseCache(o.redis, o.keyPrefix), o.logger);
}

export function useGatewayResponseCache(o: ResponseCacheOptions): Plugin {
  return useResponseCache({
    cache: bypassAware(o.cache),
    ttl: o.ttlS * 1000,
    session: (request) => o.sessionOf(request),
    enabled: () => o.ttlS > 0,
    // A bypass gets a key of its own that is never read, and its write lands on the normal key (see bypassAware).
    buildResponseCacheKey: ({ documentString, operationName, variableValues, sessionId, request }) => {
      const id = responseId(documentString, operationName, variableValues, sessionId);
      return o.isBypass(request) ? `${BYPASS_KEY}${id}` : id;
    },
    includeExtensionMetadata: true,
    // Relay connections and facets have no `id`; entity tags come from the resource types' global IDs.
    idFields: ['id'],
  });
}

/** The response's id (also its ETag): a hash of the operation, its variables and the caller's session. */
function responseId(document: string, operationName: string | undefined | null, variables: unknown, session: string | undefined | null): string {
  return createHash('sha256')
    .update(canonicalJson([document, operationName ?? '', variables ?? {}, session ?? '']))
    .digest('hex');
}

const BYPASS_KEY = 'bypass:';

/** Reads of a bypass key miss; its write goes to the normal key, with the normal ETag. */
function bypassAware(inner: Cache): Cache {
  return {
    get: (key) => (key.startsWith(BYPASS_KEY) ? undefined : inner.get(key)),
    set: (key, result, entities, ttl) => {
      if (!key.startsWith(BYPASS_KEY)) return inner.set(key, result, entities, ttl);
      const id = key.slice(BYPASS_KEY.length);
      const headers = (result.extensions as { http?: { headers?: Record<string, string> } } | undefined)?.http?.headers;
      if (headers?.ETag === key) headers.ETag = id;
      return inner.set(id, result, entities, ttl);
    },
    invalidate: (entities) => inner.invalidate(entities),
  };
}

/**
 * Responses on Redis, every key under the prefix and expiring: `rc:resp:<id>` holds the JSON result for the
 * TTL; `rc:entity:<Type>:<id>` and `rc:type:<Type>` index the responses that showed an entity (or a type) and
 * expire with the newest of them (every response has the same TTL, RESPONSE_CACHE_TTL_S). Single-key commands
 * only, so it works on a Redis Cluster too. Every command goes through the cache layer's circuit breaker: while
 * it is open this layer skips Redis at once too, instead of paying a command timeout per read.
 */
export function createRedisResponseCache(redis: RedisCommands, keyPrefix: string): Cache {
  const responseKey = (id: string) => `${keyPrefix}rc:resp:${id}`;
  const indexKey = (typename: string, id?: string | number) =>
    id === undefined || id === null ? `${keyPrefix}rc:type:${typename}` : `${keyPrefix}rc:entity:${typename}:${id}`;
  return {
    async get(id) {
      const raw = await redis.command('GET', (c) => c.get(responseKey(id)));
      return raw === null ? undefined : (JSON.parse(raw) as Awaited<ReturnType<Cache['get']>>);
    },
    async set(id, result, entities, ttl) {
      const json = JSON.stringify(result);
      const ms = Number.isFinite(ttl) ? Math.max(1, Math.ceil(ttl)) : undefined;
      const indexes = new Set<string>();
      for (const { typename, id: entityId } of entities) {
        indexes.add(indexKey(typename));
        if (entityId !== undefined && entityId !== null) indexes.add(indexKey(typename, entityId));
      }
      const writes: Array<Promise<unknown>> = [
        redis.command('SET', (c) => (ms === undefined ? c.set(responseKey(id), json) : c.set(responseKey(id), json, 'PX', ms))),
      ];
      for (const index of indexes) {
        writes.push(redis.command('SADD', (c) => c.sadd(index, id)));
        if (ms !== undefined) writes.push(redis.command('PEXPIRE', (c) => c.pexpire(index, ms)));
      }
      await Promise.all(writes);
    },
    async invalidate(entities) {
      const doomed = new Set<string>();
      for (const { typename, id } of entities) {
        const index = indexKey(typename, id);
        doomed.add(index);
        for (const responseId of await redis.command('SMEMBERS', (c) => c.smembers(index))) doomed.add(responseKey(responseId));
      }
      await Promise.all([...doomed].map((key) => redis.command('DEL', (c) => c.del(key))));
    },
  };
}

/**
 * Any Redis failure becomes a miss or a skipped write. The store's circuit breaker already logs the one warning
 * per outage, so this layer notes its own failures at debug only.
 */
function guarded(inner: Cache, logger?: Logger): Cache {
  let failing = false;
  const fail = (what: string, err: unknown) => {
    if (!failing) logger?.debug({ err: err instanceof Error ? err.message : String(err) }, `response cache: Redis ${what} failed; serving without it`);
    failing = true;
    return undefined;
  };
  const ok = <T>(value: T) => {
    if (failing) logger?.debug('response cache: Redis answers again');
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
