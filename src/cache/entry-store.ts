/**
 * Typed entries over a `CacheStore`, and the one place store failures are counted (`stats().errors`) and logged.
 * The store is never a reason to fail: every caller turns a failure into "no cache" and reports it here.
 */
import type { Logger } from 'pino';
import type { ReadOperation as Operation } from '../upstream/errors.js';
import { DecodedEntries } from './decoded-entries.js';
import { encodeEntry, isFresh, type Entry } from './entry.js';
import type { CacheStore } from './stores/store.js';

/**
 * CACHE_RECENT_READ_MS's default: how long an entry read from Redis is answered again without another GET (issue 18): a warm catalog request
 * read six 15 KB pages from Redis, and transferring and comparing them was most of its Redis cost. Only fresh
 * entries are answered so; a write by this process forgets its key at once, a write generation changes the key
 * itself (it is read on every lookup), so the only thing the window can delay is another replica's refresh of a
 * still-fresh entry (a forced refresh there): by at most this long.
 */
export const RECENT_READ_MS = 1_000;

export class EntryStore {
  #errors = 0;
  /** Entries decoded once per raw text, not once per read (see decoded-entries.ts). */
  readonly #decoded: DecodedEntries;

  constructor(
    readonly store: CacheStore,
    private readonly logger: Logger,
    decodedMaxBytes?: number,
    private readonly recentReadMs = RECENT_READ_MS,
  ) {
    this.#decoded = new DecodedEntries(decodedMaxBytes === undefined ? {} : { maxBytes: decodedMaxBytes });
  }

  /** Store operations that failed so far. */
  get errors(): number {
    return this.#errors;
  }

  /** Counts and logs a failed store operation (`what`: read, write, lock, wait, unlock, renew, refresh). */
  failed(what: string, key: string, err: unknown): void {
    this.#errors++;
    this.logger.debug({ key, err: err instanceof Error ? err.message : String(err) }, `cache: store ${what} failed`);
  }

  /** The entry at `key` for `op`; null when absent, corrupt or foreign. Rejects when the store fails. */
  async read<O extends Operation>(op: O, key: string): Promise<Entry<O> | null> {
    // The memory store hands back its own object at no cost: only a remote store's reads are worth skipping.
    if (this.store.kind === 'redis' && this.recentReadMs > 0) {
      const recent = this.#decoded.recent(key, op, this.recentReadMs);
      if (recent !== undefined && isFresh(recent)) return recent;
    }
    const raw = await this.store.get(key);
    if (raw === null) return null;
    const entry = this.#decoded.decode(raw, key, op);
    if (entry === null) this.logger.debug({ key }, 'cache: ignoring a corrupt or foreign entry');
    return entry;
  }

  /** Like `read`, but a store failure is reported and answers `undefined` (the store is down: no cache). */
  async tryRead<O extends Operation>(op: O, key: string): Promise<Entry<O> | null | undefined> {
    try {
      return await this.read(op, key);
    } catch (err) {
      this.failed('read', key, err);
      return undefined;
    }
  }

  /** Stores `entry` for `ttlMs` (nothing when not positive); a failure is reported, never thrown. */
  async write(key: string, entry: Entry, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    // Forgotten before and after: a read answered from the old text while the write was on its way is not kept.
    this.#decoded.forget(key);
    try {
      await this.store.set(key, encodeEntry(entry), ttlMs);
    } catch (err) {
      this.failed('write', key, err);
    } finally {
      this.#decoded.forget(key);
    }
  }

  /**
   * Waits (at most `timeoutMs`) for a fresh entry another lock holder writes; null when the lock disappears
   * without one or the time is up. Rejects when the store fails.
   */
  async waitForFresh<O extends Operation>(
    op: O,
    key: string,
    lockKey: string,
    timeoutMs: number,
  ): Promise<Entry<O> | null> {
    const result = await this.store.waitFor(key, lockKey, {
      timeoutMs,
      accept: (raw) => {
        const candidate = this.#decoded.decode(raw, key, op);
        return candidate !== null && isFresh(candidate);
      },
    });
    return result.status === 'value' ? this.#decoded.decode(result.raw, key, op) : null;
  }
}
