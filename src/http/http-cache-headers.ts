/**
 * What shared caches (proxies, CDNs) may do with the gateway's responses: nothing. Every answer depends on the
 * caller (credential and API-key headers, the router's secret, the operator's bypass header, Accept, the CORS
 * Origin), so every response is
 * `Cache-Control: private` and says in `Vary` which request headers change it.
 * - A response with an ETag (a cacheable GraphQL result) is `private, no-cache`: the caller's own browser may keep
 *   it but must revalidate it on every use (If-None-Match → 304, checked against this caller's own response).
 * - Everything else is `private, no-store`.
 */
import type { Plugin } from 'graphql-yoga';
import { API_KEY_HEADER } from '../callers/auth-api-key.js';
import { BYPASS_HEADER } from './cache-bypass.js';
import { CREDENTIAL_HEADERS } from '../callers/caller-credential.js';
import { ROUTER_SECRET_HEADER } from '../callers/router-auth.js';

/** Request headers that change the answer whatever the configuration (Origin too when CORS is on). */
const VARY_HEADERS = [
  'Accept',
  'Authorization',
  CREDENTIAL_HEADERS.accessKeyId,
  CREDENTIAL_HEADERS.accessKeySecret,
  CREDENTIAL_HEADERS.securityToken,
  API_KEY_HEADER,
  ROUTER_SECRET_HEADER,
  BYPASS_HEADER,
] as const;

/** `cors`: the answer's CORS headers depend on the request's Origin, so it joins Vary. */
export function useHttpCacheHeaders(options: { cors: boolean }): Plugin {
  const vary = options.cors ? [...VARY_HEADERS, 'Origin'] : VARY_HEADERS;
  const joined = vary.join(', ');
  return {
    onResponse({ response }) {
      if (!response.headers.has('cache-control')) {
        response.headers.set('cache-control', response.headers.has('etag') ? 'private, no-cache' : 'private, no-store');
      }
      // Most responses have no Vary yet: the whole list, written once, without parsing anything.
      if (response.headers.has('vary')) appendVary(response.headers, vary);
      else response.headers.set('vary', joined);
    },
  };
}

/** Adds `names` to the response's Vary, once each (case-insensitive); `Vary: *` already covers everything. */
export function appendVary(headers: Headers, names: readonly string[]): void {
  const current = (headers.get('vary') ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  const seen = new Set(current.map((v) => v.toLowerCase()));
  if (seen.has('*')) return;
  const added = names.filter((n) => !seen.has(n.toLowerCase()));
  if (added.length > 0) headers.set('vary', [...current, ...added].join(', '));
}
