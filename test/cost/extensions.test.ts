/**
 * `extensions.upstream` against the simulator's own call log: for every example operation, cold and warm, the
 * `calls` a response reports are exactly the calls the simulator logged while it ran (retries included), never
 * more than the estimate; warm answers come from the upstream cache (`cacheHits`), and a response-cache hit
 * reports no call at all, whatever the stored body said.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { exampleOperations, measured } from './helpers.js';

describe('extensions.upstream, upstream cache on, response cache off', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { RESPONSE_CACHE_TTL_S: '0' } });
  });
  afterAll(() => gw?.close());

  // Queries only: a mutation writes (and calls) every time it runs.
  const queries = exampleOperations().filter(([, q]) => !/^mutation\b/m.test(q));
  it.each(queries)('%s: cold then warm calls equal the call log', async (_name, query) => {
    const cold = await measured(gw, query);
    expect(cold.res.errors).toBeUndefined();
    expect(cold.upstream.calls).toBe(cold.logged);
    // Earlier operations may have cached some of its pages already (tagKeys reads the catalog tagCatalog read).
    expect(cold.upstream.calls + cold.upstream.cacheHits).toBeGreaterThan(0);
    expect(cold.upstream.calls).toBeLessThanOrEqual(cold.upstream.estimatedCalls);
    expect(cold.upstream.responseCache).toBe('bypass');
    const warm = await measured(gw, query);
    expect(warm.upstream).toMatchObject({ calls: 0, coalesced: 0, responseCache: 'bypass' });
    // The estimate knows more the second time (the lists' sizes seen cold): never more than it was.
    expect(warm.upstream.estimatedCalls).toBeLessThanOrEqual(cold.upstream.estimatedCalls);
    expect(warm.logged).toBe(0);
    expect(warm.upstream.cacheHits).toBeGreaterThan(0);
    expect(warm.res.data).toEqual(cold.res.data);
  });

  it('counts retries: each attempt the simulator answered is a call', async () => {
    gw.sim.setFaults({ errorRate: 0.4 });
    try {
      const refs = gw.sim
        .inventory()
        .resources.filter((r) => r.type === 'disk' && r.regionId === 'cn-shanghai')
        .slice(0, 120)
        .map((r) => ({ kind: 'ECS_DISK', regionId: r.regionId, resourceId: r.resourceId }));
      const q = `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { tags { totalCount } } }`;
      const { upstream, logged } = await measured(gw, q, { refs });
      expect(upstream.calls).toBe(logged);
      expect(
        gw.sim
          .calls()
          .slice(-logged)
          .some((c) => c.status === 503),
      ).toBe(true);
    } finally {
      gw.sim.setFaults({ errorRate: 0 });
    }
  });
});

describe('extensions.upstream, both caches on', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.close());

  it('a response-cache hit reports no call and keeps the estimate and the data age', async () => {
    const [, query] = exampleOperations().find(([name]) => name === 'resources.graphql')!;
    const miss = await measured(gw, query);
    expect(miss.upstream).toMatchObject({ responseCache: 'miss', calls: miss.logged });
    expect(miss.upstream.calls).toBeGreaterThan(0);
    const hit = await measured(gw, query);
    expect(hit.logged).toBe(0);
    expect(hit.upstream).toEqual({
      estimatedCalls: miss.upstream.estimatedCalls,
      calls: 0,
      cacheHits: 0,
      coalesced: 0,
      responseCache: 'hit',
      oldestFetchedAt: miss.upstream.oldestFetchedAt,
    });
    expect(hit.res.data).toEqual(miss.res.data);
  });

  it('an operation with errors is a miss every time, counted each time', async () => {
    const q = `{ tagCatalog(regionIds: ["cn-hangzhou"], first: 1) { totalCount } nope: resources(refs: [{ kind: ECS_INSTANCE, regionId: "xx", resourceId: "i-1" }]) { id } }`;
    const first = await measured(gw, q);
    expect(first.res.errors?.length).toBeGreaterThan(0);
    expect(first.upstream).toMatchObject({ responseCache: 'miss', calls: first.logged });
  });
});
