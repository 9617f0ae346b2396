/**
 * A TagApi in front of another TagApi. Per call:
 *
 * 1. Bypass (`{ cache: 'bypass' }`): skip the read, call upstream, still write the answer.
 * 2. Fresh entry: serve it (a cached not-found is re-thrown as an equal UpstreamError).
 * 3. Stale entry within CACHE_SWR_S after expiry: serve it at once and refresh it in the background, once
 *    (one refresh per key per process, and across processes only the holder of the store lock refreshes).
 * 4. Miss: one load per key per process (single-flight), and across processes one holder of the store lock
 *    calls upstream, renewing the lock (lifetime CACHE_LOCK_TIMEOUT_MS) while it does, and the others wait for
 *    its value; if the lock disappears without a value (holder failed, or crashed and stopped renewing) a
 *    waiter takes the lock over.
 *
 * The store is never a reason to fail: any store error counts in `stats().errors` and the call goes upstream
 * (without lock and without write when even the read failed). Only results and not-found answers are written.
 *
 * This module composes the parts: `SingleFlight` (single-flight.ts), `LockedLoader` (locked-load.ts, with
 * `LockLease` renewing the lock), `BackgroundRefresher` (swr-refresh.ts), `Fetcher` and negative caching
 * (fetch-and-store.ts, negative.ts), `EntryStore` (entry-store.ts); the per-operation part is the table in
 * operations.ts.
 */
import { BoundedMemo } from '../upstream/memo.js';
import { traceCacheLookup, type LookupOutcome } from '../observability/spans.js';
import { abortedError, notCachedError, UpstreamError, type ReadOperation as Operation } from '../upstream/errors.js';
import type {
  CallMeter,
  CallOptions,
  Credential,
  DescribeClustersRequest,
  DescribeTagsRequest,
  EcsResourcesRequest,
  EcsTagResourcesRequest,
  ListTagResourcesRequest,
  TagApi,
} from '../upstream/types.js';
import { ECS_LISTING_OPERATION } from '../upstream/types.js';
import type { CachedTagApi, CachedTagApiOptions, CacheStats } from './cached-tag-api-types.js';
import { abortable, stripCache, type CacheCallOptions } from './call-options.js';
import { fromCachedError, isFresh, type Entry, type ResultByOperation } from './entry.js';
import { EntryStore } from './entry-store.js';
import { markFetchedAt } from './fetched-at.js';
import { Fetcher, type LoadJob } from './loads/fetch-and-store.js';
import { LockedLoader } from './loads/locked-load.js';
import { CACHED_OPERATIONS, type RequestByOperation } from './operations.js';
import { createMemoryGenerations, type Generations } from './generations.js';
import { generationKinds, withGeneration } from './keys.js';
import { SingleFlight } from './loads/single-flight.js';
import type { CacheStore } from './stores/store.js';
import { BackgroundRefresher } from './loads/swr-refresh.js';

export type { CacheCallOptions } from './call-options.js';
export { isNegativeCacheable } from './loads/negative.js';
export { REFRESH_RETRY_MS } from './loads/swr-refresh.js';

export type { CachedTagApi, CachedTagApiOptions, CacheStats } from './cached-tag-api-types.js';

export function createCachedTagApi(inner: TagApi, store: CacheStore, options: CachedTagApiOptions): CachedTagApi {
  return new CachingTagApi(inner, store, options);
}

class CachingTagApi implements CachedTagApi {
  readonly #counters = { hits: 0, misses: 0, stale: 0, bypass: 0 };
  readonly #swrMs: number;
  readonly #entries: EntryStore;
  readonly #fetcher: Fetcher;
  readonly #flights = new SingleFlight<Entry>();
  readonly #locked: LockedLoader;
  readonly #refresher: BackgroundRefresher;
  readonly #generations: Generations;
  readonly #baseKeys = new BaseKeyMemo();

  constructor(
    private readonly inner: TagApi,
    store: CacheStore,
    private readonly options: CachedTagApiOptions,
  ) {
    this.#swrMs = options.swrS * 1000;
    this.#generations = options.generations ?? createMemoryGenerations();
    this.#entries = new EntryStore(store, options.logger, options.decodedMaxBytes, options.recentReadMs);
    this.#fetcher = new Fetcher(this.#entries, { swrMs: this.#swrMs, negativeTtlMs: options.negativeTtlS * 1000 });
    this.#locked = new LockedLoader(this.#entries, this.#fetcher, options.lockTimeoutMs, options.logger);
    this.#refresher = new BackgroundRefresher(
      this.#entries,
      this.#fetcher,
      this.#locked,
      (key) => this.#flights.has(key),
      options.logger,
    );
  }

  describeTags(credential: Credential, request: DescribeTagsRequest, options?: CacheCallOptions) {
    return this.#call('DescribeTags', credential, request, options);
  }

  listTagResources(credential: Credential, request: ListTagResourcesRequest, options?: CacheCallOptions) {
    return this.#call('ListTagResources', credential, request, options);
  }

  listEcsTagResources(credential: Credential, request: EcsTagResourcesRequest, options?: CacheCallOptions) {
    return this.#call('EcsListTagResources', credential, request, options);
  }

  describeClusters(credential: Credential, request: DescribeClustersRequest, options?: CacheCallOptions) {
    return this.#call('DescribeClustersV1', credential, request, options);
  }

  listEcsResources(credential: Credential, request: EcsResourcesRequest, options?: CacheCallOptions) {
    return this.#call(ECS_LISTING_OPERATION[request.resourceType], credential, request, options);
  }

  stats(): CacheStats {
    return { ...this.#counters, errors: this.#entries.errors };
  }

  /** One call of any cached operation: the table row gives its call, key and TTL. */
  #call<O extends Operation>(
    op: O,
    credential: Credential,
    request: RequestByOperation[O],
    callOptions: CacheCallOptions | undefined,
  ): Promise<ResultByOperation[O]> {
    const operation = CACHED_OPERATIONS[op];
    // No identity, no key that keeps tenants apart: not cached.
    if (!credential.identity) return this.#uncached(op, credential, request, callOptions);
    const ttlMs = operation.ttlS(this.options) * 1000;
    const call = (o?: CallOptions) => operation.call(this.inner, credential, request, o);
    // Observability: a span per lookup, and the request's hit/miss counts.
    return traceCacheLookup(op, request.regionId, callOptions?.scope, async (outcome) => {
      const key = await this.#key(op, credential, request, callOptions?.meter);
      // No generation (the store cannot answer): no key that a write is sure to have moved, so not cached.
      if (key === undefined) {
        if (callOptions?.cache !== 'only') {
          this.#counters.bypass++;
          outcome('bypass');
        }
        return this.#uncached(op, credential, request, callOptions);
      }
      return this.#cached(op, key, ttlMs, call, callOptions, outcome);
    });
  }

  /** A call this layer does not cache: straight to the layer below (refused for a caller of cached answers only). */
  async #uncached<O extends Operation>(
    op: O,
    credential: Credential,
    request: RequestByOperation[O],
    callOptions: CacheCallOptions | undefined,
  ): Promise<ResultByOperation[O]> {
    return CACHED_OPERATIONS[op].call(this.inner, credential, request, stripCache(op, callOptions));
  }

  /** The entry's key under the current generation of what its answer depends on; undefined if unknown. */
  async #key<O extends Operation>(
    op: O,
    credential: Credential,
    request: RequestByOperation[O],
    meter: CallMeter | undefined,
  ) {
    const base = this.#baseKeys.key(op, credential, request, () =>
      CACHED_OPERATIONS[op].key(this.options.keyPrefix, credential, request),
    );
    const kinds = generationKinds(op, request as { resourceType?: string });
    try {
      const generation = await this.#generations.read(credential.identity, request.regionId, kinds);
      meter?.read?.(credential.identity, request.regionId, kinds, generation);
      return withGeneration(base, generation);
    } catch {
      meter?.read?.(credential.identity, request.regionId, kinds, undefined);
      return undefined;
    }
  }

  async #cached<O extends Operation>(
    op: O,
    key: string,
    ttlMs: number,
    call: (options?: CallOptions) => Promise<ResultByOperation[O]>,
    callOptions: CacheCallOptions | undefined,
    outcome: (o: LookupOutcome) => void,
  ): Promise<ResultByOperation[O]> {
    const { cache: mode, signal, meter, scope, maxAgeMs, ...passOn } = callOptions ?? {};
    if (signal?.aborted) throw abortedError(op);
    // This caller's own call (its signal, meter and scope), written back for the others.
    const own = async () =>
      deliver(
        op,
        await this.#fetcher.fetch({ op, key, ttlMs, fetch: () => call({ ...passOn, signal, meter, scope }) }, true),
        false,
        meter,
      );
    if (mode === 'bypass') {
      this.#counters.bypass++;
      outcome('bypass');
      return own();
    }
    // A shared load must not die with one caller's signal: callers abort their own wait instead. Its calls count
    // on the meter and scope of the request that started it; a background refresh (`passOn` alone) on none.
    const job: LoadJob<O> = {
      op,
      key,
      ttlMs,
      fetch: () => call(meter || scope ? { ...passOn, meter, scope } : passOn),
    };

    const entry = await this.#entries.tryRead(op, key);
    const now = Date.now();
    // A caller asking for fresher data (Cache-Control: max-age) refetches when the entry is older: single-flighted
    // like a miss (concurrent identical refreshes share one call, issue 19 item 5), apart from the miss flights,
    // which may answer from the store what another process wrote, however old.
    // Nothing servable now for a caller that wants cached answers only: it is told so, and nothing counts.
    if (mode === 'only' && !(entry && this.#servable(entry, now, maxAgeMs))) throw notCachedError(op);
    if (entry && maxAgeMs !== undefined && now - entry.fetchedAt > maxAgeMs) {
      this.#counters.misses++;
      outcome('miss');
      return this.#sharedLoad(op, `refresh\n${key}`, () => this.#fetcher.fetch(job, true), signal, meter, own);
    }
    if (entry && isFresh(entry, now)) {
      this.#counters.hits++;
      outcome('hit');
      meter?.cacheHit(entry.fetchedAt);
      return deliver(op, entry, false, meter);
    }
    if (entry && entry.kind === 'value' && now < entry.expiresAt + this.#swrMs) {
      this.#counters.stale++;
      outcome('stale');
      meter?.cacheHit(entry.fetchedAt);
      this.#refresher.refresh({ ...job, fetch: () => call(passOn) }, entry);
      return deliver(op, entry, false, meter);
    }
    this.#counters.misses++;
    outcome('miss');
    // `undefined`: the read failed, so the store is down: no lock and no write either.
    const storeUp = entry !== undefined;
    const start = () => (storeUp ? this.#locked.load(job) : this.#fetcher.fetch(job, false));
    return this.#sharedLoad(op, key, start, signal, meter, own);
  }

  /** Whether `entry` is answered without a load: fresh, or stale within CACHE_SWR_S, and young enough for `maxAgeMs`. */
  #servable(entry: Entry, now: number, maxAgeMs: number | undefined): boolean {
    if (maxAgeMs !== undefined && now - entry.fetchedAt > maxAgeMs) return false;
    return isFresh(entry, now) || (entry.kind === 'value' && now < entry.expiresAt + this.#swrMs);
  }

  /** Joins the running load of `flightKey` (counted as coalesced) or starts it; each caller waits on its own signal. */
  async #sharedLoad<O extends Operation>(
    op: O,
    flightKey: string,
    start: () => Promise<Entry<O>>,
    signal: AbortSignal | undefined,
    meter: CallMeter | undefined,
    own: () => Promise<ResultByOperation[O]>,
  ): Promise<ResultByOperation[O]> {
    const joined = this.#flights.has(flightKey);
    if (joined) meter?.coalesced();
    const flight = this.#flights.run(flightKey, start);
    try {
      return deliver(op, await abortable(op, flight, signal), true, meter);
    } catch (err) {
      // The request that started the shared load ran out of budget: this one's own budget decides for itself.
      if (joined && err instanceof UpstreamError && err.isBudgetExceeded) return own();
      throw err;
    }
  }
}

/** The entry's value (a private copy when `shared`, marked with its fetch time), or its not-found error re-thrown. */
function deliver<O extends Operation>(
  op: O,
  entry: Entry<O>,
  shared: boolean,
  meter?: CallMeter,
): ResultByOperation[O] {
  meter?.fetched(entry.fetchedAt);
  if (entry.kind === 'error') throw fromCachedError(op, entry.error);
  return markFetchedAt(shared ? structuredClone(entry.value) : entry.value, entry.fetchedAt);
}

/** Base keys remembered per credential (by their request's plain JSON). */
const REMEMBERED_KEYS = 4_096;

/**
 * Canonical JSON and a SHA-256 for every lookup were a tenth of a warm request's own CPU (issue 18's profile): the
 * same few requests come back, so their keys are remembered, per credential object (its scope is in the key).
 * A request spelled with another field order only misses the memo; its key is the same canonical one.
 */
class BaseKeyMemo {
  readonly #byCredential = new WeakMap<Credential, BoundedMemo<string>>();

  key(op: Operation, credential: Credential, request: object, build: () => string): string {
    let keys = this.#byCredential.get(credential);
    if (!keys) this.#byCredential.set(credential, (keys = new BoundedMemo(REMEMBERED_KEYS)));
    return keys.get(`${op}\n${JSON.stringify(request)}`, build);
  }
}
