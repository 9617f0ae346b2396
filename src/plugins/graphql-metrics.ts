/**
 * The GraphQL requests' own metrics, kept lean on purpose: `graphql_yoga_http_duration` (the name and labels of
 * yoga's Prometheus plugin, without `url`) and `tag_gateway_graphql_errors_total` by `extensions.code`.
 *
 * Why not `@graphql-yoga/plugin-prometheus`: its hooks (a parse hook and label objects per phase, a histogram per
 * phase, the request URL as a label) cost 7–12 % of a warm request's CPU (issue 18's A/B runs), and its `url` label
 * made one series per distinct GET query string and its `operationName` one per name a client cares to send. Here
 * a request costs two WeakMap entries and one observation; phase timings are in the traces (docs/operating.md).
 */
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Operation names and error codes come from callers (or may): past this many distinct ones, "other". */
export const MAX_OPERATION_LABELS = 64;

/** `value` itself while fewer than `max` distinct values were seen, else "other": label sets stay bounded. */
export function boundedLabel(max: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= max) return 'other';
    seen.add(value);
    return value;
  };
}

interface Operation {
  operationName: string;
  operationType: string;
}

/** The histogram, the error counter and the plugin that feeds them; serves the registry at `endpoint`. */
export function useGraphqlMetrics(registry: Registry, endpoint: string): Plugin {
  const duration = new Histogram({
    name: 'graphql_yoga_http_duration',
    help: `Time spent on HTTP requests, in seconds, by operation (at most ${MAX_OPERATION_LABELS} names, then "other"), method and status.`,
    labelNames: ['operationName', 'operationType', 'method', 'statusCode'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'tag_gateway_graphql_errors_total',
    help: `GraphQL errors in answers, by extensions.code (at most ${MAX_OPERATION_LABELS} codes, then "other").`,
    labelNames: ['code'],
    registers: [registry],
  });
  const operationLabel = boundedLabel(MAX_OPERATION_LABELS);
  const codeLabel = boundedLabel(MAX_OPERATION_LABELS);
  const started = new WeakMap<Request, number>();
  const operations = new WeakMap<Request, Operation>();
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      started.set(request, performance.now());
      if (url.pathname !== endpoint) return;
      return registry.metrics().then((text) => {
        endResponse(new fetchAPI.Response(text, { headers: { 'content-type': registry.contentType } }));
      });
    },
    onParams({ params, request }) {
      operations.set(request, {
        operationName: operationLabel(params.operationName ?? 'Anonymous'),
        operationType: 'unknown',
      });
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const ast = getOperationAST(args.document, args.operationName);
      if (request && ast)
        operations.set(request, {
          operationName: operationLabel(ast.name?.value ?? 'Anonymous'),
          operationType: ast.operation,
        });
    },
    onResultProcess({ result }) {
      for (const r of Array.isArray(result) ? result : [result])
        for (const e of (r as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors ?? [])
          errors.inc({ code: codeLabel(typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN') });
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (start === undefined) return;
      const operation = operations.get(request);
      duration.observe(
        {
          operationName: operation?.operationName ?? 'Anonymous',
          operationType: operation?.operationType ?? 'unknown',
          method: request.method,
          statusCode: response.status,
        },
        (performance.now() - start) / 1000,
      );
    },
  };
}
