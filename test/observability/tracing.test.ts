/**
 * Tracing with an in-process exporter: a SERVER span per GraphQL operation, a `cache.lookup` span per upstream
 * cache lookup under it, and an `upstream` CLIENT span per attempt under the lookup, with operation, region,
 * attempt, status, error code and Alibaba request ID; a caller's `traceparent` is continued; no attribute
 * holds a key, a signature or the upstream URL.
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ATTR } from '../../src/observability/spans.js';
import { startTracing, type Tracing } from '../../src/observability/tracing.js';
import { DEMO_KEY } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { CALLER_KEY, callerHeaders, FAILING_QUERY, forbiddenTexts, leaks, NAMED_QUERY, only } from './helpers.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let gw: TestGateway;

beforeAll(async () => {
  tracing = startTracing({ serviceName: 'tag-gateway-test', sampleRatio: 1, exporter });
  gw = await startTestGateway({
    simulator: { keys: [DEMO_KEY, CALLER_KEY] },
    env: { RESPONSE_CACHE_TTL_S: '0', CALLER_CREDENTIALS: 'true' },
  });
});
afterAll(async () => {
  await gw?.close();
  await tracing?.shutdown();
});
beforeEach(() => exporter.reset());

const spans = () => exporter.getFinishedSpans();
const parentOf = (s: ReadableSpan) => s.parentSpanId;
const named = (prefix: string) => spans().filter((s) => s.name.startsWith(prefix));

describe('spans of one GraphQL operation', () => {
  it('operation → cache lookups → upstream attempts, with their attributes', async () => {
    expect((await gw.query(NAMED_QUERY)).errors).toBeUndefined();
    const operation = only(named('query.Keys'));
    expect(operation.kind).toBe(SpanKind.SERVER);
    expect(operation.attributes['graphql.execute.operationName']).toBe('Keys');

    const lookups = named('cache.lookup');
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups) {
      expect(parentOf(lookup)).toBe(operation.spanContext().spanId);
      expect(lookup.spanContext().traceId).toBe(operation.spanContext().traceId);
      expect(lookup.attributes).toMatchObject({
        [ATTR.operation]: 'DescribeTags',
        [ATTR.region]: 'cn-hangzhou',
        [ATTR.cacheOutcome]: 'miss',
      });
    }
    const lookupIds = new Set(lookups.map((l) => l.spanContext().spanId));
    const calls = named('upstream DescribeTags');
    expect(calls).toHaveLength(gw.sim.calls().length);
    for (const call of calls) {
      expect(call.kind).toBe(SpanKind.CLIENT);
      expect(lookupIds.has(parentOf(call) ?? '')).toBe(true);
      expect(call.attributes).toMatchObject({
        [ATTR.operation]: 'DescribeTags',
        [ATTR.region]: 'cn-hangzhou',
        [ATTR.attempt]: 1,
        [ATTR.status]: 200,
      });
      expect(call.attributes[ATTR.requestId]).toMatch(/^[0-9A-F-]{8,}$/i);
    }
  });

  it('a cache hit: a lookup span with outcome hit and no upstream span', async () => {
    await gw.query(NAMED_QUERY);
    expect(named('cache.lookup').length).toBeGreaterThan(0);
    expect(named('cache.lookup').every((l) => l.attributes[ATTR.cacheOutcome] === 'hit')).toBe(true);
    expect(named('upstream')).toHaveLength(0);
  });

  it('a failed upstream call: status, code and request ID on an error span', async () => {
    expect((await gw.query(FAILING_QUERY)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const call = only(named('upstream DescribeTags'));
    expect(call.attributes).toMatchObject({
      [ATTR.status]: 404,
      [ATTR.code]: 'InvalidRegionId.NotFound',
      [ATTR.region]: 'xx-nowhere-1',
    });
    expect(call.attributes[ATTR.requestId]).toBeTruthy();
    expect(call.status.code).toBe(2); // SpanStatusCode.ERROR
  });

  it('continues the caller’s trace from traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await gw.query(NAMED_QUERY.replace('first: 3', 'first: 4'), undefined, {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    const operation = only(named('query.Keys'));
    expect(operation.spanContext().traceId).toBe(traceId);
    expect(parentOf(operation)).toBe('00f067aa0ba902b7');
  });

  it('never records a key, a signature or the upstream URL, even with a caller’s own keys', async () => {
    await gw.query(NAMED_QUERY, undefined, callerHeaders);
    await gw.query(FAILING_QUERY, undefined, callerHeaders);
    const recorded = spans();
    expect(named('upstream').length).toBeGreaterThan(1);
    const text = JSON.stringify(
      recorded.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
    );
    expect(leaks(text, forbiddenTexts(gw.sim))).toEqual([]);
  });
});
