/**
 * The storage contract the cache layer needs: opaque serialized entries with a TTL, a distributed lock with
 * compare-and-delete release and compare-and-expire renewal, and a bounded wait for a value another lock holder is producing.
 * Implementations: `memory-store.ts` (in-process LRU) and `redis-store.ts` (ioredis, with a circuit breaker).
 *
 * Every method may reject with a `StoreUnavailableError` (Redis down, slow, breaker open); callers treat that
 * as "no cache" and go upstream, never as a request failure.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export type WaitResult =
  /** A value the `accept` predicate took. */
  | { status: 'value'; raw: string }
  /** The lock is gone and no acceptable value appeared: the holder finished without one, or crashed. */
  | { status: 'unlocked' }
  /** Neither happened within `timeoutMs`. */
  | { status: 'timeout' };

export interface WaitOptions {
  /** Upper bound on the whole wait; the cache waits one lock lifetime (CACHE_LOCK_TIMEOUT_MS) per round. */
  timeoutMs: number;
  /** Which raw values end the wait (for example: decodes and is fresh). Default: any value. */
  accept?: (raw: string) => boolean;
  signal?: AbortSignal;
}

export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** The serialized entry, or null when absent or expired. */
  get(key: string): Promise<string | null>;
  /** Stores `value` under `key` for `ttlMs` milliseconds (> 0). */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Takes `key` as a lock for `ttlMs` unless someone holds it; the token proves ownership, null when held. */
  tryLock(key: string, ttlMs: number): Promise<string | null>;
  /** Releases the lock only if `token` still owns it (compare-and-delete); true when released. */
  unlock(key: string, token: string): Promise<boolean>;
  /**
   * Extends the lock to live `ttlMs` from now, only if `token` still owns it (compare-and-expire): a holder whose
   * work outlives the lock keeps it. False when the lock expired or another holder has it.
   */
  renewLock(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** True while someone holds the lock. */
  isLocked(key: string): Promise<boolean>;
  /**
   * Waits for an acceptable value at `key` while `lockKey` is held, polling with capped exponential backoff.
   * Ends at the first acceptable value, when the lock disappears without one, or after `timeoutMs`.
   */
  waitFor(key: string, lockKey: string, options: WaitOptions): Promise<WaitResult>;
  close(): Promise<void>;
}

/** The store could not answer; the caller should carry on without the cache. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Poll schedule of `pollForValue`: first re-check after 5 ms, x1.6 each time, capped at 100 ms, ±20% jitter. */
const POLL_INITIAL_MS = 5;
const POLL_MAX_MS = 100;
const POLL_FACTOR = 1.6;

/** Shared implementation of `CacheStore.waitFor` on top of `get` and `isLocked`. */
export async function pollForValue(
  store: Pick<CacheStore, 'get' | 'isLocked'>,
  key: string,
  lockKey: string,
  options: WaitOptions,
): Promise<WaitResult> {
  const accept = options.accept ?? (() => true);
  const deadline = Date.now() + Math.max(0, options.timeoutMs);
  let delay = POLL_INITIAL_MS;
  for (;;) {
    options.signal?.throwIfAborted();
    const [raw, locked] = await Promise.all([store.get(key), store.isLocked(lockKey)]);
    if (raw !== null && accept(raw)) return { status: 'value', raw };
    if (!locked) {
      // The value may have landed between the two reads; look once more before reporting the lock gone.
      const again = await store.get(key);
      if (again !== null && accept(again)) return { status: 'value', raw: again };
      return { status: 'unlocked' };
    }
    const left = deadline - Date.now();
    if (left <= 0) return { status: 'timeout' };
    const jittered = delay * (0.8 + Math.random() * 0.4);
    await sleep(Math.min(jittered, left), undefined, options.signal ? { signal: options.signal } : undefined);
    delay = Math.min(delay * POLL_FACTOR, POLL_MAX_MS);
  }
}

/** A random lock token (unguessable, unique per acquisition). */
export function newLockToken(): string {
  return `${process.pid}.${crypto.randomUUID()}`;
}
