/**
 * `x-upstream-estimate: only` (issue 19, item 1): the estimate without running the operation, to size pages. No
 * upstream call (no read-ahead either), no `data`: the estimate from what the gateway knows already, which a run
 * (reading first pages ahead) only sharpens; over the budget it is still answered (that is what it is for); bad input
 * still answers BAD_USER_INPUT; the response cache is neither read nor written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { measured } from './helpers.js';

const ONLY = { 'x-upstream-estimate': 'only' };
const Q = `{ taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE], tags: [{ key: "env", values: ["prod"] }], first: 5) { edges { node { id } } } }`;

describe('estimate only', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { RESPONSE_CACHE_TTL_S: '30', MAX_UPSTREAM_CALLS: '200' } });
  });
  afterAll(() => gw?.close());

  it('answers an estimate at least what a run reports, with no call and no data, and stores nothing', async () => {
    const only = await measured(gw, Q, undefined, ONLY);
    expect(only.logged).toBe(0);
    expect(only.res.status).toBe(200);
    expect(only.res.data).toBeUndefined();
    expect(only.res.errors).toBeUndefined();
    expect(only.upstream).toMatchObject({ calls: 0, responseCache: 'bypass' });
    expect(only.upstream.estimatedCalls).toBeGreaterThan(0);
    const run = await measured(gw, Q);
    expect(run.res.data.taggedResources.edges.length).toBeGreaterThan(0);
    expect(run.upstream.responseCache).toBe('miss');
    // The run read the first page ahead: its estimate knows what it holds.
    expect(run.upstream.estimatedCalls).toBeLessThanOrEqual(only.upstream.estimatedCalls);
    expect(run.upstream.calls).toBeLessThanOrEqual(run.upstream.estimatedCalls);
    // Now cached: the estimate-only request still is not served from the response cache.
    const again = await measured(gw, Q, undefined, ONLY);
    expect(again.res.data).toBeUndefined();
    expect(again.logged).toBe(0);
  });

  it('answers an estimate over the budget (no UPSTREAM_BUDGET_EXCEEDED), and BAD_USER_INPUT for bad input', async () => {
    const big = `{ taggedResources(regionIds: ["cn-hangzhou", "cn-beijing", "cn-shanghai"], tags: [{ key: "env" }], last: 100) { totalCount } }`;
    const only = await measured(gw, big, undefined, ONLY);
    expect(only.res.errors).toBeUndefined();
    expect(only.upstream.estimatedCalls).toBeGreaterThan(200);
    expect(only.logged).toBe(0);
    const bad = await measured(
      gw,
      `{ taggedResources(regionIds: ["cn-hangzhou"], without: [{ key: "env" }]) { totalCount } }`,
      undefined,
      ONLY,
    );
    expect(bad.res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(bad.logged).toBe(0);
  });
});
