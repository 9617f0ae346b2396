/**
 * Admission by weight (issue 18): the process must never die of memory. An operation's weight is its upstream
 * cost estimate (`meter.estimatedCalls`, set by upstream-cost.ts just before this plugin runs): what it holds in
 * the heap while it runs grows with the refs and pages it reads, which is what the estimate counts. Operations
 * lighter than `heavyCalls` pass at once and cost nothing here. Heavy ones share `maxWeight` between them: one
 * that does not fit waits (first come, first served) up to `queueMs`, then is refused with 503 OVERLOADED and
 * `Retry-After` before execution (only the first pages its estimate read ahead were called). Response-cache hits are
 * answered before execution and never reach this.
 *
 * The weight is held until the response is handed to the server (yoga's onResponse), not only until execution
 * ends: the result is still in the heap while it is serialised.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphContext } from '../graph/context.js';
import { ErrorCode } from '../graph/errors.js';

/** The defaults that do not depend on the heap (config/heap-budgets.ts sizes `maxWeight`). */
// 5 s of queue: a heavy operation's estimate is an upper bound (past the pages read ahead, the model's), so under a
// burst they wait their turn rather than being refused after one second.
export const ADMISSION_DEFAULTS = { heavyCalls: 20, queueMs: 5_000 } as const;

export interface AdmissionSettings {
  /** ADMISSION_HEAVY_CALLS: operations estimated at fewer upstream calls are never held back. */
  heavyCalls: number;
  /** ADMISSION_MAX_WEIGHT: the estimated calls of the heavy operations in flight, together, at most. */
  maxWeight: number;
  /** ADMISSION_QUEUE_MS: how long a heavy operation waits for room before it is refused. */
  queueMs: number;
}

interface Waiter {
  weight: number;
  admit: () => void;
}

/** A weighted semaphore with a FIFO queue: a waiter is admitted only when it fits and nobody is ahead of it. */
export class WeightGate {
  #inFlight = 0;
  readonly #queue: Waiter[] = [];

  constructor(readonly capacity: number) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Resolves with a release function once admitted, or with undefined after `waitMs` without room. */
  acquire(weight: number, waitMs: number): Promise<(() => void) | undefined> {
    // One operation heavier than the whole gate still runs, alone.
    const w = Math.min(weight, this.capacity);
    if (this.#queue.length === 0 && this.#inFlight + w <= this.capacity) return Promise.resolve(this.#take(w));
    return new Promise((resolve) => {
      const waiter: Waiter = {
        weight: w,
        admit: () => {
          clearTimeout(timer);
          resolve(this.#take(w));
        },
      };
      const timer = setTimeout(() => {
        this.#queue.splice(this.#queue.indexOf(waiter), 1);
        resolve(undefined);
        this.#drain();
      }, waitMs);
      this.#queue.push(waiter);
    });
  }

  #take(weight: number): () => void {
    this.#inFlight += weight;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= weight;
      this.#drain();
    };
  }

  #drain(): void {
    while (this.#queue.length > 0 && this.#inFlight + this.#queue[0]!.weight <= this.capacity) {
      this.#queue.shift()!.admit();
    }
  }
}

/** The admission plugin; place it after the upstream-cost plugin (which sets the estimate). */
export function useAdmission(s: AdmissionSettings, onRefused?: () => void): Plugin<GraphContext> {
  const gate = new WeightGate(s.maxWeight);
  const releases = new WeakMap<Request, () => void>();
  const retryAfterS = String(Math.max(1, Math.ceil(s.queueMs / 1000)));
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const weight = args.contextValue.meter.estimatedCalls;
      if (weight < s.heavyCalls) return;
      const release = await gate.acquire(weight, s.queueMs);
      if (!release) {
        onRefused?.();
        setResultAndStopExecution({ errors: [overloaded(weight, retryAfterS)] });
        return;
      }
      const request = (args.contextValue as { request?: Request }).request;
      if (request) releases.set(request, release);
      // Without a request to wait for (execution outside HTTP), the weight goes back when execution ends.
      return request ? undefined : { onExecuteDone: release };
    },
    onResponse({ request }) {
      releases.get(request)?.();
    },
  };
}

function overloaded(weight: number, retryAfterS: string): GraphQLError {
  return new GraphQLError(
    `The gateway is busy with other large operations; retry in ${retryAfterS} s, or ask for fewer resources at once.`,
    {
      extensions: {
        code: ErrorCode.OVERLOADED,
        estimatedCalls: weight,
        http: { status: 503, headers: { 'retry-after': retryAfterS } },
      },
    },
  );
}
