/**
 * A bounded memo for values that are pure functions of a string key (cache keys, cursor MACs and fingerprints, the
 * cost walk): the same few keys come back on every warm request, and rebuilding them (canonical JSON, SHA-256,
 * HMAC, variable coercion) was a visible share of a warm request's CPU (issue 18's profile).
 */
export class BoundedMemo<V> {
  readonly #entries = new Map<string, V>();

  /**
   * `max`: entries kept at most; when full the memo is emptied (simpler than an LRU: hot keys come straight back).
   * Keys longer than `maxKeyChars` are never kept: a large input's key would cost more heap than its value saves.
   */
  constructor(
    private readonly max: number,
    private readonly maxKeyChars = 4_096,
  ) {}

  get(key: string, make: () => V): V {
    if (key.length > this.maxKeyChars) return make();
    const known = this.#entries.get(key);
    if (known !== undefined || this.#entries.has(key)) return known as V;
    const value = make();
    if (this.#entries.size >= this.max) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
