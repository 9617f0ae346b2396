/**
 * The GraphQL response cache: a hit for the same operation, variables and caller is served without executing.
 * The session is the caller's tenant, so two tenants never share an entry (it is hashed into the key). Results
 * with errors are not cached. Entries are tagged by entity (`EcsInstance:<id>` …), so `invalidate` drops every
 * response that showed one. Where entries live is src/cache/response-store.ts.
 *
 * An operator's bypass skips every read of this layer and writes the fresh answer back, under the normal key
 * and with the normal ETag: the request runs in a scope that makes the store's reads miss (see `skipReadsWhen`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { Plugin } from 'graphql-yoga';
import { canonicalJson } from '../cache/keys.js';
import type { ResponseStore } from '../cache/response-store.js';

export interface ResponseCacheOptions {
  store: ResponseStore;
  /** RESPONSE_CACHE_TTL_S; 0 turns the layer off. */
  ttlS: number;
  sessionOf: (request: Request) => string;
  /** An operator's bypass request (unset: none is). */
  isBypass?: (request: Request) => boolean;
}

export function useGatewayResponseCache(o: ResponseCacheOptions): Plugin {
  const bypassing = new AsyncLocalStorage<boolean>();
  const isBypass = o.isBypass;
  const responseCache = useResponseCache({
    cache: isBypass ? skipReadsWhen(() => bypassing.getStore() === true, o.store) : o.store,
    ttl: o.ttlS * 1000,
    session: (request) => o.sessionOf(request),
    enabled: () => o.ttlS > 0,
    buildResponseCacheKey: ({ documentString, operationName, variableValues, sessionId }) =>
      responseId(documentString, operationName, variableValues, sessionId),
    includeExtensionMetadata: true,
    // Relay connections and facets have no `id`; entity tags come from the resource types' global IDs.
    idFields: ['id'],
  });
  if (!isBypass) return responseCache;
  return {
    onPluginInit({ addPlugin }) {
      // Each request runs inside its bypass flag, so every store read it causes (If-None-Match, the plugin's own
      // lookups) sees it, whichever hook makes it.
      addPlugin({ instrumentation: { request: ({ request }, handle) => bypassing.run(isBypass(request), handle) } });
      addPlugin(responseCache);
    },
  };
}

/** The response's id (also its ETag): a hash of the operation, its variables and the caller's session. */
function responseId(document: string, operationName: string | undefined | null, variables: unknown, session: string | undefined | null): string {
  return createHash('sha256')
    .update(canonicalJson([document, operationName ?? '', variables ?? {}, session ?? '']))
    .digest('hex');
}

/** While `skip()` holds, reads miss; writes and invalidations always go through. */
function skipReadsWhen(skip: () => boolean, inner: ResponseStore): ResponseStore {
  return {
    get: (key) => (skip() ? undefined : inner.get(key)),
    set: (key, result, entities, ttl) => inner.set(key, result, entities, ttl),
    invalidate: (entities) => inner.invalidate(entities),
  };
}
