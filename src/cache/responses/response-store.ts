/**
 * Where the GraphQL response cache (src/plugins/response-cache.ts) keeps its entries: the in-memory LRU (bounded by
 * entries and bytes, memory-response-store.ts), or Redis.
 * With Redis, every key (response, entity index) is under CACHE_KEY_PREFIX and expires with the response, and
 * every command is guarded: a failing or slow Redis turns into a miss (bounded by the client's command timeout),
 * never into a failed request.
 */
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import { createMemoryResponseStore } from './memory-response-store.js';
import { joinResult, servedFrom, splitResult, type ServedResponse } from './served.js';
import type { RedisClient } from '../stores/redis-store.js';

/**
 * The response cache's store, as @graphql-yoga/plugin-response-cache defines it, plus `getServed`: a hit with its
 * data left as stored JSON text (served.ts), which the gateway serves without parsing it.
 */
export interface ResponseStore extends Cache {
  getServed?(id: string): ServedResponse | undefined | Promise<ServedResponse | undefined>;
}

export interface ResponseStoreOptions {
  keyPrefix: string;
  /** The cache layer's Redis (its client, command timeout and circuit breaker); unset keeps entries in memory. */
  redis?: RedisCommands;
  maxEntries: number;
  /** RESPONSE_CACHE_MAX_BYTES: the in-memory store's budget (Redis has its own maxmemory). */
  maxBytes?: number;
  logger?: Logger;
}

/** What the response store needs of the cache layer's RedisStore: its commands, run behind its breaker. */
export interface RedisCommands {
  command<T>(what: string, fn: (client: RedisClient) => Promise<T>): Promise<T>;
}

const DEFAULT_RESPONSE_MAX_BYTES = 64 * 1024 * 1024;

export function createResponseStore(o: ResponseStoreOptions): ResponseStore {
  if (!o.redis)
    return createMemoryResponseStore({ maxEntries: o.maxEntries, maxBytes: o.maxBytes ?? DEFAULT_RESPONSE_MAX_BYTES });
  return guarded(createRedisResponseStore(o.redis, o.keyPrefix), o.logger);
}

/**
 * Responses on Redis, every key under the prefix and expiring: `rc:resp:<id>` holds the result for the TTL, as the
 * JSON of all but its data, a newline, and the JSON of its data (served.ts); `rc:index:entity:<Type>:<id>` and `rc:index:type:<Type>` index the responses that showed an entity (or a type). An index
 * is a sorted set scored by each response's expiry time: every write drops the ids already expired and renews the
 * index's own expiry, so an index that keeps being written (a hot type) still holds only live ids instead of
 * growing for ever. Single-key commands only, so it works on a Redis Cluster too. Every command goes through the
 * cache layer's circuit breaker: while it is open this layer skips Redis at once too, instead of paying a command
 * timeout per read.
 */
export function createRedisResponseStore(
  redis: RedisCommands,
  keyPrefix: string,
): ResponseStore & Required<Pick<ResponseStore, 'getServed'>> {
  const responseKey = (id: string) => `${keyPrefix}rc:resp:${id}`;
  const indexKey = (typename: string, id?: string | number) =>
    id === undefined || id === null
      ? `${keyPrefix}rc:index:type:${typename}`
      : `${keyPrefix}rc:index:entity:${typename}:${id}`;
  return {
    async get(id) {
      const raw = await redis.command('GET', (c) => c.get(responseKey(id)));
      if (raw === null) return undefined;
      const cut = raw.indexOf('\n');
      // An entry written before data and the rest were stored apart: one JSON document.
      return cut < 0 ? (JSON.parse(raw) as ExecutionResult) : joinResult(raw.slice(0, cut), raw.slice(cut + 1));
    },
    async getServed(id) {
      const raw = await redis.command('GET', (c) => c.get(responseKey(id)));
      if (raw === null) return undefined;
      const cut = raw.indexOf('\n');
      if (cut >= 0) return servedFrom(raw.slice(0, cut), raw.slice(cut + 1));
      const { data, ...rest } = JSON.parse(raw) as ExecutionResult;
      return servedFrom(JSON.stringify(rest), JSON.stringify(data ?? null));
    },
    async set(id, result, entities, ttl) {
      // The rest, a newline, the data: JSON text never holds a raw newline, so the first one is the cut.
      const { rest, dataJson } = splitResult(result);
      const json = `${rest}\n${dataJson}`;
      const ms = Number.isFinite(ttl) ? Math.max(1, Math.ceil(ttl)) : undefined;
      const now = Date.now();
      const expiresAt = ms === undefined ? '+inf' : now + ms;
      const indexes = new Set<string>();
      for (const { typename, id: entityId } of entities) {
        indexes.add(indexKey(typename));
        if (entityId !== undefined && entityId !== null) indexes.add(indexKey(typename, entityId));
      }
      const writes: Array<Promise<unknown>> = [
        redis.command('SET', (c) =>
          ms === undefined ? c.set(responseKey(id), json) : c.set(responseKey(id), json, 'PX', ms),
        ),
      ];
      for (const index of indexes) {
        writes.push(redis.command('ZADD', (c) => c.zadd(index, expiresAt, id)));
        writes.push(redis.command('ZREMRANGEBYSCORE', (c) => c.zremrangebyscore(index, '-inf', `(${now}`)));
        if (ms !== undefined) writes.push(redis.command('PEXPIRE', (c) => c.pexpire(index, ms)));
      }
      await Promise.all(writes);
    },
    async invalidate(entities) {
      const doomed = new Set<string>();
      const now = Date.now();
      for (const { typename, id } of entities) {
        const index = indexKey(typename, id);
        doomed.add(index);
        // Ids already expired have no response left to delete.
        for (const responseId of await redis.command('ZRANGEBYSCORE', (c) => c.zrangebyscore(index, now, '+inf')))
          doomed.add(responseKey(responseId));
      }
      await Promise.all([...doomed].map((key) => redis.command('DEL', (c) => c.del(key))));
    },
  };
}

/**
 * Any Redis failure becomes a miss or a skipped write. The store's circuit breaker already logs the one warning
 * per outage, so this layer notes its own failures at debug only.
 */
function guarded(inner: ResponseStore & Required<Pick<ResponseStore, 'getServed'>>, logger?: Logger): ResponseStore {
  let failing = false;
  const fail = (what: string, err: unknown) => {
    if (!failing)
      logger?.debug(
        { err: err instanceof Error ? err.message : String(err) },
        `response cache: Redis ${what} failed; serving without it`,
      );
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
    getServed: async (key) => {
      try {
        return ok(await inner.getServed(key));
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
