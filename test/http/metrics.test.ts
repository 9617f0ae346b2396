/** Prometheus metrics: yoga's own, upstream calls by outcome, and the upstream cache's counters. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(first).toMatch(/graphql_envelop_request_duration/);

    expect((await gw.query(QUERY)).errors).toBeUndefined();
    const second = await metrics();
    expect(gw.sim.calls().filter((c) => c.status === 200)).toHaveLength(calls);
    expect(sample(second, 'tag_gateway_upstream_cache_events_total', 'event="hit"')).toBe(calls);
  });

  it('counts failed upstream calls with their code', async () => {
    const res = await gw.query('{ tagKeys(regionIds: ["xx-nowhere-1"]) { totalCount } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(sample(await metrics(), 'tag_gateway_upstream_calls_total', 'code="InvalidRegionId.NotFound"')).toBe(1);
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
