/**
 * Entries are validated once when they enter the process, not on every read. `decodeEntry` (JSON.parse plus
 * the zod schemas) was the largest single cost of a request whose upstream pages are cached: a 50-row catalog
 * page re-validated the same entries on every request. This LRU keeps the decoded entry next to the raw string
 * it came from, keyed by cache key: a read whose raw text is the same string (the memory store hands back the
 * very object, so the comparison is a pointer check; from Redis it is one memcmp, far cheaper than a parse) gets
 * the decoded entry; any other text (rewritten, corrupt, foreign) is decoded and validated again, as before.
 *
 * The decoded entries are shared between requests, so they are deep-frozen: a caller that tried to mutate
 * one would throw instead of corrupting every later read. (Values shared by a single-flight load are still
 * structured-cloned by `deliver`, as before.)
 */
import { LRUCache } from 'lru-cache';
import type { ReadOperation as Operation } from '../upstream/errors.js';
import { decodeEntry, type Entry } from './entry.js';

export interface DecodedEntriesOptions {
  /** Entries kept (least recently used dropped beyond). */
  maxEntries?: number;
  /** Heap kept, counted as DECODED_HEAP_FACTOR × the raw text's length per entry. */
  maxBytes?: number;
}

/**
 * What a decoded entry costs in the heap, per character of its JSON: its object graph (objects, arrays, their
 * strings) takes about three times the text it was parsed from; the raw text itself is the store's.
 */
export const DECODED_HEAP_FACTOR = 3;

const DEFAULT_MAX_ENTRIES = 5_000;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

interface Decoded {
  raw: string;
  entry: Entry;
  /** When the store last handed out this text (Date.now()). */
  readAt: number;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export class DecodedEntries {
  readonly #lru: LRUCache<string, Decoded>;

  constructor(options: DecodedEntriesOptions = {}) {
    this.#lru = new LRUCache<string, Decoded>({
      max: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      maxSize: options.maxBytes ?? DEFAULT_MAX_BYTES,
      sizeCalculation: (d, key) => DECODED_HEAP_FACTOR * d.raw.length + 2 * key.length + 256,
    });
  }

  /** `decodeEntry(raw, key, op)`, answered from memory when this exact text was decoded before. */
  decode<O extends Operation>(raw: string, key: string, op: O): Entry<O> | null {
    const known = this.#lru.get(key);
    if (known !== undefined && known.raw === raw && known.entry.op === op) {
      known.readAt = Date.now();
      return known.entry as Entry<O>;
    }
    const entry = decodeEntry(raw, key, op);
    if (entry === null) this.#lru.delete(key);
    else this.#lru.set(key, { raw, entry: deepFreeze(entry), readAt: Date.now() });
    return entry;
  }

  /** The entry the store handed out for `key` less than `withinMs` ago, if any (no store read). */
  recent<O extends Operation>(key: string, op: O, withinMs: number): Entry<O> | undefined {
    const known = this.#lru.get(key);
    return known !== undefined && known.entry.op === op && Date.now() - known.readAt < withinMs
      ? (known.entry as Entry<O>)
      : undefined;
  }

  /** Forgets `key` (this process wrote it anew: the next read must see the new text). */
  forget(key: string): void {
    this.#lru.delete(key);
  }

  get size(): number {
    return this.#lru.size;
  }
}
