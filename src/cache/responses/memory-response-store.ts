/**
 * The GraphQL response cache's in-memory store (no REDIS_URL), bounded by entry count and by bytes. Each response
 * is kept as JSON text (its data apart from the rest, so a hit is served from its bytes: served.ts), not as the result object: its size is then exact (an object graph costs several times
 * its JSON and cannot be measured cheaply), and a hit is a fresh copy that no plugin can alter for later hits, as
 * with Redis. The entity index (`Type` and `Type:id` → responses) lives and dies with the responses, and its
 * strings are counted in each response's size.
 */
import { LRUCache } from 'lru-cache';
// The store contract is yoga's response-cache `Cache` (response-store.ts names it ResponseStore).
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import { joinResult, servedFrom, splitResult, type ServedResponse } from './served.js';

export interface MemoryResponseStoreOptions {
  maxEntries: number;
  /** RESPONSE_CACHE_MAX_BYTES. */
  maxBytes: number;
}

export interface MemoryResponseStore extends Cache {
  /** A hit with its data left as the stored JSON text (served.ts). */
  getServed(id: string): ServedResponse | undefined;
  /** Bytes the stored responses and their index entries take (never above `maxBytes`). */
  readonly calculatedSize: number;
  readonly size: number;
}

interface Stored {
  /** The result without `data`, as JSON, and its `data` as JSON (served.ts). */
  rest: string;
  dataJson: string;
  /** `Type` and `Type:id` of every entity the response showed. */
  entities: string[];
}

/** Per response and per index entry: the LRU's node, the Map/Set slots. */
const OVERHEAD_BYTES = 128;
const INDEX_ENTRY_BYTES = 64;

export function createMemoryResponseStore(o: MemoryResponseStoreOptions): MemoryResponseStore {
  const index = new Map<string, Set<string>>();
  const unindex = (id: string, stored: Stored) => {
    for (const entity of stored.entities) {
      const ids = index.get(entity);
      ids?.delete(id);
      if (ids?.size === 0) index.delete(entity);
    }
  };
  const responses = new LRUCache<string, Stored>({
    max: o.maxEntries,
    maxSize: o.maxBytes,
    sizeCalculation: (stored, id) =>
      OVERHEAD_BYTES +
      2 * id.length +
      Buffer.byteLength(stored.rest) +
      Buffer.byteLength(stored.dataJson) +
      stored.entities.reduce((n, e) => n + INDEX_ENTRY_BYTES + 2 * e.length, 0),
    // Evicted, expired, deleted or replaced: its index entries go with it.
    dispose: (stored, id) => unindex(id, stored),
    ttlAutopurge: false,
  });
  return {
    get calculatedSize() {
      return responses.calculatedSize;
    },
    get size() {
      return responses.size;
    },
    get(id) {
      const stored = responses.get(id);
      return stored === undefined ? undefined : joinResult(stored.rest, stored.dataJson);
    },
    getServed(id) {
      const stored = responses.get(id);
      return stored === undefined ? undefined : servedFrom(stored.rest, stored.dataJson);
    },
    set(id, result, entities, ttl) {
      const keys = new Set<string>();
      for (const { typename, id: entityId } of entities) {
        keys.add(typename);
        if (entityId !== undefined && entityId !== null) keys.add(`${typename}:${entityId}`);
      }
      const stored: Stored = { ...splitResult(result), entities: [...keys] };
      responses.set(id, stored, Number.isFinite(ttl) && ttl > 0 ? { ttl: Math.ceil(ttl) } : {});
      // Not stored (larger than the whole budget): index nothing.
      if (responses.peek(id) !== stored) return;
      for (const key of stored.entities) {
        let ids = index.get(key);
        if (!ids) index.set(key, (ids = new Set()));
        ids.add(id);
      }
    },
    invalidate(entities) {
      for (const { typename, id } of entities) {
        const key = id === undefined || id === null ? typename : `${typename}:${id}`;
        for (const responseId of [...(index.get(key) ?? [])]) responses.delete(responseId);
      }
    },
  };
}
