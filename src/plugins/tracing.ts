/**
 * Tracing of GraphQL requests: a SERVER span per operation (envelop's OpenTelemetry plugin: operation name and
 * type; no variables, document, result or resolver spans, which could carry callers' data and cost a span per
 * field), continuing the caller's trace when it sends a W3C `traceparent`. The cache-lookup and upstream spans
 * (src/observability/spans.ts) open inside it. Without a tracer provider (tracing off) every span is a no-op.
 */
import { getCurrentOtelContext, useOpenTelemetry } from '@envelop/opentelemetry';
import { context, propagation, SpanKind, trace, type TextMapGetter } from '@opentelemetry/api';
import type { Plugin } from 'graphql-yoga';
import { TRACER_NAME } from '../observability/spans.js';

const HEADERS: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

export function useTracing(): Plugin {
  const operationSpans = useOpenTelemetry(
    { resolvers: false, variables: false, result: false, document: false },
    trace.getTracerProvider(),
    SpanKind.SERVER,
    {},
    TRACER_NAME,
  );
  return {
    onPluginInit({ addPlugin }) {
      addPlugin({
        instrumentation: {
          request: ({ request }, handle) =>
            context.with(propagation.extract(context.active(), request.headers, HEADERS), handle),
        },
      });
      // An envelop plugin typed for its own context (a symbol-keyed field it adds itself): yoga runs it as is.
      addPlugin(operationSpans as unknown as Plugin);
    },
  };
}

/**
 * Runs `fn` inside the operation's span, for work an onExecute hook does before execution (envelop activates the
 * span only around the execute function itself). Without tracing the context is the active one: a no-op.
 */
export function inOperationSpan<T>(graphqlContext: object, fn: () => T): T {
  return context.with(getCurrentOtelContext(graphqlContext), fn);
}
