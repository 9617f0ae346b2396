/**
 * Stale-while-revalidate: a stale entry is served at once and refreshed in the background, once — one refresh
 * per key per process, and across processes only the holder of the store lock refreshes. A failed refresh is
 * logged, not thrown, and that key's next refresh waits REFRESH_RETRY_MS (the stale entry is served meanwhile).
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { runDetached } from '../../observability/spans.js';
import { UpstreamError, type ReadOperation as Operation } from '../../upstream/errors.js';
import { isFresh, type Entry } from '../entry.js';
import type { EntryStore } from '../entry-store.js';
import type { Fetcher, LoadJob } from './fetch-and-store.js';
import type { LockedLoader } from './locked-load.js';

/** After a failed background refresh, stale reads of that key wait this long before trying another one. */
export const REFRESH_RETRY_MS = 1_000;

export class BackgroundRefresher {
  /** Keys with a background refresh running (this process). */
  readonly #refreshing = new Set<string>();
  /** Keys whose last background refresh failed, for REFRESH_RETRY_MS (bounded, expires by itself). */
  readonly #failed = new LRUCache<string, true>({ max: 10_000, ttl: REFRESH_RETRY_MS });

  constructor(
    private readonly entries: EntryStore,
    private readonly fetcher: Fetcher,
    private readonly locks: LockedLoader,
    /** True while a foreground load of the key runs here: it writes a fresh value anyway. */
    private readonly loading: (key: string) => boolean,
    private readonly logger: Logger,
  ) {}

  /** Starts refreshing `stale`'s key in the background, unless one is running or the last one failed recently. */
  refresh<O extends Operation>(job: LoadJob<O>, stale: Entry<O>): void {
    const { key } = job;
    if (this.#refreshing.has(key) || this.loading(key) || this.#failed.has(key)) return;
    this.#refreshing.add(key);
    // Not the triggering request's work: its meter counts none of it, nor do its log line and trace.
    runDetached(() => this.#run(job, stale))
      .catch((err: unknown) => {
        this.#failed.set(key, true);
        if (err instanceof UpstreamError) {
          this.logger.warn(
            { key, operation: job.op, code: err.code, status: err.status },
            'cache: background refresh failed',
          );
        } else {
          this.entries.failed('refresh', key, err);
        }
      })
      .finally(() => this.#refreshing.delete(key));
  }

  async #run<O extends Operation>(job: LoadJob<O>, stale: Entry<O>): Promise<void> {
    const lease = await this.locks.acquire(job.key);
    if (lease === null) return; // another process is refreshing (or loading) this key
    try {
      const current = await this.entries.read(job.op, job.key);
      if (current && current.fetchedAt > stale.fetchedAt && isFresh(current)) return; // refreshed meanwhile
      await this.fetcher.fetch(job, true);
    } finally {
      lease.release();
    }
  }
}
