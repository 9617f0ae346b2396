/**
 * Every configuration knob as a zod schema: its name, default and range. Each knob has a default that works
 * (`npm start` on a fresh machine needs none of them), written here once, or taken from the layer that owns it
 * (UPSTREAM_DEFAULTS, COST_DEFAULTS, DEFAULT_HTTP_LIMITS). Parsing the environment is load.ts's job.
 */
import { z } from 'zod';
import { DEFAULT_HTTP_LIMITS as HTTP } from '../http/server-limits.js';
import { parseOtlpHeaders } from '../observability/tracing.js';
import { heapBudgets } from './heap-budgets.js';
import { ADMISSION_DEFAULTS as ADMISSION } from '../plugins/admission.js';
import { COST_DEFAULTS as COST } from '../plugins/upstream-cost.js';
import { TYPE_PREFIX_PATTERN } from '../graph/federation/type-prefix.js';
import { UPSTREAM_DEFAULTS as UP } from '../upstream/index.js';

const MiB = 1024 * 1024;
/** The defaults that follow this process's heap (--max-old-space-size). */
const HEAP = heapBudgets();

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const configSchema = z.object({
  // --- server ---
  PORT: int(4000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  /** On SIGTERM/SIGINT: /ready answers 503 at once; new connections are still taken for this long (so load balancers
   * see the 503 and stop sending), then refused. */
  SHUTDOWN_DRAIN_MS: int(2_000, 0, 60_000),
  /** After the drain, in-flight requests get this long to finish before their connections are cut. */
  SHUTDOWN_GRACE_MS: int(25_000, 0, 600_000),
  /** /ready answers 503 while a configured Redis does not answer (default: 200 `degraded`, the memory cache serves). */
  READINESS_REQUIRES_REDIS: bool(false),
  /** production (default) masks unexpected errors; development shows their message and stack. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Request bodies over this many bytes are refused with 413 before they are parsed. */
  MAX_BODY_BYTES: int(HTTP.maxBodyBytes, 1_024, 64 * MiB),
  /** Time a client has to send a request's headers, and its whole request (body included). */
  HTTP_HEADERS_TIMEOUT_MS: int(HTTP.headersTimeoutMs, 100, 600_000),
  HTTP_REQUEST_TIMEOUT_MS: int(HTTP.requestTimeoutMs, 100, 3_600_000),
  /** An idle keep-alive connection is closed after this. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(HTTP.keepAliveTimeoutMs, 100, 600_000),
  /** Open connections at most; more are closed as soon as they are accepted. */
  HTTP_MAX_CONNECTIONS: int(HTTP.maxConnections, 1, 1_000_000),

  // --- credentials (none set: the embedded simulator and its demo keys) ---
  ALIBABA_CLOUD_ACCESS_KEY_ID: optionalString,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: optionalString,
  ALIBABA_CLOUD_SECURITY_TOKEN: optionalString,
  /** Let callers sign with their own keys (x-alibaba-cloud-access-key-id/-secret headers); each is its own tenant. */
  CALLER_CREDENTIALS: bool(false),

  // --- upstream ---
  /** Send every call to this simulator URL instead of the real regional endpoints. */
  UPSTREAM_URL: optionalString.pipe(z.string().url().optional()),
  UPSTREAM_TIMEOUT_MS: int(UP.timeoutMs, 100, 120_000),
  UPSTREAM_DEADLINE_MS: int(UP.deadlineMs, 100, 300_000),
  UPSTREAM_MAX_ATTEMPTS: int(UP.maxAttempts, 1, 10),
  UPSTREAM_BACKOFF_BASE_MS: int(UP.backoffBaseMs, 1, 10_000),
  UPSTREAM_BACKOFF_MAX_MS: int(UP.backoffMaxMs, 1, 60_000),
  UPSTREAM_MAX_CONCURRENCY: int(UP.maxConcurrency, 1, 256),
  /** Cluster IDs per ListTagResources call: the upstream's cap and the loaders' batch size. */
  CS_MAX_RESOURCE_IDS: int(UP.csMaxResourceIds, 1, 1000),

  // --- embedded simulator (used when no credentials are set and UPSTREAM_URL is empty) ---
  SIMULATOR_SEED: int(42, 0, 2 ** 31 - 1),
  SIMULATOR_SIZE: int(1, 1, 100),

  // --- graph ---
  PAGE_SIZE_DEFAULT: int(20, 1, 1000),
  PAGE_SIZE_MAX: int(100, 1, 1000),
  /** HMAC key for cursors and global IDs; random per process when unset (set it when running replicas). */
  CURSOR_SECRET: optionalString.pipe(z.string().min(16).optional()),
  /** Serve the Federation 2 subgraph fields (_service, _entities); false serves a plain schema. */
  FEDERATION: bool(true),
  /** Federated mode: Query.node/nodes in the subgraph SDL: omit (default; direct clients keep them), keep, rename. */
  SUBGRAPH_NODE_FIELDS: z.enum(['omit', 'keep', 'rename']).default('omit'),
  /** Federated mode: prefix for every type name of ours (e.g. Alibaba → AlibabaTag), so foreign `Tag`s compose. */
  SUBGRAPH_TYPE_PREFIX: z
    .string()
    .regex(TYPE_PREFIX_PATTERN, 'must be empty or a GraphQL name, e.g. Alibaba')
    .default(''),
  GRAPHIQL: bool(true),
  INTROSPECTION: bool(true),
  /** Comma-separated allow-list of browser origins; empty allows none (same-origin only). */
  CORS_ORIGINS: z.string().default('http://localhost:3000,http://localhost:5173'),
  MAX_DEPTH: int(12, 1, 100),
  MAX_ALIASES: int(150, 1, 10_000),
  MAX_TOKENS: int(5_000, 100, 100_000),
  /** Upstream calls one operation may make: estimated before execution, counted during (docs/querying.md "Know the cost"). */
  MAX_UPSTREAM_CALLS: int(COST.maxUpstreamCalls, 1, 1_000_000),
  /** How long concurrent requests' ECS tag lookups wait to share calls; 0: no cross-request batching. */
  BATCH_WINDOW_MS: int(COST.batchWindowMs, 0, 1_000),
  /** The least `Cache-Control: max-age` a client may ask for (smaller asks are raised to it). */
  FRESHNESS_FLOOR_S: int(COST.freshnessFloorS, 0, 86_400),
  /** Operations estimated at this many upstream calls or more are admitted by weight (plugins/admission.ts). */
  ADMISSION_HEAVY_CALLS: int(ADMISSION.heavyCalls, 1, 1_000_000),
  /** The estimated calls of the heavy operations in flight, together; unset: from the heap (heap-budgets.ts). */
  ADMISSION_MAX_WEIGHT: int(HEAP.admissionWeight, 1, 100_000_000),
  /** How long a heavy operation waits for room before it is refused with 503 OVERLOADED and Retry-After. */
  ADMISSION_QUEUE_MS: int(ADMISSION.queueMs, 0, 60_000),
  PERSISTED_OPERATIONS: z.enum(['off', 'allow', 'require']).default('off'),
  /**
   * Shared secret the supergraph router sends as `x-router-secret`: set (or with INTROSPECTION=false), only the
   * router gets `_service` / `_entities`, and it is exempt from PERSISTED_OPERATIONS=require.
   */
  ROUTER_SECRET: optionalString.pipe(z.string().min(16).optional()),
  /** Prometheus metrics path; empty turns metrics off. */
  METRICS_ENDPOINT: z
    .string()
    .regex(/^(\/[\w.-]*)*$/, 'must be a path such as /metrics, or empty')
    .default('/metrics'),
  PERSISTED_OPERATIONS_FILE: z.string().default('examples/generated/persisted-documents.json'),

  // --- cache ---
  /** Redis URL (redis://, rediss://); unset uses an in-memory LRU. */
  REDIS_URL: optionalString.pipe(z.string().url().optional()),
  REDIS_CLUSTER: bool(false),
  CACHE_ENABLED: bool(true),
  CACHE_KEY_PREFIX: z.string().default('tg:'),
  CACHE_TTL_DESCRIBE_TAGS_S: int(60, 1, 86_400),
  CACHE_TTL_LIST_TAG_RESOURCES_S: int(60, 1, 86_400),
  CACHE_TTL_ECS_LIST_TAG_RESOURCES_S: int(60, 1, 86_400),
  CACHE_TTL_DESCRIBE_CLUSTERS_S: int(60, 1, 86_400),
  /** The ECS listings (DescribeInstances, DescribeDisks, DescribeImages, DescribeSecurityGroups, DescribeSnapshots). */
  CACHE_TTL_ECS_LISTINGS_S: int(60, 1, 86_400),
  /** A JSON tag policy (required keys, allowed values per key) for tagHygiene and Resource.compliance; unset: none. */
  TAG_POLICY_FILE: optionalString,
  CACHE_NEGATIVE_TTL_S: int(10, 0, 3_600),
  /** A key pair the upstream refused (SignatureDoesNotMatch, InvalidAccessKeyId) is refused without a call this long. */
  REFUSED_KEYS_TTL_S: int(30, 0, 3_600),
  CACHE_SWR_S: int(30, 0, 86_400),
  /** With Redis: a fresh entry read less than this long ago is answered again without a GET; 0: every lookup reads. */
  CACHE_RECENT_READ_MS: int(1_000, 0, 10_000),
  CACHE_LOCK_TIMEOUT_MS: int(5_000, 100, 60_000),
  CACHE_REDIS_COMMAND_TIMEOUT_MS: int(250, 10, 10_000),
  CACHE_MEMORY_MAX_ENTRIES: int(10_000, 10, 10_000_000),
  /**
   * With a heap limit of 1 GiB or more (no --max-old-space-size on a large host), V8 collects at 1 + this / 100
   * times the live heap instead of up to 4× (heap-growth.ts); 0 leaves V8's own factor.
   */
  HEAP_GROWING_PERCENT: int(100, 0, 300),
  /**
   * Byte budgets of the in-memory LRUs (upstream responses; GraphQL responses). Unset: 15 % of the heap each, at
   * most 64 MiB (heap-budgets.ts), so they follow --max-old-space-size.
   */
  CACHE_MEMORY_MAX_BYTES: int(HEAP.upstreamBytes, MiB, 64 * 1024 * MiB),
  RESPONSE_CACHE_MAX_BYTES: int(HEAP.responseBytes, MiB, 64 * 1024 * MiB),
  /** A GraphQL response whose data is larger is served but not cached (either store). */
  RESPONSE_CACHE_MAX_ENTRY_BYTES: int(MiB, 1_024, 1_024 * MiB),
  RESPONSE_CACHE_TTL_S: int(30, 0, 86_400),
  /** Operators send `x-cache-bypass: <token>` to skip every cache layer; unset disables bypass. */
  CACHE_BYPASS_TOKEN: optionalString.pipe(z.string().min(16).optional()),

  // --- callers: authentication and rate limits (docs/operating.md "Callers") ---
  /** none (default: anyone may query), api-key or jwt. */
  AUTH_MODE: z.enum(['none', 'api-key', 'jwt']).default('none'),
  /** Comma-separated SHA-256 hex digests of the accepted API keys (never the keys). */
  AUTH_API_KEYS: z.string().default(''),
  /** A file of API-key digests, one a line (`#` comments). */
  AUTH_API_KEYS_FILE: optionalString,
  AUTH_JWKS_URL: optionalString.pipe(z.string().url().optional()),
  AUTH_ISSUER: optionalString,
  AUTH_AUDIENCE: optionalString,
  /** The least time between two fetches of the JWKS (an unknown key id refetches it after this). */
  AUTH_JWKS_COOLDOWN_MS: int(30_000, 0, 3_600_000),
  /** How long a fetched JWKS is trusted before it is fetched again. */
  AUTH_JWKS_CACHE_MAX_AGE_MS: int(600_000, 1_000, 86_400_000),
  AUTH_CLOCK_TOLERANCE_S: int(5, 0, 300),
  /** The JWT claim naming the tenant whose credential (ALIBABA_CREDENTIALS_FILE) the caller uses. */
  AUTH_CREDENTIAL_CLAIM: optionalString,
  /** JSON: { "<tenant>": { "accessKeyId": …, "accessKeySecret": …, "securityToken"?: … } }. */
  ALIBABA_CREDENTIALS_FILE: optionalString,
  /**
   * Tag mutations: enabled or disabled. Unset: enabled on the embedded simulator or an UPSTREAM_URL, disabled
   * against the real cloud (credentials set, no UPSTREAM_URL). With AUTH_MODE=api-key/jwt, callers also need the
   * write permission (AUTH_API_KEYS `<digest>:write`, the AUTH_WRITE_SCOPE scope).
   */
  TAG_WRITES: z.enum(['enabled', 'disabled']).optional(),
  /** The JWT scope (in `scope` or `scp`) that lets a caller write tags. */
  AUTH_WRITE_SCOPE: z.string().min(1).default('tags:write'),
  /** Requests per second per caller; 0 (default) turns rate limiting off. */
  RATE_LIMIT_RPS: z.coerce.number().min(0).max(1_000_000).default(0),
  /** Bucket size per caller; 0: max(1, ceil(RATE_LIMIT_RPS)). */
  RATE_LIMIT_BURST: int(0, 0, 1_000_000),
  /** Proxies in front of the gateway that append to X-Forwarded-For (0: the socket's peer is the client). */
  RATE_LIMIT_TRUSTED_PROXIES: int(0, 0, 10),
  // --- tracing (OpenTelemetry's standard variables; on when an OTLP endpoint is set) ---
  /** OTLP/HTTP collector base URL; traces go to <it>/v1/traces. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.string().url().optional()),
  /** The traces URL itself (wins over OTEL_EXPORTER_OTLP_ENDPOINT). */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalString.pipe(z.string().url().optional()),
  /** `key=value,…` headers sent to the collector (e.g. an auth token; never logged). */
  OTEL_EXPORTER_OTLP_HEADERS: optionalString.refine(
    validOtlpHeaders,
    'must be key=value pairs separated by commas, values URL-encoded',
  ),
  OTEL_SERVICE_NAME: z.string().min(1).default('tag-gateway'),
  /** Share of new traces recorded, 0..1 (a caller's sampled traceparent is always followed). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** true turns tracing off even with an endpoint set. */
  OTEL_SDK_DISABLED: bool(false),
});

export type Config = z.infer<typeof configSchema>;

function validOtlpHeaders(text: string | undefined): boolean {
  try {
    parseOtlpHeaders(text);
    return true;
  } catch {
    return false;
  }
}
