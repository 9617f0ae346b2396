/**
 * The layers' options from the validated configuration (schema.ts): SCREAMING_CASE variables in, camelCase
 * options grouped by layer out. Reads nothing from the environment itself.
 */
import { randomBytes } from 'node:crypto';
import type { AppOptions } from '../app.js';
import type { Config } from './schema.js';
import { callerSettings } from './callers.js';
import { heapBudgets, type HeapBudgets } from './heap-budgets.js';
import { readTagPolicyFile } from './tag-policy.js';
import { otlpTracesUrl, parseOtlpHeaders, type TracingOptions } from '../observability/tracing.js';

/** The layers' options from the configuration: SCREAMING_CASE in, camelCase grouped by layer out. */
export function toAppOptions(c: Config, heap: HeapBudgets = heapBudgets()): AppOptions {
  return {
    listen: { port: c.PORT, host: c.HOST },
    shutdown: { drainMs: c.SHUTDOWN_DRAIN_MS, graceMs: c.SHUTDOWN_GRACE_MS },
    readinessRequiresRedis: c.READINESS_REQUIRES_REDIS,
    http: {
      maxBodyBytes: c.MAX_BODY_BYTES,
      headersTimeoutMs: c.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: c.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: c.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: c.HTTP_MAX_CONNECTIONS,
    },
    upstream: {
      timeoutMs: c.UPSTREAM_TIMEOUT_MS,
      deadlineMs: c.UPSTREAM_DEADLINE_MS,
      maxAttempts: c.UPSTREAM_MAX_ATTEMPTS,
      backoffBaseMs: c.UPSTREAM_BACKOFF_BASE_MS,
      backoffMaxMs: c.UPSTREAM_BACKOFF_MAX_MS,
      maxConcurrency: c.UPSTREAM_MAX_CONCURRENCY,
      csMaxResourceIds: c.CS_MAX_RESOURCE_IDS,
    },
    cache: {
      enabled: c.CACHE_ENABLED,
      keyPrefix: c.CACHE_KEY_PREFIX,
      redis: c.REDIS_URL
        ? { url: c.REDIS_URL, cluster: c.REDIS_CLUSTER, commandTimeoutMs: c.CACHE_REDIS_COMMAND_TIMEOUT_MS }
        : undefined,
      memoryMaxEntries: c.CACHE_MEMORY_MAX_ENTRIES,
      memoryMaxBytes: c.CACHE_MEMORY_MAX_BYTES,
      responseMaxBytes: c.RESPONSE_CACHE_MAX_BYTES,
      decodedMaxBytes: heap.decodedBytes,
      responseMaxEntryBytes: c.RESPONSE_CACHE_MAX_ENTRY_BYTES,
      ttl: {
        describeTagsS: c.CACHE_TTL_DESCRIBE_TAGS_S,
        listTagResourcesS: c.CACHE_TTL_LIST_TAG_RESOURCES_S,
        ecsListTagResourcesS: c.CACHE_TTL_ECS_LIST_TAG_RESOURCES_S,
        describeClustersS: c.CACHE_TTL_DESCRIBE_CLUSTERS_S,
        ecsListingsS: c.CACHE_TTL_ECS_LISTINGS_S,
        negativeS: c.CACHE_NEGATIVE_TTL_S,
        refusedKeysS: c.REFUSED_KEYS_TTL_S,
        swrS: c.CACHE_SWR_S,
        recentReadMs: c.CACHE_RECENT_READ_MS,
        responseS: c.RESPONSE_CACHE_TTL_S,
      },
      lockTimeoutMs: c.CACHE_LOCK_TIMEOUT_MS,
    },
    gateway: {
      paging: {
        // Random per process when unset: cursors and IDs then do not survive a restart or cross replicas.
        cursorSecret: c.CURSOR_SECRET ?? randomBytes(32).toString('hex'),
        defaultSize: c.PAGE_SIZE_DEFAULT,
        maxSize: c.PAGE_SIZE_MAX,
      },
      limits: { maxDepth: c.MAX_DEPTH, maxAliases: c.MAX_ALIASES, maxTokens: c.MAX_TOKENS },
      security: {
        callerCredentials: c.CALLER_CREDENTIALS,
        introspection: c.INTROSPECTION,
        routerSecret: c.ROUTER_SECRET,
        blockFieldSuggestions: c.NODE_ENV === 'production',
        corsOrigins: splitList(c.CORS_ORIGINS),
      },
      federation: { enabled: c.FEDERATION, nodeFields: c.SUBGRAPH_NODE_FIELDS, typePrefix: c.SUBGRAPH_TYPE_PREFIX },
      graphiql: { enabled: c.GRAPHIQL },
      cache: { bypassToken: c.CACHE_BYPASS_TOKEN },
      cost: {
        maxUpstreamCalls: c.MAX_UPSTREAM_CALLS,
        batchWindowMs: c.BATCH_WINDOW_MS,
        freshnessFloorS: c.FRESHNESS_FLOOR_S,
      },
      admission: {
        heavyCalls: c.ADMISSION_HEAVY_CALLS,
        maxWeight: c.ADMISSION_MAX_WEIGHT,
        queueMs: c.ADMISSION_QUEUE_MS,
      },
      development: c.NODE_ENV === 'development',
      tagWrites: { enabled: tagWritesEnabled(c) },
      ...(c.TAG_POLICY_FILE ? { tagPolicy: readTagPolicyFile(c.TAG_POLICY_FILE) } : {}),
      ...callerSettings(c),
    },
    metricsEndpoint: c.METRICS_ENDPOINT || undefined,
    persisted:
      c.PERSISTED_OPERATIONS === 'off'
        ? undefined
        : { mode: c.PERSISTED_OPERATIONS, file: c.PERSISTED_OPERATIONS_FILE },
  };
}

/** Tracing's options, or undefined when it is off (no OTLP endpoint, or OTEL_SDK_DISABLED). */
export function toTracingOptions(c: Config): TracingOptions | undefined {
  const url = otlpTracesUrl(c.OTEL_EXPORTER_OTLP_ENDPOINT, c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (!url || c.OTEL_SDK_DISABLED) return undefined;
  return {
    serviceName: c.OTEL_SERVICE_NAME,
    sampleRatio: c.OTEL_TRACES_SAMPLER_ARG,
    otlp: { url, headers: parseOtlpHeaders(c.OTEL_EXPORTER_OTLP_HEADERS) },
  };
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** TAG_WRITES, or its default: on unless the gateway signs for the real cloud (credentials, no UPSTREAM_URL). */
export function tagWritesEnabled(c: Config): boolean {
  if (c.TAG_WRITES) return c.TAG_WRITES === 'enabled';
  const realCloud = Boolean(c.ALIBABA_CLOUD_ACCESS_KEY_ID && c.ALIBABA_CLOUD_ACCESS_KEY_SECRET) && !c.UPSTREAM_URL;
  return !realCloud;
}
