/**
 * Whether the GraphQL response cache answered a result: the response-cache plugin marks every result it saw
 * with `extensions.responseCache.hit` (includeExtensionMetadata), and answers a matching If-None-Match with 304.
 */
export type ResponseCacheOutcome = 'hit' | 'miss';

export function responseCacheOutcome(result: unknown): ResponseCacheOutcome | undefined {
  const single = Array.isArray(result) ? (result as unknown[])[0] : result;
  if (single === null || typeof single !== 'object') return undefined;
  const meta = (single as { extensions?: { responseCache?: { hit?: unknown } } }).extensions?.responseCache;
  if (typeof meta?.hit !== 'boolean') return undefined;
  return meta.hit ? 'hit' : 'miss';
}

/** 304 Not Modified: the response cache matched the caller's ETag without executing. */
export const NOT_MODIFIED = 304;
