/**
 * One JSON line per request, at info for GraphQL requests (debug for probes and scrapes: /health, /ready and
 * /metrics every few seconds would drown the log), written when the response is ready:
 *
 *   { reqId, operation, status, durationMs, upstreamCalls, cacheHits, cacheMisses, responseCache, errors,
 *     caller, msg: "request" }
 *
 * The correlation ID is the caller's `x-request-id` when valid (printable, at most 128 characters), else a fresh
 * UUID; it is echoed in the response's `x-request-id`. The request's scope (request-scope.ts) is opened here, kept
 * per Request, and carried by the GraphQL context into the calls' options: the request's upstream-call and
 * tag-write lines carry its ID, and so do yoga's lines for the errors of its answer (remembered here, before
 * yoga masks and logs them). `caller` is a hash of the caller's tenant scope (itself a hash): never a key.
 */
import { callerHash } from '../callers/caller.js';
import { BoundedMemo } from '../upstream/memo.js';
import { getOperationAST } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import {
  openRequestScope,
  rememberRequestError,
  REQUEST_ID_HEADER,
  requestScopeOf,
  type RequestScope,
} from '../observability/request-scope.js';
import { NOT_MODIFIED, responseCacheOutcome } from '../observability/response-cache-outcome.js';

export interface RequestLogOptions {
  /** Unset: no lines, but the correlation ID is still kept and echoed. */
  logger?: Logger;
  /** The caller's tenant scope (hashed again here before it is logged). */
  callerOf: (request: Request) => string;
}

/** GraphQL requests (yoga's endpoint) log at info; probes, metrics and the rest at debug. */
const GRAPHQL_PATH = '/graphql';

export function useRequestLog(o: RequestLogOptions): Plugin {
  return {
    // First of the gateway's plugins: the scope is open before any other plugin's work (no `instrumentation`
    // wrapper: it costs every request an async frame).
    onRequest({ request }) {
      openRequestScope(request);
    },
    onParams({ params, request }) {
      const scope = requestScopeOf(request);
      if (scope && !scope.operation) scope.operation = params.operationName ?? undefined;
    },
    onExecute({ args }) {
      const scope = requestScopeOf(args.contextValue.request);
      if (!scope) return;
      const name = getOperationAST(args.document, args.operationName)?.name?.value;
      if (name) scope.operation = name;
      // Before yoga's masking (its onExecuteDone runs after the plugins'), which logs the unexpected errors.
      return {
        onExecuteDone: (payload) =>
          handleStreamOrSingleExecutionResult(payload, ({ result }) => rememberErrors(scope, result.errors)),
      };
    },
    onResultProcess({ request, result }) {
      const scope = requestScopeOf(request);
      if (!scope) return;
      scope.responseCache = responseCacheOutcome(result) ?? scope.responseCache;
      for (const r of Array.isArray(result) ? result : [result])
        scope.errors += (r as { errors?: unknown[] }).errors?.length ?? 0;
    },
    onResponse({ request, response }) {
      // A response a plugin of yoga's own gave before ours ran (/health, a CORS preflight) gets its scope now.
      const scope = requestScopeOf(request) ?? openRequestScope(request);
      response.headers.set(REQUEST_ID_HEADER, scope.id);
      if (!o.logger) return;
      const level = new URL(request.url).pathname === GRAPHQL_PATH ? 'info' : 'debug';
      // Nothing to build for a line the level drops (LOG_LEVEL=warn in production setups that log errors only).
      if (!o.logger.isLevelEnabled(level)) return;
      o.logger[level](
        {
          reqId: scope.id,
          operation: scope.operation,
          status: response.status,
          durationMs: Math.round(performance.now() - scope.startedAt),
          upstreamCalls: scope.upstreamCalls,
          cacheHits: scope.cacheHits,
          cacheMisses: scope.cacheMisses,
          responseCache: response.status === NOT_MODIFIED ? 'hit' : scope.responseCache,
          errors: scope.errors,
          caller: hashedCaller(o.callerOf(request)),
        },
        'request',
      );
    },
  };
}

/** Each error of the answer, and the error it wraps: yoga's line for it names the request (http/logging.ts). */
function rememberErrors(scope: RequestScope, errors: readonly unknown[] | undefined): void {
  if (!errors) return;
  for (const error of errors) {
    rememberRequestError(scope, error);
    rememberRequestError(scope, (error as { originalError?: unknown } | null)?.originalError);
  }
}

/** Sessions' hashes remembered (a caller's every request logs the same one). */
const hashedCallers = new BoundedMemo<string>(4_096);

/** The caller's session, one-way: a log line tells callers apart without naming one. */
const hashedCaller = (session: string) => hashedCallers.get(session, () => callerHash('log', session).slice(0, 16));
