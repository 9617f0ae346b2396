/**
 * What one HTTP request carries through the layers: its correlation ID and the counters its log line reports.
 *
 * Not an AsyncLocalStorage any more (issue 18): on Node 20 one that has been `run` turns on promise hooks for
 * every promise of the process, about 9 % of a warm request's CPU. The scope is kept per `Request` here (the
 * request-log plugin opens it) and travels as an argument: the GraphQL context hands it to the loaders'
 * `CallOptions.scope`, which the cache layer and the transport count on. A call shared by several requests
 * (DataLoader batches, single-flight) counts for the request that started it, as its options are that
 * request's; a background refresh's options carry no scope, so it counts for none.
 */
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

/** The scope of each request being served (gone with the request object). */
const scopes = new WeakMap<Request, RequestScope>();
/** Errors of a request's GraphQL result (and what they wrap) → its ID, for yoga's error lines (http/logging.ts). */
const errorRequests = new WeakMap<object, string>();

/** The caller's `x-request-id` when it is printable and at most 128 characters, else a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && given.length <= MAX_REQUEST_ID_LENGTH && PRINTABLE.test(given) ? given : randomUUID();
}

export function newRequestScope(id: string): RequestScope {
  return { id, startedAt: performance.now(), upstreamCalls: 0, cacheHits: 0, cacheMisses: 0, errors: 0 };
}

/** Opens `request`'s scope now (its ID from the request's headers), replacing any it had. */
export function openRequestScope(request: Request): RequestScope {
  const scope = newRequestScope(requestIdFrom(request.headers));
  scopes.set(request, scope);
  return scope;
}

/** `request`'s scope, if one was opened. */
export function requestScopeOf(request: Request): RequestScope | undefined {
  return scopes.get(request);
}

/** Remembers that `error` was part of `scope`'s answer: a line logging it names the request. */
export function rememberRequestError(scope: RequestScope, error: unknown): void {
  if (typeof error === 'object' && error !== null) errorRequests.set(error, scope.id);
}

/** The ID of the request whose answer held `error`, if remembered. */
export function requestIdOfError(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? errorRequests.get(error) : undefined;
}
