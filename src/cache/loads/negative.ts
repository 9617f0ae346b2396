/**
 * Negative caching: which upstream errors are remembered (only "this does not exist"), and the entry that
 * remembers one for CACHE_NEGATIVE_TTL_S so it is re-thrown equal instead of asked again.
 */
import { UpstreamError, type ReadOperation as Operation } from '../../upstream/errors.js';
import { ENTRY_VERSION, toCachedError, type ErrorEntry } from '../entry.js';

/** True for the only errors worth remembering: the upstream said the thing does not exist. */
export function isNegativeCacheable(err: unknown): err is UpstreamError {
  return (
    err instanceof UpstreamError &&
    err.isNotFound &&
    // A key that is not found today may be created in a minute: auth answers are never cached.
    !err.code.startsWith('InvalidAccessKeyId') &&
    !err.isInvalidInput &&
    !err.isThrottled &&
    !err.retryable &&
    !(err.status !== undefined && err.status >= 500)
  );
}

/** The entry that remembers `err` under `key` for `ttlMs`. */
export function negativeEntry<O extends Operation>(
  op: O,
  key: string,
  err: UpstreamError,
  ttlMs: number,
): ErrorEntry<O> {
  const fetchedAt = Date.now();
  return {
    v: ENTRY_VERSION,
    key,
    op,
    kind: 'error',
    fetchedAt,
    expiresAt: fetchedAt + ttlMs,
    error: toCachedError(err),
  };
}
