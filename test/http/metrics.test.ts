/** Prometheus metrics: yoga's own, upstream calls by outcome, and the upstream cache's counters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPERATION_LABELS } from '../../src/plugins/graphql-metrics.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUERY = '{ tagKeys(regionIds: ["cn-hangzhou"], first: 3) { totalCount } }';

function sample(text: string, metric: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && l.includes(labels));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('GET /metrics', () => {
  let gw: TestGateway;
  const metrics = async () => (await fetch(gw.url.replace('/graphql', '/metrics'))).text();
  beforeAll(async () => {
    gw = await startTestGateway({ env: { RESPONSE_CACHE_TTL_S: '0' } });
  });
  afterAll(() => gw?.close());

  it('counts upstream calls and cache events, next to yoga’s request metrics', async () => {
    expect((await gw.query(QUERY)).errors).toBeUndefined();
    const first = await metrics();
    const calls = gw.sim.calls().filter((c) => c.status === 200).length;
    expect(calls).toBeGreaterThan(0);
    expect(sample(first, 'tag_gateway_upstream_calls_total', 'operation="DescribeTags",status="200"')).toBe(calls);
    expect(sample(first, 'tag_gateway_upstream_cache_events_total', 'event="miss"')).toBe(calls);
    expect(first).toMatch(/tag_gateway_upstream_call_duration_seconds_bucket\{/);
    expect(
      sample(
        first,
        'graphql_yoga_http_duration_count',
        'operationName="Anonymous",operationType="query",method="POST"',
      ),
    ).toBe(1);

    expect((await gw.query(QUERY)).errors).toBeUndefined();
    const second = await metrics();
    expect(gw.sim.calls().filter((c) => c.status === 200)).toHaveLength(calls);
    expect(sample(second, 'tag_gateway_upstream_cache_events_total', 'event="hit"')).toBe(calls);
  });

  it('counts failed upstream calls with their code', async () => {
    const res = await gw.query('{ tagKeys(regionIds: ["xx-nowhere-1"]) { totalCount } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const text = await metrics();
    expect(sample(text, 'tag_gateway_upstream_calls_total', 'code="InvalidRegionId.NotFound"')).toBe(1);
    expect(sample(text, 'tag_gateway_graphql_errors_total', 'code="NOT_FOUND"')).toBe(1);
  });

  it('keeps label sets bounded: no URL label, at most 64 operation names', async () => {
    const get = (name: string) =>
      fetch(`${gw.url}?query=${encodeURIComponent(`query ${name} { __typename }`)}&x=${name}`, {
        headers: { accept: 'application/json' },
      });
    for (let i = 0; i < MAX_OPERATION_LABELS + 6; i++) expect((await get(`Op${i}`)).status).toBe(200);
    const text = await metrics();
    const series = text.split('\n').filter((l) => l.startsWith('graphql_yoga_http_duration_count{'));
    expect(series.some((l) => l.includes('url='))).toBe(false);
    const names = new Set(series.map((l) => /operationName="([^"]*)"/.exec(l)?.[1]));
    expect(names.has('other')).toBe(true);
    expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 1);
    // Names past the 64th (the earlier tests' "Anonymous" took one) all count as "other".
    const other = sample(
      text,
      'graphql_yoga_http_duration_count',
      'operationName="other",operationType="query",method="GET"',
    );
    expect(other).toBeGreaterThanOrEqual(6);
  });
});

describe('METRICS_ENDPOINT empty', () => {
  it('serves no metrics', async () => {
    const gw = await startTestGateway({ env: { METRICS_ENDPOINT: '' } });
    try {
      const res = await fetch(gw.url.replace('/graphql', '/metrics'));
      expect(res.status).toBe(404);
    } finally {
      await gw.close();
    }
  });
});
