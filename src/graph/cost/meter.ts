/**
 * One GraphQL request's upstream bill (issue 14, "Know the cost"): the calls it made (each attempt, retries
 * included: what the upstream's own log shows for it), the answers the upstream cache gave it, the answers it
 * got from another request's call, and how old the oldest of its data is. The layers below report to it through
 * `CallOptions.meter`; the upstream-cost plugin reads it into `extensions.upstream`.
 *
 * It also holds the request's budget (MAX_UPSTREAM_CALLS): once that many calls are made, every further call
 * is refused before it is sent, with an UpstreamError that maskError maps to UPSTREAM_BUDGET_EXCEEDED.
 */
import { BUDGET_CODE, UpstreamError, type Operation } from '../../upstream/errors.js';
import type { GenerationRead } from '../../cache/generations.js';
import type { CallMeter } from '../../upstream/types.js';

/** The upstream code of a call refused by the request's budget (never an upstream's own code). */

export interface UpstreamBill {
  estimatedCalls: number;
  calls: number;
  cacheHits: number;
  coalesced: number;
  /** ISO 8601 time of the oldest upstream answer the response used; absent when it used none. */
  oldestFetchedAt?: string;
}

/** Why a closed meter's signal is aborted: made once (an AbortError per request was a visible cost). */
const ANSWERED = new DOMException('The response is final.', 'AbortError');

export class RequestMeter implements CallMeter {
  calls = 0;
  cacheHits = 0;
  coalescedCount = 0;
  /** Set before execution by the upstream-cost plugin (0 when no estimate was made). */
  estimatedCalls = 0;
  #oldest: number | undefined;
  readonly #answered = new AbortController();
  /** `identity|region|kind` of the tag data this request used (see `read`). */
  readonly readScopes = new Set<string>();
  /** The write generations the request's data was read under, by `identity|region|kinds` (the first one seen). */
  readonly generationsRead = new Map<string, GenerationRead>();

  /** `budget`: most calls this request may make (Infinity: no limit). */
  constructor(readonly budget = Infinity) {}

  /** Aborted once the response is final (`close`): the work still running for it stops (the context's signal). */
  get signal(): AbortSignal {
    return this.#answered.signal;
  }

  /**
   * The response is final (issue 19, item 4): no further call is made on this request's behalf, so `calls` stays
   * what the upstream's log shows for it. Work still running is aborted; a call it would still make is refused
   * before it is sent (as by the budget: a request that shares the load calls for itself instead).
   */
  close(): void {
    this.#answered.abort(ANSWERED);
  }

  /** The meter's signal, aborted also when `signal` is (the client went away): the context's one signal. */
  following(signal: AbortSignal): AbortSignal {
    // A listener, not AbortSignal.any: that made a signal and weak references per request (issue 18's profile).
    if (signal.aborted) this.close();
    else signal.addEventListener('abort', () => this.close(), { once: true });
    return this.signal;
  }

  beforeCall(operation: string): void {
    if (this.#answered.signal.aborted) throw answeredError(operation as Operation);
    if (this.calls >= this.budget) throw budgetError(operation as Operation, this.budget);
    this.calls++;
    // The answer will be at least this fresh (a cache below marks the exact time when it keeps the answer).
    this.fetched(Date.now());
  }

  cacheHit(fetchedAt: number): void {
    this.cacheHits++;
    this.fetched(fetchedAt);
  }

  coalesced(): void {
    this.coalescedCount++;
  }

  read(identity: string, regionId: string, kinds: readonly string[], generation: string | undefined): void {
    for (const kind of kinds) this.readScopes.add(readScope(identity, regionId, kind));
    const at = `${identity}|${regionId}|${kinds.join(',')}`;
    if (!this.generationsRead.has(at)) this.generationsRead.set(at, { identity, regionId, kinds, generation });
  }

  fetched(fetchedAt: number): void {
    if (this.#oldest === undefined || fetchedAt < this.#oldest) this.#oldest = fetchedAt;
  }

  /** Epoch ms of the oldest answer used, if any. */
  get oldestFetchedAt(): number | undefined {
    return this.#oldest;
  }

  bill(): UpstreamBill {
    return {
      estimatedCalls: this.estimatedCalls,
      calls: this.calls,
      cacheHits: this.cacheHits,
      coalesced: this.coalescedCount,
      ...(this.#oldest !== undefined ? { oldestFetchedAt: new Date(this.#oldest).toISOString() } : {}),
    };
  }
}

/** How a (tenant, region, kind) of tag data is named in the response cache's index (type `TagScope`). */
export function readScope(identity: string, regionId: string, kind: string): string {
  return `${identity}|${regionId}|${kind}`;
}

/** The error of a call the request's budget refuses (not retryable: no attempt is made). */
function budgetError(operation: Operation, budget: number): UpstreamError {
  return new UpstreamError({
    operation,
    code: BUDGET_CODE,
    message: `This request reached its budget of ${budget} upstream calls; ${operation} was not called.`,
    status: 429,
    retryable: false,
  });
}

/** The error of a call asked for after the request was answered (never sent; no client sees it). */
function answeredError(operation: Operation): UpstreamError {
  return new UpstreamError({
    operation,
    code: BUDGET_CODE,
    message: `The request was already answered; ${operation} was not called.`,
    status: 429,
    retryable: false,
  });
}
