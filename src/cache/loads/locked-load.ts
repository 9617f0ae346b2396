/**
 * The miss path across processes: one holder of the store lock calls upstream (renewing the lock while it does,
 * see `LockLease`) and the others wait for its value. When the lock disappears without a value (the holder
 * failed, or crashed and stopped renewing) a waiter takes it over. A store failure means "no cache": the
 * caller loads without lock and without writing.
 */
import type { Logger } from 'pino';
import type { ReadOperation as Operation } from '../../upstream/errors.js';
import { isFresh, type Entry } from '../entry.js';
import type { EntryStore } from '../entry-store.js';
import type { Fetcher, LoadJob } from './fetch-and-store.js';
import { lockKeyFor } from '../keys.js';
import { LEASE_MAX_MS, LockLease, type LeaseEvents } from './lock-lease.js';

export class LockedLoader {
  constructor(
    private readonly entries: EntryStore,
    private readonly fetcher: Fetcher,
    /** CACHE_LOCK_TIMEOUT_MS: the lock's lifetime between renewals, and the length of one wait round. */
    private readonly lockTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** Takes `key`'s store lock and keeps it while working; null when another holder has it. Rejects on store failure. */
  acquire(key: string): Promise<LockLease | null> {
    const events: LeaseEvents = {
      failed: (what, err) => this.entries.failed(what, key, err),
      lost: () => this.logger.debug({ key }, 'cache: lock lost while loading (expired before a renewal)'),
    };
    return LockLease.acquire(this.entries.store, lockKeyFor(key), this.lockTimeoutMs, events);
  }

  /** Holds the lock and loads, or waits for the holder's value, or takes the lock over. */
  async load<O extends Operation>(job: LoadJob<O>): Promise<Entry<O>> {
    const { key } = job;
    const lockKey = lockKeyFor(key);
    // A live holder renews its lock up to LEASE_MAX_MS; only a lock that outlives even that is not waited for.
    const giveUpAt = Date.now() + LEASE_MAX_MS + this.lockTimeoutMs;
    for (;;) {
      let lease: LockLease | null;
      try {
        lease = await this.acquire(key);
      } catch (err) {
        this.entries.failed('lock', key, err);
        return this.fetcher.fetch(job, false);
      }
      if (lease) return this.#loadHolding(job, lease);
      const left = giveUpAt - Date.now();
      if (left <= 0) {
        this.logger.debug({ key }, 'cache: lock wait timed out, loading without the lock');
        return this.fetcher.fetch(job, true);
      }
      try {
        // One round lasts at most one lock lifetime: a lock still held after it is being renewed by a live holder.
        const found = await this.entries.waitForFresh(job.op, key, lockKey, Math.min(left, this.lockTimeoutMs));
        if (found) return found;
      } catch (err) {
        this.entries.failed('wait', key, err);
        return this.fetcher.fetch(job, false);
      }
      // The lock is gone without a value (holder failed or crashed), or is still renewed: try to take it.
    }
  }

  async #loadHolding<O extends Operation>(job: LoadJob<O>, lease: LockLease): Promise<Entry<O>> {
    try {
      // Another holder may have written the value between our read and our lock.
      const current = await this.entries.tryRead(job.op, job.key);
      if (current && isFresh(current)) return current;
      return await this.fetcher.fetch(job, true);
    } finally {
      lease.release();
    }
  }
}
