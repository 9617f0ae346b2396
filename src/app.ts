/**
 * Composes the layers (upstream → cache → graph → yoga) and serves them over node:http. Tests, benchmarks and
 * main.ts all start the gateway through `startApp`, so they run the same wiring.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createCache, type Cache } from './cache/index.js';
import { RedisStore } from './cache/redis-store.js';
import { createGatewayMetrics } from './plugins/metrics.js';
import { loadPersistedDocuments } from './plugins/persisted-operations.js';
import { createResponseCache } from './plugins/response-cache.js';
import type { Config } from './config.js';
import { createGateway, type Gateway } from './server.js';
import { createUpstream } from './upstream/index.js';
import type { CachedTagApi } from './cache/cached-tag-api.js';
import type { Credential } from './upstream/types.js';

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
  close(): Promise<void>;
}

const STARTUP_REDIS_WAIT_MS = 2_000;

export const DEFAULT_OPERATION = new URL('../examples/operations/tagCatalog.graphql', import.meta.url);

export async function startApp(config: Config, deps: AppDeps): Promise<App> {
  const metrics = createGatewayMetrics();
  const upstream = createUpstream({
    endpointOverride: deps.endpointOverride,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    deadlineMs: config.UPSTREAM_DEADLINE_MS,
    maxAttempts: config.UPSTREAM_MAX_ATTEMPTS,
    backoffBaseMs: config.UPSTREAM_BACKOFF_BASE_MS,
    backoffMaxMs: config.UPSTREAM_BACKOFF_MAX_MS,
    maxConcurrency: config.UPSTREAM_MAX_CONCURRENCY,
    csMaxResourceIds: config.CS_MAX_RESOURCE_IDS,
    logger: deps.logger.child({ component: 'upstream' }),
    onCall: metrics.onUpstreamCall,
  });
  const cache = createCache(config, deps.logger);
  // Give Redis a moment to connect before traffic arrives (else the first requests trip the breaker); a Redis
  // that is down does not hold the start-up: the gateway serves without it.
  if (!(await cache.ready(STARTUP_REDIS_WAIT_MS))) {
    deps.logger.warn(`cache: Redis not reachable within ${STARTUP_REDIS_WAIT_MS} ms; serving without it until it is`);
  }
  const api = cache.wrap(upstream);
  metrics.watchCache(() => api.stats());
  const redis = cache.store instanceof RedisStore ? cache.store : undefined;
  const responseCache = createResponseCache({
    redis,
    keyPrefix: config.CACHE_KEY_PREFIX,
    maxEntries: config.CACHE_MEMORY_MAX_ENTRIES,
    logger: deps.logger,
  });
  const gateway = createGateway({
    api,
    credential: deps.credential,
    cursorSecret: config.CURSOR_SECRET ?? randomBytes(32).toString('hex'),
    csMaxResourceIds: config.CS_MAX_RESOURCE_IDS,
    callerCredentials: config.CALLER_CREDENTIALS,
    pageSizeDefault: config.PAGE_SIZE_DEFAULT,
    pageSizeMax: config.PAGE_SIZE_MAX,
    federation: config.FEDERATION,
    nodeFields: config.SUBGRAPH_NODE_FIELDS,
    graphiql: config.GRAPHIQL,
    defaultQuery: readDefaultQuery(),
    introspection: config.INTROSPECTION,
    corsOrigins: splitList(config.CORS_ORIGINS),
    maxDepth: config.MAX_DEPTH,
    maxAliases: config.MAX_ALIASES,
    maxTokens: config.MAX_TOKENS,
    production: config.NODE_ENV === 'production',
    development: config.NODE_ENV === 'development',
    logger: deps.logger.child({ component: 'yoga' }),
    responseCache: config.CACHE_ENABLED ? { cache: responseCache, ttlS: config.RESPONSE_CACHE_TTL_S } : undefined,
    bypassToken: config.CACHE_BYPASS_TOKEN,
    metrics: config.METRICS_ENDPOINT ? { metrics, endpoint: config.METRICS_ENDPOINT } : undefined,
    persisted:
      config.PERSISTED_OPERATIONS === 'off'
        ? undefined
        : { mode: config.PERSISTED_OPERATIONS, documents: loadPersistedDocuments(config.PERSISTED_OPERATIONS_FILE) },
  });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const { port } = server.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  return {
    url: `http://${host}:${port}/graphql`,
    server,
    gateway,
    cache,
    api,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cache.close();
    },
  };
}

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function readDefaultQuery(): string | undefined {
  try {
    return readFileSync(DEFAULT_OPERATION, 'utf8');
  } catch {
    return undefined;
  }
}
