/**
 * Remembers signature nonces per key for `ttlMs` (twice the clock-skew tolerance: a request whose timestamp
 * is accepted can be replayed at most that long). Insertion order is expiry order, so pruning pops from
 * the front. At most `max` nonces are kept (the oldest go first).
 */
export class NonceStore {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 1_000_000,
  ) {}

  /** Records `nonce`; false when it was already seen within the window. */
  use(nonce: string, now = Date.now()): boolean {
    this.prune(now);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now + this.ttlMs);
    if (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  private prune(now: number): void {
    for (const [nonce, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(nonce);
    }
  }

  clear(): void {
    this.seen.clear();
  }
}
