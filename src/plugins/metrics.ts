/**
 * Prometheus metrics at METRICS_ENDPOINT (default /metrics): yoga's own (request durations, phases, errors) plus
 * the gateway's: upstream calls by operation and outcome, their duration, and the upstream cache's counters.
 * Each gateway has its own registry, so several gateways in one process never clash.
 */
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { Counter, Histogram, Registry } from 'prom-client';
import type { CacheStats } from '../cache/cached-tag-api.js';
import type { UpstreamCallEvent } from '../upstream/transport.js';

export interface GatewayMetrics {
  registry: Registry;
  /** Feed it every upstream attempt (UpstreamOptions.onCall). */
  onUpstreamCall: (event: UpstreamCallEvent) => void;
  /** Reads the cache counters at each scrape. */
  watchCache: (stats: () => CacheStats) => void;
}

const CACHE_EVENTS: Record<keyof CacheStats, string> = { hits: 'hit', misses: 'miss', stale: 'stale', errors: 'error', bypass: 'bypass' };

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const calls = new Counter({
    name: 'tag_gateway_upstream_calls_total',
    help: 'Upstream attempts by operation, HTTP status (0: no answer) and error code.',
    labelNames: ['operation', 'status', 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tag_gateway_upstream_call_duration_seconds',
    help: 'Duration of upstream attempts.',
    labelNames: ['operation'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  let readStats: (() => CacheStats) | undefined;
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
  return {
    registry,
    onUpstreamCall: (e) => {
      calls.inc({ operation: e.operation, status: String(e.status), code: e.code ?? '' });
      duration.observe({ operation: e.operation }, e.durationMs / 1000);
    },
    watchCache: (stats) => {
      readStats = stats;
    },
  };
}

export function useMetrics(metrics: GatewayMetrics, endpoint: string): Plugin {
  return usePrometheus({ endpoint, registry: metrics.registry });
}
