/**
 * A counting semaphore per key (`service:region`), so one query fanning out cannot start a throttling storm:
 * at most `limit` calls are in flight per upstream and region; the rest wait in FIFO order.
 */
export class KeyedLimiter {
  private readonly inFlight = new Map<string, number>();
  private readonly queues = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  async run<T>(key: string, signal: AbortSignal, task: () => Promise<T>): Promise<T> {
    await this.acquire(key, signal);
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  private acquire(key: string, signal: AbortSignal): Promise<void> {
    const used = this.inFlight.get(key) ?? 0;
    if (used < this.limit) {
      this.inFlight.set(key, used + 1);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(key) ?? [];
      this.queues.set(key, queue);
      const grant = () => {
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        const i = queue.indexOf(grant);
        if (i >= 0) queue.splice(i, 1);
        reject(signal.reason);
      };
      queue.push(grant);
      signal.addEventListener('abort', abort, { once: true });
    });
  }

  /** Hands the slot straight to the next waiter, or frees it. */
  private release(key: string): void {
    const queue = this.queues.get(key);
    const next = queue?.shift();
    if (queue?.length === 0) this.queues.delete(key);
    if (next) return next();
    const used = (this.inFlight.get(key) ?? 1) - 1;
    if (used <= 0) this.inFlight.delete(key);
    else this.inFlight.set(key, used);
  }
}
