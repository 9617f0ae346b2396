/**
 * What an operator alerts on, scraped from /metrics after traffic: upstream calls by operation, region and code;
 * both cache layers' hits and misses; the Redis circuit breaker's state; requests in flight; refused requests
 * (401 and 429 counted from the status, other reasons through `onRejected`).
 */
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayMetrics, MAX_REGION_LABELS, useMetrics } from '../../src/plugins/metrics.js';
import { deleteKeys, e2ePrefix, SHARED_REDIS_URL, startCachedGateway } from '../e2e-cache/helpers.js';
import { freePort } from '../cache/helpers.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { FAILING_QUERY, NAMED_QUERY } from './helpers.js';

/** The value of the first sample of `metric` whose labels include every one of `labels`. */
function sample(text: string, metric: string, ...labels: string[]): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && labels.every((x) => l.includes(x)));
  if (line === undefined) {
    const bare = text.split('\n').find((l) => l.startsWith(`${metric} `));
    return bare === undefined || labels.length > 0 ? undefined : Number(bare.slice(bare.lastIndexOf(' ') + 1));
  }
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}
const scrape = async (gw: TestGateway) => (await fetch(gw.url.replace('/graphql', '/metrics'))).text();

describe('after traffic, on Redis', () => {
  const prefix = e2ePrefix('observability-metrics');
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startCachedGateway({ prefix, env: { RESPONSE_CACHE_TTL_S: '30' } });
  });
  afterAll(async () => {
    await gw?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
  });

  it('counts calls by region and code, both cache layers, in-flight requests and a closed breaker', async () => {
    expect((await gw.query(NAMED_QUERY)).errors).toBeUndefined(); // response miss, upstream misses
    expect((await gw.query(NAMED_QUERY)).errors).toBeUndefined(); // response hit
    expect((await gw.query(NAMED_QUERY.replace('Keys', 'Other'))).errors).toBeUndefined(); // response miss, upstream hits
    await gw.query(FAILING_QUERY);
    const text = await scrape(gw);
    const ok = gw.sim.calls().filter((c) => c.status === 200).length;
    expect(
      sample(
        text,
        'tag_gateway_upstream_calls_total',
        'operation="DescribeTags"',
        'status="200"',
        'region="cn-hangzhou"',
      ),
    ).toBe(ok);
    expect(
      sample(text, 'tag_gateway_upstream_calls_total', 'code="InvalidRegionId.NotFound"', 'region="xx-nowhere-1"'),
    ).toBe(1);
    expect(sample(text, 'tag_gateway_response_cache_events_total', 'event="hit"')).toBe(1);
    expect(sample(text, 'tag_gateway_response_cache_events_total', 'event="miss"')).toBe(3);
    expect(sample(text, 'tag_gateway_upstream_cache_events_total', 'event="miss"')).toBe(ok + 1);
    expect(sample(text, 'tag_gateway_upstream_cache_events_total', 'event="hit"')).toBe(ok);
    expect(sample(text, 'tag_gateway_requests_in_flight')).toBe(1); // the scrape itself
    expect(sample(text, 'tag_gateway_cache_breaker_state', 'state="closed"')).toBe(1);
    expect(sample(text, 'tag_gateway_cache_breaker_state', 'state="open"')).toBe(0);
    expect(sample(text, 'tag_gateway_requests_rejected_total')).toBeUndefined();
  });
});

describe('Redis down', () => {
  it('shows the breaker open (or probing), and no breaker series without Redis at all', async () => {
    const down = await startTestGateway({
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, RESPONSE_CACHE_TTL_S: '0' },
    });
    try {
      for (let i = 0; i < 3; i++) expect((await down.query(NAMED_QUERY)).errors).toBeUndefined();
      const text = await scrape(down);
      expect(sample(text, 'tag_gateway_cache_breaker_state', 'state="closed"')).toBe(0);
      expect(
        (sample(text, 'tag_gateway_cache_breaker_state', 'state="open"') ?? 0) +
          (sample(text, 'tag_gateway_cache_breaker_state', 'state="half-open"') ?? 0),
      ).toBe(1);
    } finally {
      await down.close();
    }
    const memory = await startTestGateway();
    try {
      expect(await scrape(memory)).not.toContain('tag_gateway_cache_breaker_state{');
    } finally {
      await memory.close();
    }
  });
});

describe('refused requests and region labels', () => {
  /** Answers with the status in `x-answer` before any GraphQL work, like the auth and rate-limit plugins. */
  const refuse: Plugin = {
    onRequest({ request, endResponse, fetchAPI }) {
      const status = request.headers.get('x-answer');
      if (status) endResponse(new fetchAPI.Response('{}', { status: Number(status) }));
    },
  };

  it('counts 401 and 429 by reason, and other reasons reported through onRejected', async () => {
    const metrics = createGatewayMetrics();
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { a: Int }' }),
      plugins: [refuse, useMetrics(metrics, '/metrics')],
    });
    for (const status of ['401', '401', '429', '403'])
      await yoga.fetch('http://gw/graphql', { headers: { 'x-answer': status } });
    metrics.onRejected('persisted_only');
    const text = await (await yoga.fetch('http://gw/metrics')).text();
    expect(sample(text, 'tag_gateway_requests_rejected_total', 'reason="unauthenticated"')).toBe(2);
    expect(sample(text, 'tag_gateway_requests_rejected_total', 'reason="rate_limited"')).toBe(1);
    expect(sample(text, 'tag_gateway_requests_rejected_total', 'reason="persisted_only"')).toBe(1);
    expect(text).not.toContain('reason="403"');
  });

  it(`caps distinct region labels at ${MAX_REGION_LABELS}`, async () => {
    const metrics = createGatewayMetrics();
    for (let i = 0; i < MAX_REGION_LABELS + 5; i++) {
      metrics.onUpstreamCall({
        operation: 'DescribeTags',
        regionId: `xx-region-${i}`,
        attempt: 1,
        status: 404,
        durationMs: 1,
      });
    }
    const text = await metrics.registry.metrics();
    expect(text.match(/^tag_gateway_upstream_calls_total\{/gm)).toHaveLength(MAX_REGION_LABELS + 1);
    expect(sample(text, 'tag_gateway_upstream_calls_total', 'region="other"')).toBe(5);
  });
});
