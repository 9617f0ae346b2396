/**
 * The one upstream call of every cache path (miss, bypass, background refresh): call, then write the answer —
 * a value for its TTL plus the stale-while-revalidate window, a not-found answer for the negative TTL.
 */
import type { ReadOperation as Operation } from '../../upstream/errors.js';
import { ENTRY_VERSION, type Entry, type ResultByOperation } from '../entry.js';
import type { EntryStore } from '../entry-store.js';
import { isNegativeCacheable, negativeEntry } from './negative.js';

/** One cacheable upstream call: which operation, where its entry lives, how long it is fresh, how to make it. */
export interface LoadJob<O extends Operation = Operation> {
  op: O;
  key: string;
  /** How long a value stays fresh. */
  ttlMs: number;
  /** The upstream call. A shared load's call carries no caller's signal (callers abort their own wait). */
  fetch: () => Promise<ResultByOperation[O]>;
}

export interface FetchPolicy {
  /** CACHE_SWR_S in ms: a value is kept this long past its TTL, to be served stale while refreshing. */
  swrMs: number;
  /** CACHE_NEGATIVE_TTL_S in ms; 0 caches no error at all. */
  negativeTtlMs: number;
}

export class Fetcher {
  constructor(
    private readonly entries: EntryStore,
    private readonly policy: FetchPolicy,
  ) {}

  /** Calls upstream; writes the value (or a not-found answer) when `persist`; rejects with upstream's error. */
  async fetch<O extends Operation>(job: LoadJob<O>, persist: boolean): Promise<Entry<O>> {
    const { op, key, ttlMs } = job;
    let value: ResultByOperation[O];
    try {
      value = await job.fetch();
    } catch (err) {
      const negativeTtlMs = this.policy.negativeTtlMs;
      if (persist && negativeTtlMs > 0 && isNegativeCacheable(err)) {
        await this.entries.write(key, negativeEntry(op, key, err, negativeTtlMs), negativeTtlMs);
      }
      throw err;
    }
    const fetchedAt = Date.now();
    const entry: Entry<O> = {
      v: ENTRY_VERSION,
      key,
      op,
      kind: 'value',
      fetchedAt,
      expiresAt: fetchedAt + ttlMs,
      value,
    };
    if (persist) await this.entries.write(key, entry, ttlMs + this.policy.swrMs);
    return entry;
  }
}
