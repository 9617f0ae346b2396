/**
 * Exponential backoff with full jitter (sleep = random(0, min(max, base * 2^attempt))), bounded by a number of
 * attempts and by one deadline for the whole call, retries included. Only errors marked retryable are retried.
 */
import { abortedError, deadlineError, UpstreamError, type Operation } from './errors.js';

export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  deadlineMs: number;
}

export interface Attempt {
  attempt: number;
  signal: AbortSignal;
  /** Milliseconds left before the deadline: the most this attempt may wait for an answer. */
  remainingMs: number;
}

export async function withRetry<T>(
  operation: Operation,
  policy: RetryPolicy,
  run: (attempt: Attempt) => Promise<T>,
  callerSignal?: AbortSignal,
): Promise<T> {
  const deadlineAt = Date.now() + policy.deadlineMs;
  const deadline = AbortSignal.timeout(policy.deadlineMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
  for (let attempt = 1; ; attempt++) {
    throwIfDone(operation, signal, callerSignal);
    try {
      return await run({ attempt, signal, remainingMs: Math.max(1, deadlineAt - Date.now()) });
    } catch (err) {
      throwIfDone(operation, signal, callerSignal);
      if (!(err instanceof UpstreamError) || !err.retryable || attempt >= policy.maxAttempts) throw err;
      const pause = backoff(policy, attempt);
      // A pause that ends after the deadline can only lead to a deadline error: give the real one now.
      if (Date.now() + pause >= deadlineAt) throw err;
      await sleep(pause, signal).catch(() => throwIfDone(operation, signal, callerSignal));
    }
  }
}

export function backoff(policy: Pick<RetryPolicy, 'backoffBaseMs' | 'backoffMaxMs'>, attempt: number): number {
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 1));
  return Math.floor(Math.random() * ceiling);
}

function throwIfDone(operation: Operation, signal: AbortSignal, callerSignal?: AbortSignal): void {
  if (!signal.aborted) return;
  if (callerSignal?.aborted) throw abortedError(operation);
  throw deadlineError(operation);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', abort, { once: true });
  });
}
