/**
 * The HTTP face of the gateway: graphql-yoga serving the Pothos schema, with each concern a plugin. Everything
 * it needs comes in as options; only main.ts reads the environment.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import { randomUUID } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { credentialScope } from './cache/keys.js';
import { CursorCodec } from './graph/cursors.js';
import { maskError } from './graph/errors.js';
import { createGraphContext, type GraphContext } from './graph/context.js';
import { buildSchema } from './graph/schema.js';
import type { NodeFieldsMode } from './graph/subgraph.js';
import { credentialResolver } from './plugins/caller-credential.js';
import { corsOptions, useVaryOrigin } from './plugins/cors.js';
import { bypassChecker } from './plugins/cache-bypass.js';
import { useDisableIntrospection } from './plugins/introspection.js';
import { useMetrics, type GatewayMetrics } from './plugins/metrics.js';
import { usePersistedOperationsAllowList, type PersistedMode } from './plugins/persisted-operations.js';
import { useGatewayResponseCache } from './plugins/response-cache.js';
import type { Credential, TagApi } from './upstream/types.js';

export interface GatewayOptions {
  api: TagApi;
  credential: Credential;
  cursorSecret: string;
  csMaxResourceIds: number;
  callerCredentials?: boolean;
  pageSizeDefault?: number;
  pageSizeMax?: number;
  federation?: boolean;
  nodeFields?: NodeFieldsMode;
  graphiql?: boolean;
  defaultQuery?: string;
  introspection?: boolean;
  corsOrigins?: string[];
  maxDepth?: number;
  maxAliases?: number;
  maxTokens?: number;
  production?: boolean;
  /** Unmasked errors (message and stack) for local debugging only. */
  development?: boolean;
  logger?: Logger;
  /** The GraphQL response cache (unset: none). */
  responseCache?: { cache: Cache; ttlS: number };
  /** CACHE_BYPASS_TOKEN: operators skip every cache layer with `x-cache-bypass: <token>`. */
  bypassToken?: string;
  /** Persisted operations: off, allow (listed or arbitrary), require (listed only). */
  persisted?: { mode: PersistedMode; documents: Map<string, string> };
  /** Prometheus metrics and the path that serves them (unset: none). */
  metrics?: { metrics: GatewayMetrics; endpoint: string };
  plugins?: Plugin[];
}

export type Gateway = YogaServerInstance<Record<string, unknown>, GraphContext>;

export function createGateway(o: GatewayOptions): Gateway {
  const settings = {
    api: o.api,
    csMaxResourceIds: o.csMaxResourceIds,
    paging: { codec: new CursorCodec(o.cursorSecret), defaultSize: o.pageSizeDefault ?? 20, maxSize: o.pageSizeMax ?? 100 },
  };
  const credentialFor = credentialResolver(o.credential, o.callerCredentials ?? false);
  const isBypass = bypassChecker(o.bypassToken);
  return createYoga<Record<string, unknown>, GraphContext>({
    schema: buildSchema({ federation: o.federation ?? true, nodeFields: o.nodeFields }),
    context: ({ request }) =>
      createGraphContext(settings, credentialFor(request.headers), { signal: request.signal, bypassCache: isBypass(request.headers) }),
    graphiql: o.graphiql === false ? false : { title: 'Alibaba Cloud tag gateway', defaultQuery: o.defaultQuery },
    renderGraphiQL,
    cors: corsOptions(o.corsOrigins ?? []),
    maskedErrors: { isDev: o.development ?? false, maskError },
    landingPage: false,
    ...(o.logger ? { logging: o.logger } : {}),
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: o.maxDepth ?? 12 },
        maxAliases: { n: o.maxAliases ?? 150 },
        maxTokens: { n: o.maxTokens ?? 5_000 },
        costLimit: { enabled: false },
        maxDirectives: { n: 50 },
        blockFieldSuggestion: { enabled: o.production ?? false },
      }),
      ...(o.introspection === false ? [useDisableIntrospection()] : []),
      ...(o.persisted ? usePersistedOperationsAllowList(o.persisted.mode, o.persisted.documents) : []),
      ...(o.responseCache
        ? [
            useGatewayResponseCache({
              ...o.responseCache,
              sessionOf: (request) => sessionOf(credentialFor, request),
              isBypass: (request) => isBypass(request.headers),
            }),
          ]
        : []),
      ...((o.corsOrigins ?? []).length > 0 ? [useVaryOrigin()] : []),
      ...(o.metrics ? [useMetrics(o.metrics.metrics, o.metrics.endpoint)] : []),
      ...(o.plugins ?? []),
    ],
  });
}

/** The caller's tenant; a request with malformed credential headers gets its own throwaway session (it fails anyway). */
function sessionOf(credentialFor: (headers: Headers) => Credential, request: Request): string {
  try {
    return credentialScope(credentialFor(request.headers));
  } catch {
    return `invalid:${randomUUID()}`;
  }
}
