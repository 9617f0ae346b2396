/**
 * A TagApi in front of another TagApi. Per call:
 *
 * 1. Bypass (`{ cache: 'bypass' }`): skip the read, call upstream, still write the answer.
 * 2. Fresh entry: serve it (a cached not-found is re-thrown as an equal UpstreamError).
 * 3. Stale entry within CACHE_SWR_S after expiry: serve it at once and refresh it in the background, once
 *    (one refresh per key per process, and across processes only the holder of the store lock refreshes).
 * 4. Miss: one load per key per process (single-flight), and across processes one holder of the store lock
 *    calls upstream while the others wait for its value, up to CACHE_LOCK_TIMEOUT_MS; if the lock disappears
 *    without a value (holder failed or crashed) a waiter takes the lock over.
 *
 * The store is never a reason to fail: any store error counts in `stats().errors` and the call goes upstream
 * (without lock and without write when even the read failed). Only results and not-found answers are written.
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { UpstreamError, type Operation } from '../upstream/errors.js';
import type {
  CallOptions,
  Credential,
  DescribeTagsRequest,
  ListTagResourcesRequest,
  TagApi,
} from '../upstream/types.js';
import {
  decodeEntry,
  encodeEntry,
  ENTRY_VERSION,
  fromCachedError,
  isFresh,
  toCachedError,
  type Entry,
  type ResultByOperation,
} from './entry.js';
import { describeTagsKey, listTagResourcesKey, lockKeyFor } from './keys.js';
import type { CacheStore } from './store.js';

/** `CallOptions` as this layer accepts them; `cache: 'bypass'` skips the read (the server sets it for operators). */
export type CacheCallOptions = CallOptions & { cache?: 'bypass' };

export interface CacheStats {
  /** Fresh entries served (values and cached not-found answers). */
  hits: number;
  /** Calls that found no usable entry and loaded (or joined a load of) the value. */
  misses: number;
  /** Stale entries served within the SWR window. */
  stale: number;
  /** Store operations that failed (Redis down or slow, breaker open). */
  errors: number;
  /** Calls made with `cache: 'bypass'`. */
  bypass: number;
}

export interface CachedTagApiOptions {
  /** CACHE_KEY_PREFIX. */
  keyPrefix: string;
  /** CACHE_TTL_DESCRIBE_TAGS_S. */
  ttlDescribeTagsS: number;
  /** CACHE_TTL_LIST_TAG_RESOURCES_S. */
  ttlListTagResourcesS: number;
  /** CACHE_NEGATIVE_TTL_S; 0 caches no error at all. */
  negativeTtlS: number;
  /** CACHE_SWR_S; 0 never serves stale. */
  swrS: number;
  /** CACHE_LOCK_TIMEOUT_MS: lock lifetime, and the longest a caller waits for another holder's value. */
  lockTimeoutMs: number;
  logger: Logger;
}

export interface CachedTagApi extends TagApi {
  describeTags(
    credential: Credential,
    request: DescribeTagsRequest,
    options?: CacheCallOptions,
  ): Promise<ResultByOperation['DescribeTags']>;
  listTagResources(
    credential: Credential,
    request: ListTagResourcesRequest,
    options?: CacheCallOptions,
  ): Promise<ResultByOperation['ListTagResources']>;
  stats(): CacheStats;
}

/** True for the only errors worth remembering: the upstream said the thing does not exist. */
export function isNegativeCacheable(err: unknown): err is UpstreamError {
  return (
    err instanceof UpstreamError &&
    err.isNotFound &&
    // A key that is not found today may be created in a minute: auth answers are never cached.
    !err.code.startsWith('InvalidAccessKeyId') &&
    !err.isInvalidInput &&
    !err.isThrottled &&
    !err.retryable &&
    !(err.status !== undefined && err.status >= 500)
  );
}

/** After a failed background refresh, stale reads of that key wait this long before trying another one. */
export const REFRESH_RETRY_MS = 1_000;

export function createCachedTagApi(inner: TagApi, store: CacheStore, options: CachedTagApiOptions): CachedTagApi {
  const counters: CacheStats = { hits: 0, misses: 0, stale: 0, errors: 0, bypass: 0 };
  const logger = options.logger;
  const swrMs = options.swrS * 1000;
  const negativeTtlMs = options.negativeTtlS * 1000;
  const lockTimeoutMs = options.lockTimeoutMs;
  const ttlMs: Record<Operation, number> = {
    DescribeTags: options.ttlDescribeTagsS * 1000,
    ListTagResources: options.ttlListTagResourcesS * 1000,
  };
  /** Foreground loads per key (this process). */
  const inflight = new Map<string, Promise<Entry>>();
  /** Keys with a background refresh running (this process). */
  const refreshing = new Set<string>();
  /** Keys whose last background refresh failed, for REFRESH_RETRY_MS (bounded, expires by itself). */
  const refreshFailed = new LRUCache<string, true>({ max: 10_000, ttl: REFRESH_RETRY_MS });

  const storeFailed = (what: string, key: string, err: unknown) => {
    counters.errors++;
    logger.debug({ key, err: err instanceof Error ? err.message : String(err) }, `cache: store ${what} failed`);
  };

  const decode = <O extends Operation>(raw: string | null, key: string, op: O): Entry<O> | null => {
    if (raw === null) return null;
    const entry = decodeEntry(raw, key, op);
    if (entry === null) logger.debug({ key }, 'cache: ignoring a corrupt or foreign entry');
    return entry;
  };

  const write = async (key: string, entry: Entry, storeTtlMs: number) => {
    if (!(storeTtlMs > 0)) return;
    try {
      await store.set(key, encodeEntry(entry), storeTtlMs);
    } catch (err) {
      storeFailed('write', key, err);
    }
  };

  /** Calls upstream; writes the value (or a not-found answer) when `persist`; rejects with upstream's error. */
  const fetchAndStore = async <O extends Operation>(
    op: O,
    key: string,
    fetch: () => Promise<ResultByOperation[O]>,
    persist: boolean,
  ): Promise<Entry<O>> => {
    let value: ResultByOperation[O];
    try {
      value = await fetch();
    } catch (err) {
      if (persist && negativeTtlMs > 0 && isNegativeCacheable(err)) {
        const fetchedAt = Date.now();
        const entry: Entry<O> = {
          v: ENTRY_VERSION,
          key,
          op,
          kind: 'error',
          fetchedAt,
          expiresAt: fetchedAt + negativeTtlMs,
          error: toCachedError(err),
        };
        await write(key, entry, negativeTtlMs);
      }
      throw err;
    }
    const fetchedAt = Date.now();
    const entry: Entry<O> = { v: ENTRY_VERSION, key, op, kind: 'value', fetchedAt, expiresAt: fetchedAt + ttlMs[op], value };
    if (persist) await write(key, entry, ttlMs[op] + swrMs);
    return entry;
  };

  /** The miss path under the store lock: hold it and load, or wait for the holder's value, or take over. */
  const load = async <O extends Operation>(
    op: O,
    key: string,
    fetch: () => Promise<ResultByOperation[O]>,
  ): Promise<Entry<O>> => {
    const lockKey = lockKeyFor(key);
    const deadline = Date.now() + lockTimeoutMs;
    for (;;) {
      let token: string | null;
      try {
        token = await store.tryLock(lockKey, lockTimeoutMs);
      } catch (err) {
        storeFailed('lock', key, err);
        return fetchAndStore(op, key, fetch, false);
      }
      if (token !== null) {
        try {
          // Another holder may have written the value between our read and our lock.
          try {
            const current = decode(await store.get(key), key, op);
            if (current && isFresh(current)) return current;
          } catch (err) {
            storeFailed('read', key, err);
          }
          return await fetchAndStore(op, key, fetch, true);
        } finally {
          store.unlock(lockKey, token).catch((err: unknown) => storeFailed('unlock', key, err));
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        // Waited a full lock lifetime: the holder is slower than its lock. Load without the lock.
        logger.debug({ key }, 'cache: lock wait timed out, loading without the lock');
        return fetchAndStore(op, key, fetch, true);
      }
      try {
        const result = await store.waitFor(key, lockKey, {
          timeoutMs: left,
          accept: (raw) => {
            const candidate = decodeEntry(raw, key, op);
            return candidate !== null && isFresh(candidate);
          },
        });
        if (result.status === 'value') {
          const found = decodeEntry(result.raw, key, op);
          if (found) return found;
        }
      } catch (err) {
        storeFailed('wait', key, err);
        return fetchAndStore(op, key, fetch, false);
      }
      // 'unlocked' (holder done without a value, or crashed) or 'timeout': try to take the lock over.
    }
  };

  const refreshInBackground = <O extends Operation>(
    op: O,
    key: string,
    stale: Entry<O>,
    fetch: () => Promise<ResultByOperation[O]>,
  ) => {
    if (refreshing.has(key) || inflight.has(key) || refreshFailed.has(key)) return;
    refreshing.add(key);
    const lockKey = lockKeyFor(key);
    const run = async () => {
      const token = await store.tryLock(lockKey, lockTimeoutMs);
      if (token === null) return; // another process is refreshing (or loading) this key
      try {
        const current = decode(await store.get(key), key, op);
        if (current && current.fetchedAt > stale.fetchedAt && isFresh(current)) return; // refreshed meanwhile
        await fetchAndStore(op, key, fetch, true);
      } finally {
        store.unlock(lockKey, token).catch((err: unknown) => storeFailed('unlock', key, err));
      }
    };
    run()
      .catch((err: unknown) => {
        refreshFailed.set(key, true);
        if (err instanceof UpstreamError) {
          logger.warn({ key, operation: op, code: err.code, status: err.status }, 'cache: background refresh failed');
        } else {
          storeFailed('refresh', key, err);
        }
      })
      .finally(() => refreshing.delete(key));
  };

  const singleFlight = <O extends Operation>(key: string, start: () => Promise<Entry<O>>): Promise<Entry<O>> => {
    const existing = inflight.get(key) as Promise<Entry<O>> | undefined;
    if (existing) return existing;
    const flight = start().finally(() => inflight.delete(key));
    flight.catch(() => {}); // every caller may have gone (aborted); never an unhandled rejection
    inflight.set(key, flight);
    return flight;
  };

  const cached = async <O extends Operation>(
    op: O,
    credential: Credential,
    key: string,
    call: (options?: CallOptions) => Promise<ResultByOperation[O]>,
    callOptions: CacheCallOptions | undefined,
  ): Promise<ResultByOperation[O]> => {
    const { cache: mode, signal, ...passOn } = callOptions ?? {};
    if (signal?.aborted) throw abortedError(op);
    // A shared load must not die with one caller's signal: callers abort their own wait instead.
    const sharedFetch = () => call(passOn);

    if (mode === 'bypass') {
      counters.bypass++;
      const entry = await fetchAndStore(op, key, () => call(signal ? { ...passOn, signal } : passOn), true);
      return deliver(op, entry, false);
    }

    let entry: Entry<O> | null = null;
    let storeUp = true;
    try {
      entry = decode(await store.get(key), key, op);
    } catch (err) {
      storeFailed('read', key, err);
      storeUp = false;
    }
    const now = Date.now();
    if (entry && isFresh(entry, now)) {
      counters.hits++;
      return deliver(op, entry, false);
    }
    if (entry && entry.kind === 'value' && now < entry.expiresAt + swrMs) {
      counters.stale++;
      refreshInBackground(op, key, entry, sharedFetch);
      return deliver(op, entry, false);
    }
    counters.misses++;
    const flight = singleFlight(key, () =>
      storeUp ? load(op, key, sharedFetch) : fetchAndStore(op, key, sharedFetch, false),
    );
    return deliver(op, await abortable(op, flight, signal), true);
  };

  return {
    describeTags(credential, request, callOptions) {
      if (!credential.identity) return inner.describeTags(credential, request, stripCache(callOptions));
      const key = describeTagsKey(options.keyPrefix, credential, request);
      return cached('DescribeTags', credential, key, (o) => inner.describeTags(credential, request, o), callOptions);
    },
    listTagResources(credential, request, callOptions) {
      if (!credential.identity) return inner.listTagResources(credential, request, stripCache(callOptions));
      const key = listTagResourcesKey(options.keyPrefix, credential, request);
      return cached('ListTagResources', credential, key, (o) => inner.listTagResources(credential, request, o), callOptions);
    },
    stats: () => ({ ...counters }),
  };
}

/** The entry's value (a private copy when `shared`), or its not-found error re-thrown. */
function deliver<O extends Operation>(op: O, entry: Entry<O>, shared: boolean): ResultByOperation[O] {
  if (entry.kind === 'error') throw fromCachedError(op, entry.error);
  return shared ? structuredClone(entry.value) : entry.value;
}

/** `promise`, or a rejection as soon as `signal` aborts (the underlying load goes on for the others). */
function abortable<T>(op: Operation, promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortedError(op));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(op));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** What the upstream layer throws for a cancelled call (same code, message and status). */
function abortedError(op: Operation): UpstreamError {
  return new UpstreamError({ operation: op, code: 'Aborted', message: 'The request was cancelled.', status: 499 });
}

function stripCache(options: CacheCallOptions | undefined): CallOptions | undefined {
  if (!options) return undefined;
  const { cache: _cache, ...rest } = options;
  return rest;
}
