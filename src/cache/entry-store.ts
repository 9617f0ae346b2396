/**
 * Typed entries over a `CacheStore`, and the one place store failures are counted (`stats().errors`) and logged.
 * The store is never a reason to fail: every caller turns a failure into "no cache" and reports it here.
 */
import type { Logger } from 'pino';
import type { ReadOperation as Operation } from '../upstream/errors.js';
import { DecodedEntries } from './decoded-entries.js';
import { encodeEntry, isFresh, type Entry } from './entry.js';
import type { CacheStore } from './stores/store.js';

export class EntryStore {
  #errors = 0;
  /** Entries decoded once per raw text, not once per read (see decoded-entries.ts). */
  readonly #decoded: DecodedEntries;

  constructor(
    readonly store: CacheStore,
    private readonly logger: Logger,
    decodedMaxBytes?: number,
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
    try {
      await this.store.set(key, encodeEntry(entry), ttlMs);
    } catch (err) {
      this.failed('write', key, err);
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
