/**
 * The embedded default store (no REDIS_URL): an in-process LRU with per-entry TTLs, bounded by entry count and by
 * bytes (what a container's memory limit is about), and locks that are only as distributed as the process. It
 * never fails, so it needs no breaker.
 */
import { LRUCache } from 'lru-cache';
import { newLockToken, pollForValue, type CacheStore, type WaitOptions, type WaitResult } from './store.js';

export interface MemoryStoreOptions {
  /** CACHE_MEMORY_MAX_ENTRIES: least-recently-used entries are evicted beyond this. */
  maxEntries: number;
  /** CACHE_MEMORY_MAX_BYTES: least-recently-used entries are evicted beyond this many bytes of keys and values. */
  maxBytes?: number;
}

const DEFAULT_MEMORY_MAX_BYTES = 64 * 1024 * 1024;

/**
 * What one entry costs: its key and value as UTF-8 (V8 keeps ASCII strings at one byte a character, others at
 * two, so this never undercounts by more than the fixed part) plus the LRU's own bookkeeping per entry.
 */
function entryBytes(key: string, value: string): number {
  return Buffer.byteLength(key) + Buffer.byteLength(value) + ENTRY_OVERHEAD_BYTES;
}
const ENTRY_OVERHEAD_BYTES = 128;

export class MemoryStore implements CacheStore {
  readonly kind = 'memory' as const;
  readonly #entries: LRUCache<string, string>;
  readonly #locks: LRUCache<string, string>;

  constructor(options: MemoryStoreOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    const maxBytes = options.maxBytes ?? DEFAULT_MEMORY_MAX_BYTES;
    if (!Number.isInteger(maxBytes) || maxBytes < 1)
      throw new RangeError(`maxBytes must be a positive integer, got ${maxBytes}`);
    // ttlAutopurge off: expired entries are dropped lazily on read and by LRU eviction, no timer per entry. An
    // entry larger than the whole budget is not stored at all (lru-cache's maxEntrySize defaults to maxSize).
    this.#entries = new LRUCache<string, string>({
      max: options.maxEntries,
      maxSize: maxBytes,
      sizeCalculation: (value, key) => entryBytes(key, value),
      ttlAutopurge: false,
    });
    this.#locks = new LRUCache<string, string>({ max: options.maxEntries, ttlAutopurge: false });
  }

  /** Entries currently held (expired ones included until touched). */
  get size(): number {
    return this.#entries.size;
  }

  /** Bytes the entries currently take, as `entryBytes` counts them (never above `maxBytes`). */
  get calculatedSize(): number {
    return this.#entries.calculatedSize;
  }

  async get(key: string): Promise<string | null> {
    return this.#entries.get(key) ?? null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    this.#entries.set(key, value, { ttl: Math.ceil(ttlMs) });
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  async tryLock(key: string, ttlMs: number): Promise<string | null> {
    if (this.#locks.has(key)) return null;
    const token = newLockToken();
    this.#locks.set(key, token, { ttl: Math.max(1, Math.ceil(ttlMs)) });
    return token;
  }

  async unlock(key: string, token: string): Promise<boolean> {
    if (this.#locks.get(key) !== token) return false;
    this.#locks.delete(key);
    return true;
  }

  async renewLock(key: string, token: string, ttlMs: number): Promise<boolean> {
    if (this.#locks.get(key) !== token) return false;
    this.#locks.set(key, token, { ttl: Math.max(1, Math.ceil(ttlMs)) });
    return true;
  }

  async isLocked(key: string): Promise<boolean> {
    return this.#locks.has(key);
  }

  waitFor(key: string, lockKey: string, options: WaitOptions): Promise<WaitResult> {
    return pollForValue(this, key, lockKey, options);
  }

  async close(): Promise<void> {
    this.#entries.clear();
    this.#locks.clear();
  }
}

export function createMemoryStore(options: MemoryStoreOptions): MemoryStore {
  return new MemoryStore(options);
}
