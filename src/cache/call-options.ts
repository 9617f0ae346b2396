/**
 * What the cache layer does with a caller's `CallOptions`: the `cache: 'bypass'` flag is this layer's alone
 * (stripped before the upstream sees it), and the caller's signal ends the caller's own wait, not a shared load.
 */
import { abortedError, notCachedError, type ReadOperation as Operation } from '../upstream/errors.js';
import type { CallOptions } from '../upstream/types.js';

/**
 * `CallOptions` as this layer accepts them; `cache: 'bypass'` skips the read (the server sets it for operators),
 * `cache: 'only'` answers what is servable now (fresh, or stale within CACHE_SWR_S) and otherwise rejects.
 */
export type CacheCallOptions = CallOptions;

/**
 * The options without this layer's `cache` flag, for the layer below; a caller that wants cached answers only
 * (`cache: 'only'`) is refused here instead, so nothing goes upstream for it.
 */
export function stripCache(op: Operation, options: CacheCallOptions | undefined): CallOptions | undefined {
  if (!options) return undefined;
  const { cache, ...rest } = options;
  if (cache === 'only') throw notCachedError(op);
  return rest;
}

/** `promise`, or a rejection as soon as `signal` aborts (the underlying load goes on for the others). */
export function abortable<T>(op: Operation, promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortedError(op));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(op));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
