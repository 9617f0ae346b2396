/**
 * Per-caller token buckets (RATE_LIMIT_RPS, RATE_LIMIT_BURST): each caller has `burst` tokens, refilled at `rps`
 * a second; a request takes one or, when none is left, is told how long until one is. `MemoryBuckets` holds them
 * in this process (bounded: the least recently seen callers are forgotten, which only ever gives them a full
 * bucket); rate-limit-redis.ts shares them across replicas.
 */
export interface BucketSettings {
  /** Tokens per second. */
  rps: number;
  /** Bucket size: the most requests a caller may make at once. */
  burst: number;
}

/** `allowed`, or the milliseconds until the next token. */
export type Take = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface Buckets {
  take(key: string): Promise<Take>;
}

const MAX_BUCKETS = 100_000;

export class MemoryBuckets implements Buckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly s: BucketSettings,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async take(key: string): Promise<Take> {
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.s.burst, at: now };
    const tokens = Math.min(this.s.burst, bucket.tokens + (Math.max(0, now - bucket.at) * this.s.rps) / 1000);
    // Re-inserted at every take, so the Map's first entries are the least recently seen.
    this.#buckets.delete(key);
    if (this.#buckets.size >= MAX_BUCKETS) this.#buckets.delete(this.#buckets.keys().next().value!);
    if (tokens >= 1) {
      this.#buckets.set(key, { tokens: tokens - 1, at: now });
      return { allowed: true };
    }
    this.#buckets.set(key, { tokens, at: now });
    return { allowed: false, retryAfterMs: ((1 - tokens) * 1000) / this.s.rps };
  }
}
