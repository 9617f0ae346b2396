/**
 * Persisted operations: an allow-list of operation hashes (codegen's persisted-documents.json, keys
 * `sha256:<hex>`). Clients send `documentId` (either form; in a POST body or a GET query string) or
 * `extensions.persistedQuery.sha256Hash`.
 * `allow` runs listed hashes and arbitrary documents; `require` runs listed hashes only (production), except for
 * the supergraph router when it proves itself (router-auth.ts): a router plans its own documents.
 */
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { readFileSync } from 'node:fs';
import type { RouterCheck } from '../callers/router-auth.js';

export type PersistedMode = 'off' | 'allow' | 'require';

export function loadPersistedDocuments(file: string): Map<string, string> {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const store = new Map<string, string>();
  for (const [key, document] of Object.entries(raw)) {
    store.set(key, document);
    store.set(key.replace(/^sha256:/, ''), document);
  }
  return store;
}

function extractId(params: GraphQLParams, request: Request): string | null {
  const body = params as GraphQLParams & { documentId?: unknown };
  if (typeof body.documentId === 'string') return body.documentId;
  // yoga's GET parser keeps only query/operationName/variables/extensions: read documentId from the URL
  if (request.method === 'GET') {
    const fromUrl = new URL(request.url).searchParams.get('documentId');
    if (fromUrl) return fromUrl;
  }
  const persisted = (params.extensions?.persistedQuery ?? null) as { sha256Hash?: unknown } | null;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

export function usePersistedOperationsAllowList(
  mode: PersistedMode,
  store: Map<string, string>,
  isRouter: RouterCheck = () => false,
): Plugin[] {
  if (mode === 'off') return [];
  const plugin: Plugin = usePersistedOperations({
    getPersistedOperation: (key) => store.get(key) ?? null,
    extractPersistedOperationId: extractId,
    allowArbitraryOperations: mode === 'allow' ? true : (request) => isRouter(request.headers),
    // Refusals are request errors: no `data`, so under application/graphql-response+json the status must be
    // 4xx (GraphQL over HTTP); `spec: true` keeps 200 for application/json clients, as yoga does for its own.
    customErrors: {
      keyNotFound: refusal('Send a documentId from the allow-list.', 'PERSISTED_QUERY_ID_REQUIRED', 400),
      notFound: refusal('This persisted operation is not on the allow-list.', 'PERSISTED_QUERY_NOT_FOUND', 400),
      persistedQueryOnly: refusal(
        'Only persisted operations run here: send a documentId from the allow-list.',
        'PERSISTED_QUERY_ONLY',
        403,
      ),
    },
  });
  if (mode === 'require') return [plugin];
  // allow: a request without a persisted id is an ordinary one, so yoga's own parameter checks answer a missing
  // or mistyped `query` (400), rather than the plugin's "persisted id required".
  return [
    {
      ...plugin,
      onParams: (payload) =>
        extractId(payload.params, payload.request) === null ? undefined : plugin.onParams?.(payload),
    },
  ];
}

function refusal(message: string, code: string, status: number) {
  return { message, extensions: { code, http: { status, spec: true } } };
}
