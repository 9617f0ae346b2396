/**
 * Issue 19, item 4: a response that is final stops the work still running for it. When a field's error nulls
 * `data` (a non-null `_entities` refused for a bad representation), graphql-js answers at once while its sibling
 * (`taggedResources(last: 100) { totalCount }`, many upstream pages) is still running: that sibling is aborted and
 * makes no further call, so `extensions.upstream.calls` is what the simulator's log shows for the request, even
 * counted long after the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { measured } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the work of an answered request', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Small ECS pages and a slow upstream: reading a whole list takes many sequential calls.
    gw = await startTestGateway({
      simulator: { pageSizeEcs: 2, faults: { latencyMs: 30 } },
      env: { CACHE_ENABLED: 'false', MAX_UPSTREAM_CALLS: '1000' },
    });
  });
  afterAll(() => gw?.close());

  it('aborts a sibling still running when data is nulled, and calls equals the log', async () => {
    const q = `query($r: [_Any!]!) {
      list: taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE], tags: [{ key: "env" }], last: 100) { totalCount }
      _entities(representations: $r) { __typename }
    }`;
    const before = gw.sim.calls().length;
    const res = await gw.query(q, { r: [{ __typename: 'EcsInstance', id: 'garbage' }, 5] });
    expect(res.data ?? null).toBeNull();
    const reported = (res.extensions?.upstream as { calls: number }).calls;
    await sleep(1_500); // anything still running would call meanwhile
    const logged = gw.sim.calls().length - before;
    expect(logged).toBe(reported);
  });

  it('still answers a normal operation in full (closing happens only once it is final)', async () => {
    const q = `{ taggedResources(regionIds: ["cn-hangzhou"], kinds: [ECS_INSTANCE], tags: [{ key: "env" }], last: 5) { totalCount } }`;
    const { res, upstream, logged } = await measured(gw, q);
    expect(res.errors).toBeUndefined();
    expect(res.data.taggedResources.totalCount).toBeGreaterThan(5);
    expect(upstream.calls).toBe(logged);
  });
});
