/**
 * A held stampede lock that lives as long as the work under it. The lock's TTL (CACHE_LOCK_TIMEOUT_MS) only
 * bounds how long a crashed holder blocks the others; a live holder whose upstream call takes longer renews it
 * every third of its lifetime (compare-and-expire: a lock already lost is never revived), so no waiter takes it
 * over and calls upstream a second time. Released (compare-and-delete) when the work is done.
 */
import type { CacheStore } from '../stores/store.js';

/**
 * The longest a lease is renewed. Every upstream call ends by its own deadline (UPSTREAM_DEADLINE_MS, 20 s by
 * default) long before this: the cap only guards against work that never settles holding the lock for ever.
 * Past it the lock expires as it did before renewal existed, and a waiter takes over.
 */
export const LEASE_MAX_MS = 60_000;

export interface LeaseEvents {
  /** A store operation of the lease failed (`renew`, `unlock`). */
  failed(what: string, err: unknown): void;
  /** The lock was no longer ours at a renewal (it expired, and maybe another holder has it now). */
  lost(): void;
}

export class LockLease {
  readonly #until = Date.now() + LEASE_MAX_MS;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #released = false;

  private constructor(
    private readonly store: CacheStore,
    private readonly lockKey: string,
    private readonly token: string,
    private readonly ttlMs: number,
    private readonly events: LeaseEvents,
  ) {
    this.#schedule();
  }

  /** Takes the lock for `ttlMs` and keeps renewing it; null when someone holds it. Rejects when the store fails. */
  static async acquire(
    store: CacheStore,
    lockKey: string,
    ttlMs: number,
    events: LeaseEvents,
  ): Promise<LockLease | null> {
    const token = await store.tryLock(lockKey, ttlMs);
    return token === null ? null : new LockLease(store, lockKey, token, ttlMs, events);
  }

  /** Stops renewing and releases the lock if it is still ours. Never throws (a failure is reported). */
  release(): void {
    this.#released = true;
    clearTimeout(this.#timer);
    this.store.unlock(this.lockKey, this.token).catch((err: unknown) => this.events.failed('unlock', err));
  }

  #schedule(): void {
    if (this.#released || Date.now() >= this.#until) return;
    // The next renewal is scheduled only once this one answered: a slow store never piles renewals up.
    this.#timer = setTimeout(() => void this.#renew(), Math.max(1, Math.floor(this.ttlMs / 3)));
    this.#timer.unref();
  }

  async #renew(): Promise<void> {
    if (this.#released) return;
    try {
      if (!(await this.store.renewLock(this.lockKey, this.token, this.ttlMs))) {
        if (!this.#released) this.events.lost();
        return;
      }
    } catch (err) {
      // Transient or not, the lock still lives until its TTL: report it and try again next round.
      this.events.failed('renew', err);
    }
    this.#schedule();
  }
}
