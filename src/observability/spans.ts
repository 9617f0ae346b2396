/**
 * The gateway's own spans, children of the GraphQL operation's span: one per upstream-cache lookup and one per
 * upstream attempt. They also feed the request's counters (request-scope.ts) for its log line. Without a
 * registered tracer provider (tracing off) the API hands out no-op spans, so the cost is a few calls.
 *
 * Attributes are the operation, region, attempt, HTTP status, Alibaba error code and request ID: never a key,
 * a URL, a signature or a caller's identity.
 */
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { RequestScope } from './request-scope.js';
import { tracingActive } from './tracing.js';

export const TRACER_NAME = 'tag-gateway';

export const ATTR = {
  operation: 'alibaba.operation',
  region: 'cloud.region',
  attempt: 'alibaba.attempt',
  status: 'http.response.status_code',
  code: 'alibaba.error_code',
  requestId: 'alibaba.request_id',
  cacheOutcome: 'cache.outcome',
} as const;

const tracer = () => trace.getTracer(TRACER_NAME);

export type LookupOutcome = 'hit' | 'stale' | 'miss' | 'bypass';

/**
 * Runs `fn` as background work of its own: outside the trace of the request that happened to start it (its spans
 * are not that request's children). Its calls must also go without that request's `scope` (their options carry
 * none), so its upstream attempts are not on that request's log line.
 */
export function runDetached<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, fn);
}

/**
 * Runs one upstream-cache lookup inside a `cache.lookup` span; `run` reports the outcome through its argument,
 * and hits and misses count on `scope` (the calling request's; none for background work).
 * Upstream calls the lookup causes are the span's children.
 */
export function traceCacheLookup<T>(
  operation: string,
  regionId: string,
  scope: RequestScope | undefined,
  run: (outcome: (o: LookupOutcome) => void) => Promise<T>,
): Promise<T> {
  const count = (o: LookupOutcome) => {
    if (!scope) return;
    if (o === 'hit' || o === 'stale') scope.cacheHits++;
    else if (o === 'miss') scope.cacheMisses++;
  };
  // No tracer provider started: no no-op span, context switch and async frame on every lookup (issue 18).
  if (!tracingActive()) return run(count);
  const attributes = { [ATTR.operation]: operation, [ATTR.region]: regionId };
  return tracer().startActiveSpan(
    `cache.lookup ${operation}`,
    { kind: SpanKind.INTERNAL, attributes },
    async (span) => {
      const outcome = (o: LookupOutcome) => {
        span.setAttribute(ATTR.cacheOutcome, o);
        count(o);
      };
      try {
        return await run(outcome);
      } catch (err) {
        // The error's name only: a message may quote the caller's input.
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error | null)?.name ?? 'Error' });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

/** How one attempt ended, as the transport knows it. */
export interface AttemptResult {
  status: number;
  code?: string;
  requestId?: string;
}

export interface UpstreamObserver {
  /** Starts the span of attempt `n` (1-based); call `end` once with its result. */
  attempt(n: number): { end(result: AttemptResult): void };
}

/**
 * Captures the caller's trace context when an upstream call starts: attempts may run later from a concurrency
 * queue or a retry timer, outside the caller's async context. Each attempt counts on `scope` (the calling
 * request's, from its call options; none for background work).
 */
export function observeUpstreamCall(
  operation: string,
  regionId: string,
  scope: RequestScope | undefined,
): UpstreamObserver {
  const parent: Context = context.active();
  return {
    attempt(n) {
      const span: Span = tracer().startSpan(
        `upstream ${operation}`,
        {
          kind: SpanKind.CLIENT,
          attributes: { [ATTR.operation]: operation, [ATTR.region]: regionId, [ATTR.attempt]: n },
        },
        parent,
      );
      if (scope) scope.upstreamCalls++;
      return {
        end({ status, code, requestId }) {
          span.setAttribute(ATTR.status, status);
          if (code) span.setAttribute(ATTR.code, code);
          if (requestId) span.setAttribute(ATTR.requestId, requestId);
          if (code || status >= 400 || status === 0)
            span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? String(status) });
          span.end();
        },
      };
    },
  };
}

/**
 * Runs one tag mutation inside a `tag.write` span (its upstream attempts are the span's children); `outcome`
 * records how it ended (ok, partial, failed, dry_run, conflict, …).
 */
export function traceTagWrite<T>(operation: string, run: (outcome: (o: string) => void) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(
    `tag.write ${operation}`,
    { kind: SpanKind.INTERNAL, attributes: { [ATTR.operation]: operation } },
    async (span) => {
      try {
        return await run((o) => span.setAttribute('tag.write.outcome', o));
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error | null)?.name ?? 'Error' });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}
