/**
 * One load per key per process: callers asking for a key that is already loading join that load instead of
 * starting another. The load is shared, so it never carries one caller's signal (see `abortable`).
 */
export class SingleFlight<V> {
  readonly #inflight = new Map<string, Promise<V>>();

  /** True while a load of `key` runs. */
  has(key: string): boolean {
    return this.#inflight.has(key);
  }

  /** The running load of `key`, or a new one from `start`. */
  run<T extends V>(key: string, start: () => Promise<T>): Promise<T> {
    const existing = this.#inflight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const flight = start().finally(() => this.#inflight.delete(key));
    flight.catch(() => {}); // every caller may have gone (aborted); never an unhandled rejection
    this.#inflight.set(key, flight);
    return flight;
  }
}
