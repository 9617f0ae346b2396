/**
 * Prometheus metrics at METRICS_ENDPOINT (default /metrics): GraphQL request durations and errors (graphql-metrics.ts) plus
 * what an operator alerts on: upstream calls by operation, region and outcome, their duration, both cache layers'
 * hits and misses, the Redis circuit breaker's state, requests in flight, and requests refused (401, 429).
 * Each gateway has its own registry, so several gateways in one process never clash. docs/operating.md "Observe it" lists
 * every metric.
 */
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../cache/stores/breaker.js';
import type { CacheStats } from '../cache/cached-tag-api.js';
import {
  NOT_MODIFIED,
  responseCacheOutcome,
  type ResponseCacheOutcome,
} from '../observability/response-cache-outcome.js';
import type { UpstreamCallEvent } from '../upstream/transport.js';
import { boundedLabel, useGraphqlMetrics } from './graphql-metrics.js';

/**
 * Why a request was refused before any work. 401 and 429 answers are counted from their status by this
 * module's plugin, so the authentication and rate-limit plugins need not call `onRejected` for them.
 */
export type RejectReason = 'unauthenticated' | 'rate_limited' | (string & {});

export interface GatewayMetrics {
  registry: Registry;
  /** Feed it every upstream attempt (UpstreamOptions.onCall). */
  onUpstreamCall: (event: UpstreamCallEvent) => void;
  /** Reads the cache counters at each scrape. */
  watchCache: (stats: () => CacheStats) => void;
  /** Reads the Redis circuit breaker's state at each scrape (undefined: no Redis, no series). */
  watchBreaker: (state: () => BreakerState | undefined) => void;
  /** Reads, at each scrape, what the gateway runs without (e.g. `redis`): `tag_gateway_degraded{reason}` 1. */
  watchDegraded: (reasons: () => Promise<string[]>) => void;
  /** Counts a refused request; for refusals other than 401/429, which the plugin counts itself. */
  onRejected: (reason: RejectReason) => void;
  /** The plugin's: a GraphQL response-cache answer. */
  onResponseCache: (outcome: ResponseCacheOutcome) => void;
  /** The plugin's: a request arrived; call the result when it is answered. */
  requestStarted: () => () => void;
  /** A tag mutation ended (operation: tagResources…, outcome: ok, partial, failed, dry_run, conflict, forbidden, refused). */
  onTagWrite: (operation: string, outcome: string) => void;
}

const CACHE_EVENTS: Record<keyof CacheStats, string> = {
  hits: 'hit',
  misses: 'miss',
  stale: 'stale',
  errors: 'error',
  bypass: 'bypass',
};
const BREAKER_STATES: BreakerState[] = ['closed', 'half-open', 'open'];
/** Region IDs come from callers: past this many distinct ones, further regions count as "other". */
export const MAX_REGION_LABELS = 64;
const REJECTED_BY_STATUS: Record<number, RejectReason> = { 401: 'unauthenticated', 429: 'rate_limited' };

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const upstream = upstreamMetrics(registry);
  let readStats: (() => CacheStats) | undefined;
  let readBreaker: (() => BreakerState | undefined) | undefined;
  const seen: Record<string, number> = {};
  new Counter({
    name: 'tag_gateway_upstream_cache_events_total',
    help: 'Upstream-response cache events: hit, miss, stale (served while refreshing), error (store failure), bypass.',
    labelNames: ['event'],
    registers: [registry],
    collect() {
      const stats = readStats?.();
      if (!stats) return;
      for (const [field, event] of Object.entries(CACHE_EVENTS)) {
        const value = stats[field as keyof CacheStats];
        const delta = value - (seen[event] ?? 0);
        if (delta > 0) this.inc({ event }, delta);
        seen[event] = value;
      }
    },
  });
  new Gauge({
    name: 'tag_gateway_cache_breaker_state',
    help: 'The Redis circuit breaker: 1 for its current state (closed, half-open, open), 0 for the others. Absent without Redis.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const current = readBreaker?.();
      if (current) for (const state of BREAKER_STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });
  let readDegraded: (() => Promise<string[]>) | undefined;
  new Gauge({
    name: 'tag_gateway_degraded',
    help: 'Parts the gateway answers without (reason="redis": the cache store does not answer, the in-memory fallback serves): a series of 1 for each part missing at the scrape, none when nothing is.',
    labelNames: ['reason'],
    registers: [registry],
    async collect() {
      const reasons = (await readDegraded?.()) ?? [];
      this.reset();
      for (const reason of reasons) this.set({ reason }, 1);
    },
  });
  const responseCache = new Counter({
    name: 'tag_gateway_response_cache_events_total',
    help: 'GraphQL response cache answers: hit (served without executing, 304s included) or miss.',
    labelNames: ['event'],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'tag_gateway_requests_rejected_total',
    help: 'Requests refused before any work, by reason: unauthenticated (401), rate_limited (429), overloaded (503, admission by weight), others.',
    labelNames: ['reason'],
    registers: [registry],
  });
  const tagWrites = new Counter({
    name: 'tag_gateway_tag_writes_total',
    help: 'Tag mutations by operation and outcome (ok, partial, failed, dry_run, conflict, forbidden, refused).',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'tag_gateway_requests_in_flight',
    help: 'HTTP requests being served (a scrape counts itself).',
    registers: [registry],
  });
  return {
    registry,
    onUpstreamCall: upstream,
    watchCache: (stats) => {
      readStats = stats;
    },
    watchBreaker: (state) => {
      readBreaker = state;
    },
    watchDegraded: (reasons) => {
      readDegraded = reasons;
    },
    onRejected: (reason) => rejected.inc({ reason }),
    onResponseCache: (outcome) => responseCache.inc({ event: outcome }),
    onTagWrite: (operation, outcome) => tagWrites.inc({ operation, outcome }),
    requestStarted: () => {
      inFlight.inc();
      return () => inFlight.dec();
    },
  };
}

/** Upstream attempts by operation, status, code and region, and their duration. */
function upstreamMetrics(registry: Registry): (event: UpstreamCallEvent) => void {
  const calls = new Counter({
    name: 'tag_gateway_upstream_calls_total',
    help: `Upstream attempts by operation, HTTP status (0: no answer), error code and region (at most ${MAX_REGION_LABELS} regions, then "other").`,
    labelNames: ['operation', 'status', 'code', 'region'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tag_gateway_upstream_call_duration_seconds',
    help: 'Duration of upstream attempts.',
    labelNames: ['operation'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const regionLabel = boundedLabel(MAX_REGION_LABELS);
  return (e) => {
    calls.inc({
      operation: e.operation,
      status: String(e.status),
      code: e.code ?? '',
      region: regionLabel(e.regionId),
    });
    duration.observe({ operation: e.operation }, e.durationMs / 1000);
  };
}

/** The request-level metrics: GraphQL requests (graphql-metrics.ts, serving the registry), in flight, refusals, response cache. */
export function useMetrics(metrics: GatewayMetrics, endpoint: string): Plugin {
  const answered = new WeakMap<Request, () => void>();
  const requestMetrics: Plugin = {
    onRequest({ request }) {
      answered.set(request, metrics.requestStarted());
    },
    onResultProcess({ result }) {
      const outcome = responseCacheOutcome(result);
      if (outcome) metrics.onResponseCache(outcome);
    },
    onResponse({ request, response }) {
      answered.get(request)?.();
      answered.delete(request);
      const reason = REJECTED_BY_STATUS[response.status];
      if (reason) metrics.onRejected(reason);
      if (response.status === NOT_MODIFIED) metrics.onResponseCache('hit');
    },
  };
  return {
    onPluginInit({ addPlugin }) {
      // In flight first: a scrape counts itself.
      addPlugin(requestMetrics);
      addPlugin(useGraphqlMetrics(metrics.registry, endpoint));
    },
  };
}
