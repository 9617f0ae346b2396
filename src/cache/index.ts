/**
 * The cache layer's entry point: `createCache` picks the store (Redis when a Redis URL is given, else the in-memory
 * LRU), wraps any TagApi in the caching TagApi, and gives the GraphQL response cache its store on the same Redis.
 * With `enabled: false`, `wrap` passes calls straight through.
 */
import type { Logger } from 'pino';
import type { ReadOperation as Operation } from '../upstream/errors.js';
import { ECS_LISTING_OPERATION, type Credential, type TagApi } from '../upstream/types.js';
import { guardRefusedKeys } from './refused-keys.js';
import { createCachedTagApi, type CachedTagApi, type CacheStats } from './cached-tag-api.js';
import { stripCache, type CacheCallOptions } from './call-options.js';
import { CACHED_OPERATIONS, type RequestByOperation } from './operations.js';
import { createMemoryStore } from './stores/memory-store.js';
import { createRedisStore, type RedisStore } from './stores/redis-store.js';
import { createResponseStore, type ResponseStore } from './responses/response-store.js';
import type { CacheStore } from './stores/store.js';
import { createMemoryGenerations, createRedisGenerations, type Generations } from './generations.js';
import { createWriteInvalidator, type WriteInvalidator } from './write-invalidation.js';

/** The knobs of both cache layers (CACHE_*, REDIS_*, RESPONSE_CACHE_TTL_S in config/schema.ts). */
export interface CacheOptions {
  /** CACHE_ENABLED: both layers. */
  enabled: boolean;
  /** Prefix of every Redis key. */
  keyPrefix: string;
  /** Unset: the in-memory LRU. */
  redis?: { url: string; cluster: boolean; commandTimeoutMs: number };
  /** In-memory LRU size (each layer). */
  memoryMaxEntries: number;
  /** CACHE_MEMORY_MAX_BYTES: the in-memory upstream-response LRU's byte budget (default 64 MiB). */
  memoryMaxBytes?: number;
  /** RESPONSE_CACHE_MAX_BYTES: the in-memory GraphQL-response LRU's byte budget (default 64 MiB). */
  responseMaxBytes?: number;
  /** The heap the decoded upstream entries may take (decoded-entries.ts; default 32 MiB). */
  decodedMaxBytes?: number;
  /** RESPONSE_CACHE_MAX_ENTRY_BYTES: larger GraphQL responses are served but not cached. */
  responseMaxEntryBytes: number;
  ttl: {
    describeTagsS: number;
    listTagResourcesS: number;
    ecsListTagResourcesS: number;
    describeClustersS: number;
    /** CACHE_TTL_ECS_LISTINGS_S. */
    ecsListingsS: number;
    /** "Not found" answers. */
    negativeS: number;
    /** REFUSED_KEYS_TTL_S: a key pair the upstream refused (refused-keys.ts); 0 remembers none. Works when disabled too. */
    refusedKeysS?: number;
    /** Stale-while-revalidate grace after expiry. */
    swrS: number;
    /** CACHE_RECENT_READ_MS (entry-store.ts); unset: its default. */
    recentReadMs?: number;
    /** GraphQL responses; 0 turns that layer off. */
    responseS: number;
  };
  /** Stampede lock lifetime, and the longest a caller waits for another holder's value. */
  lockTimeoutMs: number;
}

export interface Cache {
  store: CacheStore;
  /** The GraphQL response cache's store: on the same Redis (and breaker) as `store`, or its own LRU. */
  responses: ResponseStore;
  wrap(inner: TagApi): CachedTagApi;
  /** The write generations every upstream key carries (in Redis when there is one). */
  generations: Generations;
  /** What a tag write invalidates in both layers, on every replica (write-invalidation.ts). */
  writes: WriteInvalidator;
  /** Resolves true once the store can answer (at once for memory), false after `timeoutMs`. Optional to await. */
  ready(timeoutMs?: number): Promise<boolean>;
  /** True when the store answers now (always for memory; a PING for Redis). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}

export function createCache(options: CacheOptions, logger: Logger): Cache {
  const log = logger.child({ component: 'cache' });
  const redis: RedisStore | undefined = options.redis && createRedisStore({ ...options.redis, logger: log });
  const store: CacheStore =
    redis ?? createMemoryStore({ maxEntries: options.memoryMaxEntries, maxBytes: options.memoryMaxBytes });
  log.info(
    { store: store.kind, cluster: options.redis?.cluster, enabled: options.enabled },
    options.enabled ? `cache: ${store.kind} store` : 'cache: disabled (CACHE_ENABLED=false)',
  );
  const { ttl } = options;
  const responses = createResponseStore({
    redis,
    keyPrefix: options.keyPrefix,
    maxEntries: options.memoryMaxEntries,
    maxBytes: options.responseMaxBytes,
    logger: log,
  });
  const generations = redis ? createRedisGenerations(redis, options.keyPrefix) : createMemoryGenerations();
  const writes = createWriteInvalidator({
    generations,
    responses,
    localResponses: !redis,
    redis,
    keyPrefix: options.keyPrefix,
    logger: log,
  });
  return {
    store,
    responses,
    generations,
    writes,
    wrap(upstream) {
      const inner = guardRefusedKeys(upstream, {
        ttlMs: (ttl.refusedKeysS ?? 0) * 1000,
        keyPrefix: options.keyPrefix,
        shared: redis,
      });
      if (!options.enabled) return passThrough(inner);
      return createCachedTagApi(inner, store, {
        keyPrefix: options.keyPrefix,
        ttlDescribeTagsS: ttl.describeTagsS,
        ttlListTagResourcesS: ttl.listTagResourcesS,
        ttlEcsListTagResourcesS: ttl.ecsListTagResourcesS,
        ttlDescribeClustersS: ttl.describeClustersS,
        ttlEcsListingsS: ttl.ecsListingsS,
        negativeTtlS: ttl.negativeS,
        swrS: ttl.swrS,
        ...(ttl.recentReadMs !== undefined ? { recentReadMs: ttl.recentReadMs } : {}),
        lockTimeoutMs: options.lockTimeoutMs,
        decodedMaxBytes: options.decodedMaxBytes,
        logger: log,
        generations,
      });
    },
    ready: (timeoutMs) => (redis ? redis.ready(timeoutMs) : Promise.resolve(true)),
    healthy: () => (redis ? redis.ping() : Promise.resolve(true)),
    close: async () => {
      await writes.close();
      await store.close();
    },
  };
}

/** CACHE_ENABLED=false: the same surface, no caching; every call counts as a bypass. */
function passThrough(inner: TagApi): CachedTagApi {
  const counters: CacheStats = { hits: 0, misses: 0, stale: 0, errors: 0, bypass: 0 };
  const bypass =
    <O extends Operation>(op: O) =>
    async (credential: Credential, request: RequestByOperation[O], options?: CacheCallOptions) => {
      const below = stripCache(op, options);
      counters.bypass++;
      return CACHED_OPERATIONS[op].call(inner, credential, request, below);
    };
  return {
    describeTags: bypass('DescribeTags'),
    listTagResources: bypass('ListTagResources'),
    listEcsTagResources: bypass('EcsListTagResources'),
    describeClusters: bypass('DescribeClustersV1'),
    listEcsResources: (credential, request, options) =>
      bypass(ECS_LISTING_OPERATION[request.resourceType])(credential, request, options),
    stats: () => ({ ...counters }),
  };
}

export { BreakerOpenError, CircuitBreaker, type BreakerOptions, type BreakerState } from './stores/breaker.js';
export {
  createCachedTagApi,
  isNegativeCacheable,
  REFRESH_RETRY_MS,
  type CacheCallOptions,
  type CachedTagApi,
  type CachedTagApiOptions,
  type CacheStats,
} from './cached-tag-api.js';
export { type RedisCommands, type ResponseStore, type ResponseStoreOptions } from './responses/response-store.js';
export { decodeEntry, encodeEntry, ENTRY_VERSION, type Entry } from './entry.js';
export { describeTagsKey, listTagResourcesKey, lockKeyFor } from './keys.js';
export { createMemoryStore, MemoryStore, type MemoryStoreOptions } from './stores/memory-store.js';
export { createMemoryResponseStore } from './responses/memory-response-store.js';
export {
  createRedisStore,
  DEFAULT_BREAKER_COOLDOWN_MS,
  DEFAULT_BREAKER_FAILURE_THRESHOLD,
  RECONNECT_MAX_DELAY_MS,
  RedisStore,
  type RedisStoreOptions,
} from './stores/redis-store.js';
export { StoreUnavailableError, type CacheStore, type WaitOptions, type WaitResult } from './stores/store.js';
