/**
 * `extensions.upstream` on every GraphQL response, the upstream call budget and the client's freshness request
 * (issue 14, "Know the cost"):
 * - before execution, the operation's estimate (graph/cost/, reading ahead the first pages it prices from:
 *   read-ahead.ts); over MAX_UPSTREAM_CALLS it is refused with UPSTREAM_BUDGET_EXCEEDED before execution (before
 *   any call when the calls certain to be made pass it), with the estimate and the budget in the error's extensions;
 * - during execution the request's meter (graph/meter.ts) counts its calls, cache hits and shared answers, and
 *   refuses calls past the budget;
 * - every result gets `{ estimatedCalls, calls, cacheHits, coalesced, responseCache, oldestFetchedAt? }`. A
 *   response-cache hit made no call: its numbers are zero, whatever the stored body said; it keeps the estimate
 *   and the data's `oldestFetchedAt` from when it was produced;
 * - `Cache-Control: max-age=N` on the request (N bounded below by FRESHNESS_FLOOR_S): cached upstream answers
 *   older than N are refetched and the response cache is skipped; the response's `Age` header tells how old its
 *   oldest upstream answer is.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { estimate, type CostLimits } from '../graph/cost/cost.js';
import { readAheadAndPrice } from '../graph/cost/read-ahead.js';
import { Seen } from '../graph/cost/seen.js';
import { inOperationSpan } from './tracing.js';
import type { GraphContext } from '../graph/context.js';
import { ErrorCode } from '../graph/errors.js';
import { RequestMeter, type UpstreamBill } from '../graph/cost/meter.js';

/** The defaults of the knobs (config/schema.ts reads them from here). MAX_UPSTREAM_CALLS: docs/querying.md "Know the cost". */
export const COST_DEFAULTS = { maxUpstreamCalls: 200, batchWindowMs: 5, freshnessFloorS: 5 } as const;

/** What configuration decides (MAX_UPSTREAM_CALLS, BATCH_WINDOW_MS, FRESHNESS_FLOOR_S). */
export interface CostSettings {
  maxUpstreamCalls: number;
  batchWindowMs: number;
  freshnessFloorS: number;
}

export interface UpstreamCostSettings {
  /** MAX_UPSTREAM_CALLS: most upstream calls one operation may make (estimated before, counted during). */
  maxCalls: number;
  /** FRESHNESS_FLOOR_S: the least max-age a client may ask for. */
  freshnessFloorS: number;
  /** True when a response cache is on: a request that does not skip it is a `miss` when not a `hit`. */
  responseCache: boolean;
  /** An operator's bypass (x-cache-bypass): the response cache is skipped. */
  isBypass?: (request: Request) => boolean;
  /** The client asks for the estimate only (x-upstream-estimate: only, http/estimate-only.ts). */
  isEstimateOnly?: (request: Request) => boolean;
}

export type ResponseCacheStatus = 'hit' | 'miss' | 'bypass';

/** What the response says of its upstream cost. */
export type UpstreamExtension = UpstreamBill & { responseCache: ResponseCacheStatus };

export interface UpstreamCost {
  /** The request's meter (one per request, with the budget). */
  meterFor(request: Request): RequestMeter;
  /** The max-age (ms) the request asks its data to be within, if any. */
  maxAgeMsOf(request: Request): number | undefined;
  /** True when the request must skip the response cache (it asks for fresher data). */
  wantsFresh(request: Request): boolean;
  plugin: Plugin<GraphContext>;
}

export function createUpstreamCost(settings: UpstreamCostSettings, limits: CostLimits): UpstreamCost {
  const meters = new WeakMap<Request, RequestMeter>();
  const oldest = new WeakMap<Request, number>();
  const meterFor = (request: Request) => {
    let meter = meters.get(request);
    if (!meter) meters.set(request, (meter = new RequestMeter(settings.maxCalls)));
    return meter;
  };
  const maxAgeMsOf = (request: Request) =>
    requestedMaxAgeMs(request.headers.get('cache-control'), settings.freshnessFloorS);
  const wantsFresh = (request: Request) => maxAgeMsOf(request) !== undefined;
  const statusOf = (request: Request, result: ExecutionResult): ResponseCacheStatus => {
    if (isCacheHit(result)) return 'hit';
    const skipped =
      !settings.responseCache ||
      wantsFresh(request) ||
      settings.isBypass?.(request) === true ||
      settings.isEstimateOnly?.(request) === true;
    return skipped ? 'bypass' : 'miss';
  };
  const plugin: Plugin<GraphContext> = {
    async onExecute({ args, setResultAndStopExecution }) {
      const meter = args.contextValue.meter;
      const variables = args.variableValues as Record<string, unknown> | undefined;
      const known = args.contextValue.sizes;
      const only = settings.isEstimateOnly?.(args.contextValue.request) === true;
      const price = (seen: Seen) =>
        estimate(args.schema, args.document, args.operationName, variables, limits, known, seen);
      // The estimate alone reads nothing ahead; a run reads the first pages it prices from (graph/cost/read-ahead.ts).
      const { calls, inputErrors } = only
        ? price(Seen.NONE)
        : await inOperationSpan(args.contextValue, () => readAheadAndPrice(args.contextValue, price, meter.budget));
      meter.estimatedCalls = calls;
      if (only) {
        // The estimate alone: input errors still answer (the client must fix them first), nothing runs.
        setResultAndStopExecution(
          inputErrors.length > 0 ? { errors: inputErrors } : { extensions: { estimateOnly: true } },
        );
        return;
      }
      if (calls > meter.budget) {
        // Input errors win: the client must fix its input first, and the budget may not be the issue after.
        setResultAndStopExecution({ errors: inputErrors.length > 0 ? inputErrors : [overBudget(calls, meter.budget)] });
        return;
      }
      // Written into the result before the response cache stores it, so a later hit knows the data's age.
      return {
        onExecuteDone: ({ result, setResult }) => {
          if (!isResult(result)) return;
          // Final: siblings of a field that nulled `data` may still run; they stop, and make no further call.
          meter.close();
          setResult(withUpstream(result, meter.bill()));
        },
      };
    },
    onResultProcess({ request, result, setResult }) {
      if (!isResult(result)) return;
      const hit = isCacheHit(result);
      const stored = (result.extensions as { upstream?: Partial<UpstreamBill> } | undefined)?.upstream;
      const bill: UpstreamBill = hit
        ? {
            estimatedCalls: stored?.estimatedCalls ?? 0,
            calls: 0,
            cacheHits: 0,
            coalesced: 0,
            ...(stored?.oldestFetchedAt ? { oldestFetchedAt: stored.oldestFetchedAt } : {}),
          }
        : (meters.get(request)?.bill() ?? { estimatedCalls: 0, calls: 0, cacheHits: 0, coalesced: 0 });
      if (bill.oldestFetchedAt) oldest.set(request, Date.parse(bill.oldestFetchedAt));
      setResult(withUpstream(result, { ...bill, responseCache: statusOf(request, result) }));
    },
    onResponse({ request, response }) {
      const at = oldest.get(request);
      if (at !== undefined) response.headers.set('age', String(Math.max(0, Math.floor((Date.now() - at) / 1000))));
    },
  };
  return { meterFor, maxAgeMsOf, wantsFresh, plugin };
}

/** The refusal of an operation whose estimate is over the budget (no call was made). */
function overBudget(estimatedCalls: number, budget: number): GraphQLError {
  return new GraphQLError(
    `This operation may make up to ${estimatedCalls} upstream calls, over the budget of ${budget}: ask for fewer items, regions or nested lists.`,
    { extensions: { code: ErrorCode.UPSTREAM_BUDGET_EXCEEDED, estimatedCalls, budget } },
  );
}

function isResult(result: unknown): result is ExecutionResult {
  return typeof result === 'object' && result !== null && !Array.isArray(result) && !(Symbol.asyncIterator in result);
}

function isCacheHit(result: ExecutionResult): boolean {
  return (result.extensions as { responseCache?: { hit?: boolean } } | undefined)?.responseCache?.hit === true;
}

/** A copy of `result` with `extensions.upstream` set (the stored body is never changed in place). */
function withUpstream(result: ExecutionResult, upstream: UpstreamBill | UpstreamExtension): ExecutionResult {
  return { ...result, extensions: { ...result.extensions, upstream } };
}

/**
 * The max-age a request's Cache-Control asks for, in ms, bounded below by the floor; undefined without `max-age`.
 * `no-cache` alone is not a freshness request: fetch() adds it to every conditional request (If-None-Match), which
 * must stay answerable from the response cache with a 304.
 */
function requestedMaxAgeMs(header: string | null, floorS: number): number | undefined {
  if (!header) return undefined;
  const directives = header
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  const maxAge = directives.map((d) => /^max-age\s*=\s*"?(\d+)"?$/.exec(d)?.[1]).find((v) => v !== undefined);
  return maxAge === undefined ? undefined : Math.max(floorS, Number(maxAge)) * 1000;
}
