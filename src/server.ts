/**
 * The HTTP face of the gateway: graphql-yoga serving the Pothos schema, with each concern a plugin. Everything
 * it needs comes in as options, grouped by concern: what configuration decides (`GatewaySettings`, from
 * config/app-options.ts's `toAppOptions`) and what app.ts builds (the API, the stores, the metrics).
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { randomUUID } from 'node:crypto';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { credentialScope } from './cache/keys.js';
import type { ResponseStore } from './cache/responses/response-store.js';
import { CursorCodec } from './graph/paging/cursors.js';
import { isGatewayError, maskError } from './graph/errors.js';
import { yogaLogging } from './http/logging.js';
import { useGraphiQLPage } from './http/graphiql-page.js';
import { createGraphContext, type GraphContext } from './graph/context.js';
import { EcsListAccess, EcsTagBatcher, ListSizes } from './loaders/index.js';
import { buildSchema } from './graph/schema.js';
import type { NodeFieldsMode } from './graph/federation/subgraph.js';
import { bypassChecker } from './http/cache-bypass.js';
import { callerAwareCredential, callerOf } from './callers/caller.js';
import { credentialResolver } from './callers/caller-credential.js';
import { corsOptions } from './http/cors.js';
import { useErrorCodes } from './plugins/error-codes.js';
import { useDisableIntrospection } from './plugins/introspection.js';
import { useMetrics, type GatewayMetrics } from './plugins/metrics.js';
import { callerPlugins, type RateLimitSettings } from './callers/callers-plugin.js';
import type { AuthSettings } from './callers/auth.js';
import type { RedisCommands } from './callers/rate-limit/rate-limit-redis.js';
import { READY_PATH, useReadiness, type Readiness } from './http/readiness.js';
import { isEstimateOnly } from './http/estimate-only.js';
import { useRequestLog } from './http/request-log.js';
import { requestScopeOf } from './observability/request-scope.js';
import { useVariableDepthLimit } from './plugins/variable-depth.js';
import { useTracing } from './plugins/tracing.js';
import { tracingActive } from './observability/tracing.js';
import { usePersistedOperationsAllowList, type PersistedMode } from './plugins/persisted-operations.js';
import { useHttpCacheHeaders } from './http/http-cache-headers.js';
import { boundedParserCache } from './plugins/parser-cache.js';
import { useGatewayResponseCache } from './plugins/response-cache.js';
import { routerCheck, useRouterOnlyFederation } from './callers/router-auth.js';
import { useAdmission, type AdmissionSettings } from './plugins/admission.js';
import { COST_DEFAULTS, createUpstreamCost, type CostSettings } from './plugins/upstream-cost.js';
import type { Credential, TagApi, TagWriteApi } from './upstream/types.js';
import type { WriteInvalidator } from './cache/write-invalidation.js';
import { writeAccessFor, type WritePolicy } from './callers/write-access.js';
import type { TagPolicy } from './graph/inventory/policy.js';

/** What configuration decides about the gateway (every default is config/schema.ts's). */
export interface GatewaySettings {
  paging: {
    /** HMAC key of cursors and global IDs. */
    cursorSecret: string;
    defaultSize: number;
    maxSize: number;
  };
  /** GraphQL Armor's limits on one operation. */
  limits: { maxDepth: number; maxAliases: number; maxTokens: number };
  security: {
    /** Callers may sign with their own keys (x-alibaba-cloud-* headers); each is its own tenant. */
    callerCredentials: boolean;
    introspection: boolean;
    /**
     * ROUTER_SECRET: the supergraph router sends it as `x-router-secret`. Set, or with introspection off, only
     * the router gets `_service` / `_entities`; the router is exempt from PERSISTED_OPERATIONS=require.
     */
    routerSecret?: string;
    /** Hide "did you mean" suggestions in validation errors (production). */
    blockFieldSuggestions: boolean;
    /** Browser origins allowed by CORS; empty: none (same-origin only). */
    corsOrigins: string[];
  };
  federation: { enabled: boolean; nodeFields: NodeFieldsMode; typePrefix?: string };
  /** `defaultQuery` opens the first tab; `exampleTabs` (the example mutations) open beside it. */
  graphiql: { enabled: boolean; defaultQuery?: string; exampleTabs?: string[] };
  cache: {
    /** CACHE_BYPASS_TOKEN: operators skip every cache layer with `x-cache-bypass: <token>`. */
    bypassToken?: string;
  };
  /** The upstream call budget, the cross-request batch window and the freshness floor (unset: COST_DEFAULTS). */
  cost?: CostSettings;
  /** Admission by weight of heavy operations (ADMISSION_*); unset: none. */
  admission?: AdmissionSettings;
  /** Unmasked errors (message and stack) for local debugging only. */
  development?: boolean;
  /** TAG_POLICY_FILE's tag policy (unset: none). */
  tagPolicy?: TagPolicy;
  /** Caller authentication (AUTH_*); unset: none. */
  auth?: AuthSettings;
  /** Per-caller rate limit (RATE_LIMIT_*); unset: none. */
  rateLimit?: RateLimitSettings;
  /** TAG_WRITES (resolved) and who may write; unset: writes refused. */
  tagWrites?: Pick<WritePolicy, 'enabled'>;
}

export interface GatewayOptions extends GatewaySettings {
  api: TagApi;
  /** The upstream layer's cap of cluster IDs per ListTagResources call: the loaders batch to it. */
  csMaxResourceIds: number;
  credential: Credential;
  logger?: Logger;
  /** The GraphQL response cache (unset: none). */
  /** The GraphQL response cache (unset: off). */
  responseCache?: { store: ResponseStore; ttlS: number; maxEntryBytes: number };
  /** Persisted operations: allow (listed or arbitrary) or require (listed only); unset: off. */
  persisted?: { mode: PersistedMode; documents: Map<string, string> };
  /** Prometheus metrics and the path that serves them (unset: none). */
  metrics?: { metrics: GatewayMetrics; endpoint: string };
  /** What `GET /ready` answers (unset: no readiness endpoint). */
  readiness?: () => Promise<Readiness>;
  /** The cache's Redis, for rate-limit buckets shared by the replicas (unset: per-replica memory). */
  redis?: RedisCommands;
  /** The tag writes' upstream (never cached) and the caches' invalidation; unset: no mutation can write. */
  writes?: { api: TagApi & TagWriteApi; invalidator: WriteInvalidator };
  plugins?: Plugin[];
}

export type Gateway = YogaServerInstance<Record<string, unknown>, GraphContext>;

export function createGateway(o: GatewayOptions): Gateway {
  const costSettings = o.cost ?? COST_DEFAULTS;
  const settings = graphSettings(o, costSettings.batchWindowMs);
  const headerCredential = credentialResolver(o.credential, o.security.callerCredentials);
  // A credential selected by the caller's token claim wins over the headers' (see http/caller.ts).
  const credentialFor = callerAwareCredential(headerCredential);
  // Worked out once per request: the request log and the response cache both key on it.
  const sessions = new WeakMap<Request, string>();
  const session = (request: Request) => {
    let known = sessions.get(request);
    if (known === undefined) sessions.set(request, (known = sessionOf(credentialFor, request)));
    return known;
  };
  const isBypass = bypassChecker(o.cache.bypassToken);
  const isRouter = routerCheck(o.security.routerSecret);
  const writeAccess = writeAccessFor({ enabled: o.tagWrites?.enabled ?? false, authMode: o.auth?.mode ?? 'none' });
  const cost = createUpstreamCost(
    {
      maxCalls: costSettings.maxUpstreamCalls,
      freshnessFloorS: costSettings.freshnessFloorS,
      responseCache: o.responseCache !== undefined,
      ...(o.cache.bypassToken ? { isBypass: (request: Request) => isBypass(request.headers) } : {}),
      isEstimateOnly: (request: Request) => isEstimateOnly(request.headers),
    },
    { defaultPageSize: o.paging.defaultSize, maxPageSize: o.paging.maxSize },
  );
  return createYoga<Record<string, unknown>, GraphContext>({
    schema: buildSchema({
      federation: o.federation.enabled,
      nodeFields: o.federation.nodeFields,
      typePrefix: o.federation.typePrefix,
    }),
    context: ({ request }) =>
      createGraphContext(settings, credentialFor(request), {
        // The client going away, or the response being final (the meter closes): the work for it stops.
        signal: cost.meterFor(request).following(request.signal),
        bypassCache: isBypass(request.headers),
        meter: cost.meterFor(request),
        maxAgeMs: cost.maxAgeMsOf(request),
        writeAccess: writeAccess(request),
        // Opened by the request log (first plugin): the request's calls count on its log line.
        scope: requestScopeOf(request),
      }),
    // Served by useGraphiQLPage instead: compressed, cacheable, rendered off the main heap.
    graphiql: false,
    cors: corsOptions(o.security.corsOrigins),
    maskedErrors: { isDev: o.development ?? false, maskError },
    landingPage: false,
    // limitBody (http/server-limits.ts) already read the body within MAX_BODY_BYTES: yoga's own limit would pipe
    // every body through one more stream.
    maxRequestBodySize: false,
    parserAndValidationCache: boundedParserCache(),
    ...(o.logger ? { logging: yogaLogging(o.logger, isGatewayError) } : {}),
    plugins: [
      // First: the request's correlation ID, counters and log line wrap every other plugin's work.
      useRequestLog({ logger: o.logger, callerOf: session }),
      // Off (no tracer provider started): not registered, so it costs nothing.
      ...(tracingActive() ? [useTracing()] : []),
      // Before anything walks the variables (the response cache hashes them).
      useVariableDepthLimit(),
      ...(o.graphiql.enabled
        ? [
            useGraphiQLPage({
              title: 'Alibaba Cloud tag gateway',
              defaultQuery: o.graphiql.defaultQuery,
              // The example mutations open in tabs beside the default operation.
              ...(o.graphiql.defaultQuery && o.graphiql.exampleTabs?.length
                ? { defaultTabs: [o.graphiql.defaultQuery, ...o.graphiql.exampleTabs].map((query) => ({ query })) }
                : {}),
              endpoint: '/graphql',
            }),
          ]
        : []),
      ...(o.readiness ? [useReadiness(o.readiness)] : []),
      ...callerPlugins({
        auth: o.auth,
        rateLimit: o.rateLimit,
        redis: o.redis,
        openPaths: ['/health', READY_PATH, ...(o.metrics ? [o.metrics.endpoint] : [])],
        callerKeys: o.security.callerCredentials ? headerCredential : undefined,
        // 401 and 429 are counted from their status by the metrics plugin; a tenant refusal (403) is not.
        onRefused: (code) => code === 'FORBIDDEN' && o.metrics?.metrics.onRejected('forbidden'),
      }),
      ...documentGuards(o, isRouter),
      cost.plugin,
      // Right after the estimate: heavy operations wait for room, or are refused, before any call.
      ...(o.admission ? [useAdmission(o.admission, () => o.metrics?.metrics.onRejected('overloaded'))] : []),
      ...(o.responseCache
        ? [
            useGatewayResponseCache({
              ...o.responseCache,
              // The router's answers (the SDL, entities) are cached apart: the cache answers before validation.
              sessionOf: (request) => `${isRouter(request.headers) ? 'router:' : ''}${session(request)}`,
              // A client asking for fresher data (Cache-Control: max-age) skips it like an operator's bypass.
              // So does a request for the estimate only (it has no data to store or to be served).
              isBypass: (request: Request) =>
                isBypass(request.headers) || cost.wantsFresh(request) || isEstimateOnly(request.headers),
              scopesOf: (request) => cost.meterFor(request).readScopes,
              ...(o.writes
                ? {
                    stillCurrent: (request: Request) =>
                      o.writes!.invalidator.unchangedSince(cost.meterFor(request).generationsRead.values()),
                  }
                : {}),
            }),
          ]
        : []),
      useHttpCacheHeaders({ cors: o.security.corsOrigins.length > 0 }),
      ...(o.metrics ? [useMetrics(o.metrics.metrics, o.metrics.endpoint)] : []),
      ...(o.plugins ?? []),
    ],
  });
}

/** What every request's graph context shares: the API, paging, and the per-gateway memories. */
function graphSettings(o: GatewayOptions, batchWindowMs: number) {
  // The sizes of lists the API answers, for the cost estimate (one memory per gateway).
  const listSizes = new ListSizes();
  return {
    api: listSizes.observe(o.api),
    listSizes,
    csMaxResourceIds: o.csMaxResourceIds,
    // One memory per gateway of the tenants refused ECS ListTagResources (their ECS tags use DescribeTags).
    ecsListAccess: new EcsListAccess(o.logger),
    paging: {
      codec: new CursorCodec(o.paging.cursorSecret),
      defaultSize: o.paging.defaultSize,
      maxSize: o.paging.maxSize,
    },
    // One window per gateway: concurrent requests of one tenant share ECS tag calls.
    ecsTagBatcher: new EcsTagBatcher(batchWindowMs),
    ...(o.writes
      ? {
          writes: {
            ...o.writes,
            typePrefix: o.federation.enabled ? (o.federation.typePrefix ?? '') : '',
            ...(o.logger ? { logger: o.logger.child({ component: 'writes' }) } : {}),
            ...(o.metrics ? { onWrite: o.metrics.metrics.onTagWrite } : {}),
          },
        }
      : {}),
    ...(o.tagPolicy ? { tagPolicy: o.tagPolicy } : {}),
  };
}

/** What a document may ask for: size limits, codes on every error, introspection, router-only fields, the allow-list. */
function documentGuards(o: GatewayOptions, isRouter: (headers: Headers) => boolean): Plugin[] {
  // The federation fields answer only the router once anything is to be kept from other callers.
  const routerOnlyFederation =
    o.federation.enabled && (!o.security.introspection || o.security.routerSecret !== undefined);
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: o.limits.maxDepth },
      maxAliases: { n: o.limits.maxAliases },
      maxTokens: { n: o.limits.maxTokens },
      costLimit: { enabled: false },
      maxDirectives: { n: 50 },
      blockFieldSuggestion: { enabled: o.security.blockFieldSuggestions },
    }),
    useErrorCodes({ development: o.development ?? false }),
    ...(o.security.introspection ? [] : [useDisableIntrospection()]),
    ...(routerOnlyFederation ? [useRouterOnlyFederation(isRouter)] : []),
    ...(o.persisted ? usePersistedOperationsAllowList(o.persisted.mode, o.persisted.documents, isRouter) : []),
  ];
}

/**
 * The caller's tenant, and the authenticated caller (a hash) when there is one: two callers never share a response.
 * A request with malformed credential headers gets its own throwaway session (it fails anyway).
 */
function sessionOf(credentialFor: (request: Request) => Credential, request: Request): string {
  try {
    const scope = credentialScope(credentialFor(request));
    const caller = callerOf(request);
    return caller ? `${scope}:${caller.id}` : scope;
  } catch {
    return `invalid:${randomUUID()}`;
  }
}
