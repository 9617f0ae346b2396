/**
 * Composes the layers (upstream → cache → graph → yoga) and serves them over node:http. Tests, benchmarks and
 * main.ts all start the gateway through `startApp`, so they run the same wiring. The options are the layers'
 * own, grouped by layer; config/app-options.ts's `toAppOptions` makes them from the environment.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createCache, RedisStore, type Cache, type CacheOptions } from './cache/index.js';
import type { CachedTagApi } from './cache/cached-tag-api.js';
import { createGatewayMetrics } from './plugins/metrics.js';
import { loadPersistedDocuments } from './plugins/persisted-operations.js';
import type { Readiness } from './http/readiness.js';
import { Lifecycle, type ShutdownOptions } from './http/lifecycle.js';
import { DEFAULT_HTTP_LIMITS, limitBody, serverOptions, type HttpServerLimits } from './http/server-limits.js';
import { createGateway, type Gateway, type GatewaySettings } from './server.js';
import { createUpstream, type UpstreamSettings } from './upstream/index.js';
import type { Credential } from './upstream/types.js';

export interface AppOptions {
  listen: { port: number; host: string };
  shutdown: ShutdownOptions;
  /** Body size, timeouts and connection cap of the HTTP server (default: DEFAULT_HTTP_LIMITS). */
  http?: HttpServerLimits;
  upstream: UpstreamSettings;
  cache: CacheOptions;
  gateway: GatewaySettings;
  /** Prometheus metrics path; unset: no metrics. */
  metricsEndpoint?: string;
  /** Persisted operations and the allow-list file; unset: off. */
  persisted?: { mode: 'allow' | 'require'; file: string };
  /** READINESS_REQUIRES_REDIS: /ready answers 503 (not 200 degraded) while a configured Redis does not answer. */
  readinessRequiresRedis?: boolean;
}

export interface AppDeps {
  credential: Credential;
  /** The simulator's URL; unset talks to the real cloud. */
  endpointOverride?: string;
  logger: Logger;
}

export interface App {
  url: string;
  server: Server;
  gateway: Gateway;
  cache: Cache;
  /** The cached upstream API (its `stats()` are the cache counters). */
  api: CachedTagApi;
  /** The graceful stop (SIGTERM): /ready turns 503, drain, in-flight requests finish within the grace, Redis closes. */
  shutdown(): Promise<{ cut: number }>;
  /** The abrupt stop (tests): every connection cut at once. */
  close(): Promise<void>;
}

const STARTUP_REDIS_WAIT_MS = 2_000;

export const DEFAULT_OPERATION = new URL('../examples/operations/tagCatalog.graphql', import.meta.url);
/** GraphiQL's further tabs: the example mutations (docs/writes.md). */
export const EXAMPLE_TABS = ['tagResources', 'untagResources', 'setResourceTags'].map(
  (name) => new URL(`../examples/operations/${name}.graphql`, import.meta.url),
);

export async function startApp(options: AppOptions, deps: AppDeps): Promise<App> {
  const metrics = createGatewayMetrics();
  const upstream = createUpstream({
    ...options.upstream,
    endpointOverride: deps.endpointOverride,
    logger: deps.logger.child({ component: 'upstream' }),
    onCall: metrics.onUpstreamCall,
  });
  const cache = createCache(options.cache, deps.logger);
  // Give Redis a moment to connect before traffic arrives (else the first requests trip the breaker); a Redis
  // that is down does not hold the start-up: the gateway serves without it.
  if (!(await cache.ready(STARTUP_REDIS_WAIT_MS))) {
    deps.logger.warn(`cache: Redis not reachable within ${STARTUP_REDIS_WAIT_MS} ms; serving without it until it is`);
  }
  const api = cache.wrap(upstream);
  metrics.watchCache(() => api.stats());
  metrics.watchBreaker(() => (cache.store instanceof RedisStore ? cache.store.breakerState : undefined));
  const readiness = readinessCheck(cache, deps.logger, options.readinessRequiresRedis ?? false);
  metrics.watchDegraded(readiness.degraded);
  const { gateway: settings, persisted } = options;
  const limits = options.http ?? DEFAULT_HTTP_LIMITS;
  const server = createServer(serverOptions(limits));
  server.maxConnections = limits.maxConnections;
  const lifecycle = new Lifecycle(server);
  const gateway = createGateway({
    ...settings,
    graphiql: {
      ...settings.graphiql,
      defaultQuery: settings.graphiql.defaultQuery ?? readDefaultQuery(),
      exampleTabs: settings.graphiql.exampleTabs ?? readExampleTabs(),
    },
    api,
    csMaxResourceIds: options.upstream.csMaxResourceIds,
    credential: deps.credential,
    logger: deps.logger.child({ component: 'yoga' }),
    // RESPONSE_CACHE_TTL_S=0 turns the response cache off like CACHE_ENABLED=false does.
    responseCache:
      options.cache.enabled && options.cache.ttl.responseS > 0
        ? {
            store: cache.responses,
            ttlS: options.cache.ttl.responseS,
            maxEntryBytes: options.cache.responseMaxEntryBytes,
          }
        : undefined,
    metrics: options.metricsEndpoint ? { metrics, endpoint: options.metricsEndpoint } : undefined,
    persisted: persisted && { mode: persisted.mode, documents: loadPersistedDocuments(persisted.file) },
    readiness: () => readiness.check(lifecycle),
    redis: cache.store instanceof RedisStore ? cache.store : undefined,
    writes: { api: upstream, invalidator: cache.writes },
  });
  server.on('request', limitBody(gateway, limits.maxBodyBytes));
  const app = await listen(server, options.listen, { gateway, cache, api });
  return {
    ...app,
    shutdown: async () => {
      const result = await lifecycle.shutdown(options.shutdown);
      await cache.close();
      return result;
    },
  };
}

const REDIS_DOWN = 'the cache store (Redis) does not answer';

/**
 * /ready's check (http/readiness.ts): not ready only while draining (or, opted in, while Redis is down); a Redis
 * outage is otherwise `degraded`, logged once when it starts and once when it ends, and shown as a metric.
 */
function readinessCheck(cache: Cache, logger: Logger, requiresRedis: boolean) {
  let redisDown = false;
  const probe = async () => {
    const down = !(await cache.healthy().catch(() => false));
    if (down !== redisDown) {
      if (down) logger.warn(`readiness: degraded, ${REDIS_DOWN}; serving from the in-memory cache`);
      else logger.info('readiness: the cache store (Redis) answers again');
      redisDown = down;
    }
    return down;
  };
  return {
    /** The reasons the gateway answers degraded, for the metric (probes Redis). */
    degraded: async () => ((await probe()) ? ['redis'] : []),
    check: async (lifecycle: Lifecycle): Promise<Readiness> => {
      if (lifecycle.draining) return { ready: false, reason: 'shutting down' };
      if (!(await probe())) return { ready: true };
      return requiresRedis ? { ready: false, reason: REDIS_DOWN } : { ready: true, degraded: [REDIS_DOWN] };
    },
  };
}

async function listen(
  server: Server,
  at: AppOptions['listen'],
  parts: Pick<App, 'gateway' | 'cache' | 'api'>,
): Promise<Omit<App, 'shutdown'>> {
  // A port in use is an 'error' event, not a throw: without a listener it would crash with a raw stack.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = at.host === '0.0.0.0' || at.host === '::' ? 'localhost' : at.host;
  return {
    ...parts,
    url: `http://${host}:${port}/graphql`,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await parts.cache.close();
    },
  };
}

function readDefaultQuery(): string | undefined {
  try {
    return readFileSync(DEFAULT_OPERATION, 'utf8');
  } catch {
    return undefined;
  }
}

function readExampleTabs(): string[] {
  return EXAMPLE_TABS.flatMap((url) => {
    try {
      return [readFileSync(url, 'utf8')];
    } catch {
      return [];
    }
  });
}
