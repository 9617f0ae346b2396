/**
 * Conditional requests (RFC 9110 §13.1.2): `If-None-Match` is compared with the ETag of the response this very
 * request gets (its own document, variables and caller, see response-cache.ts), after the request has been
 * authenticated, parsed and answered from the cache or executed. A match answers 304 with no body; anything else,
 * another tenant's tag included, gets the normal response. A POST of a query is conditional too (as with the
 * response-cache library): it reads like a GET, and only cacheable query results carry an ETag.
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ifNoneMatchHits } from './etag.js';

/** The headers a result asks for (`extensions.http.headers`, where the response cache puts ETag), if any. */
export function httpHeadersOf(result: unknown): Record<string, string> | undefined {
  const extensions = (result as ExecutionResult | null)?.extensions;
  const http = extensions?.['http'];
  if (typeof http !== 'object' || http === null) return undefined;
  const headers = (http as { headers?: unknown }).headers;
  return typeof headers === 'object' && headers !== null ? (headers as Record<string, string>) : undefined;
}

/** `unconditional`: requests that always get the full response (an operator's cache bypass asks for the body). */
export function useConditionalRequests(unconditional: (request: Request) => boolean = () => false): Plugin {
  return {
    onResultProcess({ request, result, resultProcessor, setResultProcessor }) {
      if (unconditional(request)) return;
      // No processor: the Accept header is not served (406 follows); a 304 must not hide that.
      if (!resultProcessor || Array.isArray(result)) return;
      const headers = httpHeadersOf(result);
      const etag = headers?.['ETag'];
      if (!ifNoneMatchHits(request.headers.get('if-none-match'), etag)) return;
      const lastModified = headers?.['Last-Modified'];
      setResultProcessor(
        (_result, fetchAPI) =>
          new fetchAPI.Response(null, {
            status: 304,
            headers: { ETag: etag!, ...(lastModified ? { 'Last-Modified': lastModified } : {}) },
          }),
        '*/*',
      );
    },
  };
}
