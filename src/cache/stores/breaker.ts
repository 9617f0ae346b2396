/**
 * A consecutive-failure circuit breaker. Closed: calls pass, failures are counted, a success resets the count.
 * After `failureThreshold` consecutive failures it opens: calls are refused at once (no I/O, no latency) for
 * `cooldownMs`. Then it is half-open: exactly one call goes through as a probe while the others are still
 * refused; the probe's success closes it, its failure re-opens it for another cool-down.
 * `onOpen` fires only on closed → open and `onClose` only on → closed, so an outage logs one line each way.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  onOpen?: (lastError: unknown) => void;
  onClose?: () => void;
  now?: () => number;
}

export class BreakerOpenError extends Error {
  override name = 'BreakerOpenError';
}

export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #onOpen: (lastError: unknown) => void;
  readonly #onClose: () => void;
  readonly #now: () => number;
  #failures = 0;
  #openedAt = 0;
  #open = false;
  #probing = false;

  constructor(options: BreakerOptions) {
    if (!(options.failureThreshold >= 1)) throw new RangeError('failureThreshold must be >= 1');
    if (!(options.cooldownMs >= 0)) throw new RangeError('cooldownMs must be >= 0');
    this.#threshold = options.failureThreshold;
    this.#cooldownMs = options.cooldownMs;
    this.#onOpen = options.onOpen ?? (() => {});
    this.#onClose = options.onClose ?? (() => {});
    this.#now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (!this.#open) return 'closed';
    return this.#now() - this.#openedAt >= this.#cooldownMs ? 'half-open' : 'open';
  }

  /** Runs `fn` unless the breaker refuses it (BreakerOpenError); records the outcome. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    let probe = false;
    if (this.#open) {
      if (this.#probing || this.#now() - this.#openedAt < this.#cooldownMs) {
        throw new BreakerOpenError('cache store circuit breaker is open');
      }
      probe = true;
      this.#probing = true;
    }
    try {
      const result = await fn();
      this.#success();
      return result;
    } catch (err) {
      this.#failure(err);
      throw err;
    } finally {
      if (probe) this.#probing = false;
    }
  }

  #success(): void {
    this.#failures = 0;
    if (this.#open) {
      this.#open = false;
      this.#onClose();
    }
  }

  #failure(err: unknown): void {
    this.#failures++;
    if (this.#open) {
      // A failed probe (or a call that started before opening): stay open, restart the cool-down, no new log.
      this.#openedAt = this.#now();
      return;
    }
    if (this.#failures >= this.#threshold) {
      this.#open = true;
      this.#openedAt = this.#now();
      this.#onOpen(err);
    }
  }
}
