/**
 * The cache layer's entry point: `createCache` picks the store (Redis when REDIS_URL is set, else the in-memory
 * LRU) and wraps any TagApi in the caching TagApi. With CACHE_ENABLED=false, `wrap` passes calls straight through.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { TagApi } from '../upstream/types.js';
import { createCachedTagApi, type CachedTagApi, type CacheStats } from './cached-tag-api.js';
import { stripCache } from './call-options.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore, type RedisStore } from './redis-store.js';
import type { CacheStore } from './store.js';

export type CacheConfig = Pick<
  Config,
  | 'REDIS_URL'
  | 'REDIS_CLUSTER'
  | 'CACHE_ENABLED'
  | 'CACHE_KEY_PREFIX'
  | 'CACHE_TTL_DESCRIBE_TAGS_S'
  | 'CACHE_TTL_LIST_TAG_RESOURCES_S'
  | 'CACHE_NEGATIVE_TTL_S'
  | 'CACHE_SWR_S'
  | 'CACHE_LOCK_TIMEOUT_MS'
  | 'CACHE_REDIS_COMMAND_TIMEOUT_MS'
  | 'CACHE_MEMORY_MAX_ENTRIES'
>;

export interface Cache {
  store: CacheStore;
  wrap(inner: TagApi): CachedTagApi;
  /** Resolves true once the store can answer (at once for memory), false after `timeoutMs`. Optional to await. */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createCache(config: CacheConfig, logger: Logger): Cache {
  const log = logger.child({ component: 'cache' });
  let store: CacheStore;
  let redis: RedisStore | undefined;
  if (config.REDIS_URL) {
    redis = createRedisStore({
      url: config.REDIS_URL,
      cluster: config.REDIS_CLUSTER,
      commandTimeoutMs: config.CACHE_REDIS_COMMAND_TIMEOUT_MS,
      logger: log,
    });
    store = redis;
  } else {
    store = createMemoryStore({ maxEntries: config.CACHE_MEMORY_MAX_ENTRIES });
  }
  log.info(
    { store: store.kind, cluster: redis ? config.REDIS_CLUSTER : undefined, enabled: config.CACHE_ENABLED },
    config.CACHE_ENABLED ? `cache: ${store.kind} store` : 'cache: disabled (CACHE_ENABLED=false)',
  );

  return {
    store,
    wrap(inner) {
      if (!config.CACHE_ENABLED) return passThrough(inner);
      return createCachedTagApi(inner, store, {
        keyPrefix: config.CACHE_KEY_PREFIX,
        ttlDescribeTagsS: config.CACHE_TTL_DESCRIBE_TAGS_S,
        ttlListTagResourcesS: config.CACHE_TTL_LIST_TAG_RESOURCES_S,
        negativeTtlS: config.CACHE_NEGATIVE_TTL_S,
        swrS: config.CACHE_SWR_S,
        lockTimeoutMs: config.CACHE_LOCK_TIMEOUT_MS,
        logger: log,
      });
    },
    ready: (timeoutMs) => (redis ? redis.ready(timeoutMs) : Promise.resolve(true)),
    close: () => store.close(),
  };
}

/** CACHE_ENABLED=false: the same surface, no caching; every call counts as a bypass. */
function passThrough(inner: TagApi): CachedTagApi {
  const counters: CacheStats = { hits: 0, misses: 0, stale: 0, errors: 0, bypass: 0 };
  return {
    describeTags: (credential, request, options) => {
      counters.bypass++;
      return inner.describeTags(credential, request, stripCache(options));
    },
    listTagResources: (credential, request, options) => {
      counters.bypass++;
      return inner.listTagResources(credential, request, stripCache(options));
    },
    stats: () => ({ ...counters }),
  };
}

export { BreakerOpenError, CircuitBreaker, type BreakerOptions, type BreakerState } from './breaker.js';
export {
  createCachedTagApi,
  isNegativeCacheable,
  REFRESH_RETRY_MS,
  type CacheCallOptions,
  type CachedTagApi,
  type CachedTagApiOptions,
  type CacheStats,
} from './cached-tag-api.js';
export { decodeEntry, encodeEntry, ENTRY_VERSION, type Entry } from './entry.js';
export { describeTagsKey, KEY_VERSION, listTagResourcesKey, lockKeyFor } from './keys.js';
export { createMemoryStore, MemoryStore, type MemoryStoreOptions } from './memory-store.js';
export {
  createRedisStore,
  DEFAULT_BREAKER_COOLDOWN_MS,
  DEFAULT_BREAKER_FAILURE_THRESHOLD,
  RECONNECT_MAX_DELAY_MS,
  RedisStore,
  type RedisStoreOptions,
} from './redis-store.js';
export {
  POLL_INITIAL_MS,
  POLL_MAX_MS,
  StoreUnavailableError,
  type CacheStore,
  type WaitOptions,
  type WaitResult,
} from './store.js';
