/**
 * The GraphQL response cache: a hit for the same operation, variables and caller is served without executing.
 * The session is the caller's tenant, so two tenants never share an entry (it is hashed into the key). Results
 * with errors, and results over `maxEntryBytes`, are not cached. Entries are tagged by entity (`EcsInstance:<id>`
 * …), so `invalidate` drops every response that showed one. Where entries live is src/cache/responses/response-store.ts.
 *
 * ETags: the library tags a cached response with its cache key, and answers `If-None-Match: <any cached key>`
 * with 304 before it knows the request: anyone could probe which responses of other tenants are cached. Here the
 * tag is a quoted hash of this response's key and data (it changes when the data does), the library's early 304 is
 * dropped, and conditional-requests.ts answers 304 only when the tag of the response this very request gets matches.
 *
 * Tag writes: each entry is also indexed under the (tenant, region, kind) scopes of the tag data its execution read
 * (`TagScope:<identity>|<region>|<kind>`, from the request's meter), so a write drops exactly the responses that
 * could show it — lists and counts included, which name no written resource — and nothing else.
 *
 * An operator's bypass skips every read of this layer and writes the fresh answer back, under the normal key
 * and with the normal ETag: the store's reads miss for it (see `skipReadsWhen`).
 *
 * The store only sees keys, so the request behind a key is remembered from the moment its key is built (onParams)
 * to its response (`KeyedRequests`) rather than carried in an AsyncLocalStorage: every store of one adds a hook
 * to every promise of every request (issue 18's profiles). A read follows its key's build at once; a write (the
 * end of execution) may see another request of the same key, caller and variables, whose scopes are the same.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { BoundedMemo } from '../upstream/memo.js';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { canonicalJson } from '../cache/keys.js';
import type { ResponseStore } from '../cache/responses/response-store.js';
import { servedResult } from '../cache/responses/served.js';
import { entityTag } from '../http/etag.js';
import { TAG_SCOPE_TYPENAME } from '../graph/writes/invalidate.js';
import { httpHeadersOf, useConditionalRequests } from '../http/conditional-requests.js';

export interface ResponseCacheOptions {
  store: ResponseStore;
  /** RESPONSE_CACHE_TTL_S; 0 turns the layer off. */
  ttlS: number;
  /** RESPONSE_CACHE_MAX_ENTRY_BYTES: a response whose data serialises to more is served, never cached. */
  maxEntryBytes: number;
  sessionOf: (request: Request) => string;
  /** An operator's bypass request (unset: none is). */
  isBypass?: (request: Request) => boolean;
  /** The `TagScope` ids of the tag data a request's execution read (unset: none recorded). */
  scopesOf?: (request: Request) => Iterable<string>;
  /** False when a write has touched what the request read since it read it: its response is not stored. */
  stillCurrent?: (request: Request) => Promise<boolean>;
}

export function useGatewayResponseCache(o: ResponseCacheOptions): Plugin {
  const isBypass = o.isBypass;
  const { maxEntryBytes, scopesOf, stillCurrent } = o;
  const requests = new KeyedRequests();
  // The ETag each cacheable result gets, from `shouldCacheResult` (which sees its key) to the store's `set`.
  const tags = new WeakMap<object, string>();
  const store = isBypass ? skipReadsWhen((key) => requests.some(key, isBypass), o.store) : o.store;
  const scoped = withScopes(
    store,
    (key) => (scopesOf ? requests.flatMap(key, scopesOf) : []),
    (key) => (stillCurrent ? requests.every(key, stillCurrent) : true),
  );
  // onRequest is the library's early 304 for any cached key: dropped (conditional-requests.ts answers instead).
  const { onRequest: _anyKey304, ...responseCache } = useResponseCache({
    // Outermost, the content tag: it is written on the response at once, before the write-race check may defer
    // the store's write past the response.
    cache: withContentTags(scoped, tags),
    ttl: o.ttlS * 1000,
    session: (request) => o.sessionOf(request),
    buildResponseCacheKey: ({ documentString, operationName, variableValues, sessionId, request }) =>
      requests.add(responseId(documentString, operationName, variableValues, sessionId), request),
    shouldCacheResult: ({ cacheKey, result }) => {
      // No data (an estimate-only answer): nothing to serve later.
      if (result.errors?.length || result.data == null) return false;
      const json = JSON.stringify(result.data ?? null);
      if (Buffer.byteLength(json) > maxEntryBytes) return false;
      tags.set(result, entityTag(cacheKey, json));
      return true;
    },
    includeExtensionMetadata: true,
    // Relay connections and facets have no `id`; entity tags come from the resource types' global IDs.
    idFields: ['id'],
  });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin({ onResponse: ({ request }) => requests.remove(request) });
      addPlugin(responseCache);
      addPlugin(useConditionalRequests(isBypass));
    },
  };
}

/** Documents whose digest is remembered: a hit hashes its variables and caller, not its whole document again. */
const DOCUMENT_DIGESTS_MAX_CHARS = 4 * 1024 * 1024;
const documentDigests = new LRUCache<string, string>({
  maxSize: DOCUMENT_DIGESTS_MAX_CHARS,
  sizeCalculation: (digest, document) => document.length + digest.length,
});

function documentDigest(document: unknown): string {
  // Not a string (a malformed `query`, refused later with a 400): keyed by its canonical JSON, never remembered.
  if (typeof document !== 'string') return `json:${canonicalJson(document)}`;
  let digest = documentDigests.get(document);
  if (digest === undefined) {
    digest = createHash('sha256').update(document).digest('hex');
    // A document larger than the whole memory is hashed every time rather than evicting every other.
    if (document.length < DOCUMENT_DIGESTS_MAX_CHARS / 16) documentDigests.set(document, digest);
  }
  return digest;
}

/** Response ids remembered, by their inputs' plain JSON (a hot operation's every hit computes the same id). */
const responseIds = new BoundedMemo<string>(8_192);

/** The response's id: a hash of the operation (by its document's digest), its variables and the caller's session. */
export function responseId(
  document: string,
  operationName: string | undefined | null,
  variables: unknown,
  session: string | undefined | null,
): string {
  const parts = [documentDigest(document), operationName ?? '', variables ?? {}, session ?? ''];
  // Plain JSON finds the memo; the id itself hashes the canonical form (equal variables in any key order).
  return responseIds.get(JSON.stringify(parts), () => createHash('sha256').update(canonicalJson(parts)).digest('hex'));
}

/**
 * Writes each result's content tag over the library's ETag (its cache key) just before the entry is stored; the
 * response being served shares that headers object, so it carries the same tag.
 */
function withContentTags(inner: ResponseStore, tags: WeakMap<object, string>): ResponseStore {
  const getServed = inner.getServed?.bind(inner);
  return {
    // A hit is served from its stored bytes where the store can (cache/responses/served.ts).
    get: getServed ? (key) => mapMaybePromise(getServed(key), (s) => s && servedResult(s)) : (key) => inner.get(key),
    set: (key, result: ExecutionResult, entities, ttl) => {
      const tag = tags.get(result);
      const headers = httpHeadersOf(result);
      if (tag && headers) headers['ETag'] = tag;
      return inner.set(key, result, entities, ttl);
    },
    invalidate: (entities) => inner.invalidate(entities),
  };
}

/**
 * The requests in flight under each response key, from the key's build to the response: concurrent requests of
 * one key (same operation, variables and caller) share an entry.
 */
class KeyedRequests {
  readonly #byKey = new Map<string, Set<Request>>();
  readonly #keyOf = new WeakMap<Request, string>();

  add(key: string, request: Request): string {
    const known = this.#keyOf.get(request);
    if (known !== undefined && known !== key) this.remove(request);
    this.#keyOf.set(request, key);
    let requests = this.#byKey.get(key);
    if (!requests) this.#byKey.set(key, (requests = new Set()));
    requests.add(request);
    return key;
  }

  remove(request: Request): void {
    const key = this.#keyOf.get(request);
    if (key === undefined) return;
    this.#keyOf.delete(request);
    const requests = this.#byKey.get(key);
    requests?.delete(request);
    if (requests?.size === 0) this.#byKey.delete(key);
  }

  some(key: string, test: (request: Request) => boolean): boolean {
    for (const request of this.#byKey.get(key) ?? []) if (test(request)) return true;
    return false;
  }

  /** Whether `test` holds for every request under `key` (true for none). */
  every(key: string, test: (request: Request) => Promise<boolean>): true | Promise<boolean> {
    const requests = [...(this.#byKey.get(key) ?? [])];
    if (requests.length === 0) return true;
    return Promise.all(requests.map(test)).then((all) => all.every(Boolean));
  }

  flatMap<T>(key: string, f: (request: Request) => Iterable<T>): T[] {
    const out: T[] = [];
    for (const request of this.#byKey.get(key) ?? []) out.push(...f(request));
    return out;
  }
}

/** Indexes each entry also under the tag scopes its request read. */
function withScopes(
  inner: ResponseStore,
  scopes: (key: string) => Iterable<string>,
  current: (key: string) => boolean | Promise<boolean>,
): ResponseStore {
  return {
    get: (key) => inner.get(key),
    ...(inner.getServed ? { getServed: (key: string) => inner.getServed!(key) } : {}),
    set: (key, result, entities, ttl) => {
      const extra = [...new Set(scopes(key))].map((id) => ({ typename: TAG_SCOPE_TYPENAME, id }));
      const store = () => inner.set(key, result, [...entities, ...extra], ttl);
      const fresh = current(key);
      // A write raced this request: what it read is older than the write's invalidation, so it is not stored.
      return fresh === true ? store() : Promise.resolve(fresh).then((ok) => (ok ? store() : undefined));
    },
    invalidate: (entities) => inner.invalidate(entities),
  };
}

/** While `skip(key)` holds, reads of `key` miss; writes and invalidations always go through. */
function skipReadsWhen(skip: (key: string) => boolean, inner: ResponseStore): ResponseStore {
  return {
    get: (key) => (skip(key) ? undefined : inner.get(key)),
    ...(inner.getServed ? { getServed: (key: string) => (skip(key) ? undefined : inner.getServed!(key)) } : {}),
    set: (key, result, entities, ttl) => inner.set(key, result, entities, ttl),
    invalidate: (entities) => inner.invalidate(entities),
  };
}

/** `f` of a value that may be a promise: no promise added when the store answered at once (the memory store). */
function mapMaybePromise<T, U>(value: T | Promise<T>, f: (v: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}
