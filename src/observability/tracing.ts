/**
 * OpenTelemetry tracing for the whole process: a tracer provider with the async-context manager (so spans
 * started in resolvers, DataLoader batches and retries find their parent), the W3C `traceparent` propagator,
 * a parent-based ratio sampler, and an OTLP/HTTP exporter (JSON) batching spans to the collector. main.ts
 * starts it when OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set and shuts it down last, flushing
 * the spans still queued. Tests pass their own exporter (in-memory), which exports each span at once.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface TracingOptions {
  /** OTEL_SERVICE_NAME. */
  serviceName: string;
  /** OTEL_TRACES_SAMPLER_ARG: the share of new traces recorded (a caller's sampled `traceparent` is followed). */
  sampleRatio: number;
  /** The collector: the full OTLP/HTTP traces URL and its headers (OTEL_EXPORTER_OTLP_HEADERS, may hold a token). */
  otlp?: { url: string; headers: Record<string, string> };
  /** Tests: export here, span by span, instead of to a collector. */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Flushes queued spans and unregisters the provider (a later `startTracing` may register again). */
  shutdown(): Promise<void>;
}

let active = 0;

/**
 * True while a tracer provider started here is registered. A gateway created without one does not register its
 * tracing plugin at all: no-op spans still cost a context and a propagation read per request.
 */
export function tracingActive(): boolean {
  return active > 0;
}

export function startTracing(options: TracingOptions): Tracing {
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: options.otlp?.url, headers: options.otlp?.headers ?? {} }));
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': options.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
    spanProcessors: [processor],
  });
  provider.register();
  active++;
  return {
    async shutdown() {
      active--;
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The traces URL from OTLP's two variables: the signal's own URL as given, else `<endpoint>/v1/traces`. */
export function otlpTracesUrl(endpoint: string | undefined, tracesEndpoint: string | undefined): string | undefined {
  if (tracesEndpoint) return tracesEndpoint;
  if (!endpoint) return undefined;
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/** OTEL_EXPORTER_OTLP_HEADERS: `key=value,key2=value2`, values URL-encoded (the OTLP exporter spec's format). */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
