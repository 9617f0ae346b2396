/**
 * What a caller hands every upstream call besides its request: its signal, the cache mode, its request's meter and
 * scope (the layers below report to them) and the freshness it wants. Apart from types.ts, which re-exports them.
 */
import type { RequestScope } from '../observability/request-scope.js';

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * 'bypass': skip reading the cache (an operator asked for fresh data); the upstream layer ignores it.
   * 'only': answer from the cache or reject with `notCachedError`, sending nothing upstream (the transport refuses
   * such a call when no cache layer is in front of it).
   */
  cache?: 'bypass' | 'only';
  /** The calling request's meter: counts its calls, cache hits and shared answers, and enforces its budget. */
  meter?: CallMeter;
  /** The caller wants data fetched at most this long ago: an older cache entry is refetched (cache layer only). */
  maxAgeMs?: number;
  /**
   * The calling request's scope (its ID and log-line counters): the cache layer counts its hits and misses on it,
   * the transport its attempts, and the transport's lines carry its ID. None for work of no request's.
   */
  scope?: RequestScope;
}

/**
 * What one GraphQL request's upstream cost is counted on (graph/meter.ts implements it). The layers below only
 * report to it: the transport before every attempt (retries included), the cache on every hit and every answer
 * shared with another request's call.
 */
export interface CallMeter {
  /** Before each upstream attempt: counts it, or throws (an UpstreamError) when the request's budget is spent. */
  beforeCall(operation: string): void;
  /** An answer served from the upstream cache, fetched at `fetchedAt` (epoch ms). */
  cacheHit(fetchedAt: number): void;
  /** An answer another request's in-flight call gave (single-flight, cross-request batch). */
  coalesced(): void;
  /** The time (epoch ms) an answer this request used was fetched at: the oldest one is reported. */
  fetched(fetchedAt: number): void;
  /**
   * The request used tag data of these kinds (`instance` … `cluster`) in this region of this tenant (cache layer,
   * shared batches) under write `generation` (undefined: unreadable): a write touching one drops its response.
   */
  read?(identity: string, regionId: string, kinds: readonly string[], generation: string | undefined): void;
}
