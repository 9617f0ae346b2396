/**
 * What one HTTP request carries through every layer without being passed down: its correlation ID and the
 * counters its log line reports. The upstream transport and the cache are shared by all requests (DataLoader
 * batches, single-flight), so the scope travels in an AsyncLocalStorage rather than as an argument; a call
 * shared by several requests counts towards the request that started it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface RequestScope {
  /** The correlation ID: the caller's valid `x-request-id`, else a random UUID. */
  readonly id: string;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  /** Upstream attempts (HTTP calls to Alibaba Cloud) this request made. */
  upstreamCalls: number;
  /** Upstream-cache lookups served from the cache (fresh or stale). */
  cacheHits: number;
  /** Upstream-cache lookups that loaded (or joined a load). */
  cacheMisses: number;
  /** GraphQL errors in the answer. */
  errors: number;
  /** The GraphQL operation name, once known. */
  operation?: string;
  /** The response cache's answer, when that layer ran. */
  responseCache?: 'hit' | 'miss';
}

export const REQUEST_ID_HEADER = 'x-request-id';
const MAX_REQUEST_ID_LENGTH = 128;
/** Printable ASCII without spaces: safe in a header and in a log line. */
const PRINTABLE = /^[\x21-\x7e]+$/;

const storage = new AsyncLocalStorage<RequestScope>();

/** The caller's `x-request-id` when it is printable and at most 128 characters, else a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && given.length <= MAX_REQUEST_ID_LENGTH && PRINTABLE.test(given) ? given : randomUUID();
}

export function newRequestScope(id: string): RequestScope {
  return { id, startedAt: performance.now(), upstreamCalls: 0, cacheHits: 0, cacheMisses: 0, errors: 0 };
}

/** Runs `fn` (and everything it starts) inside `scope`. */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** Runs `fn` (and everything it starts) outside any request's scope: work no request should be charged for. */
export function outsideRequestScope<T>(fn: () => T): T {
  return storage.exit(fn);
}

/** The scope of the request being served here, if any (none in background work started outside a request). */
export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * pino's `mixin`: every line logged while serving a request (upstream calls, cache, yoga's errors) carries its
 * correlation ID as `reqId` (pino-http's name), whichever child logger wrote it. Not `requestId`: upstream lines
 * use that for Alibaba's own request ID.
 */
export function requestIdMixin(): { reqId?: string } {
  const scope = storage.getStore();
  return scope ? { reqId: scope.id } : {};
}
