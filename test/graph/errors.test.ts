/**
 * Partial results: a failed upstream call nulls only the fields it feeds, with an error that carries
 * `extensions.code` and `extensions.upstream` (operation, code, request ID). Throttling after retries,
 * deadlines, and masking of unexpected errors in production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, type InventoryFile } from '../../src/simulator/index.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';
import { expectedCatalog } from './helpers.js';

const NOWHERE = 'xx-nowhere-1';

function errorAt(res: GraphQLResponse<any>, path: Array<string | number>) {
  const e = res.errors?.find((x) => JSON.stringify(x.path) === JSON.stringify(path));
  expect(e, `no error at ${JSON.stringify(path)}: ${JSON.stringify(res.errors)}`).toBeDefined();
  return e!;
}

describe('partial results', () => {
  let gw: TestGateway;
  let inv: InventoryFile;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false' } });
    inv = gw.sim.inventory();
  });
  afterAll(() => gw?.close());

  it('an unknown but well-formed region nulls its own field only: NOT_FOUND with the upstream request ID', async () => {
    gw.sim.clearCalls();
    const res = await gw.query(`{
      bad: tagCatalog(regionIds: ["${NOWHERE}"]) { totalCount }
      good: tagCatalog(regionIds: ["cn-beijing"], first: 2) { totalCount edges { node { key value } } }
    }`);
    expect(res.status).toBe(200);
    expect(res.data.bad).toBeNull();
    const expected = expectedCatalog(inv, 'cn-beijing', 'instance');
    expect(res.data.good.totalCount).toBe(expected.length);
    expect(res.data.good.edges.map((e: any) => e.node)).toEqual(
      expected.slice(0, 2).map(({ key, value }) => ({ key, value })),
    );
    expect(res.errors).toHaveLength(1);
    const e = errorAt(res, ['bad']);
    expect(e.extensions?.code).toBe('NOT_FOUND');
    const failed = gw.sim.calls({ regionId: NOWHERE });
    expect(failed).toHaveLength(1); // not retried: a 404 cannot get better
    expect(e.extensions?.upstream).toEqual({
      operation: 'DescribeTags',
      code: 'InvalidRegionId.NotFound',
      requestId: failed[0]!.requestId,
    });
  });

  it('one bad region among several nulls the merged field (tagKeys), not its neighbours', async () => {
    const res = await gw.query(`{
      keys: tagKeys(regionIds: ["cn-hangzhou", "${NOWHERE}"]) { totalCount }
      values: tagValues(regionIds: ["cn-hangzhou"], key: "env") { totalCount }
    }`);
    expect(res.data.keys).toBeNull();
    expect(res.data.values.totalCount).toBeGreaterThan(0);
    expect(errorAt(res, ['keys']).extensions?.code).toBe('NOT_FOUND');
    expect(res.errors).toHaveLength(1);
  });

  it('resources(refs:): a cluster in a failing region nulls its item; an ECS resource there keeps its fields but not its tags', async () => {
    const good = inv.resources.find((r) => r.type === 'cluster' && r.regionId === 'cn-shanghai')!;
    gw.sim.clearCalls();
    const res = await gw.query(
      `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { resourceId regionId tags { totalCount } } }`,
      {
        refs: [
          { kind: 'ACK_CLUSTER', regionId: NOWHERE, resourceId: good.resourceId },
          { kind: 'ACK_CLUSTER', regionId: good.regionId, resourceId: good.resourceId },
          { kind: 'ECS_INSTANCE', regionId: NOWHERE, resourceId: 'i-xx0000000000000000' },
        ],
      },
    );
    expect(res.status).toBe(200);
    expect(res.data.resources[0]).toBeNull();
    expect(res.data.resources[1]).toEqual({
      resourceId: good.resourceId,
      regionId: good.regionId,
      tags: { totalCount: good.tags.length },
    });
    expect(res.data.resources[2]).toEqual({ resourceId: 'i-xx0000000000000000', regionId: NOWHERE, tags: null });
    expect(res.errors).toHaveLength(2);
    const cs = errorAt(res, ['resources', 0]);
    expect(cs.extensions).toMatchObject({
      code: 'NOT_FOUND',
      upstream: { operation: 'ListTagResources', code: 'InvalidRegionId.NotFound' },
    });
    expect(cs.extensions!.upstream.requestId).toBe(
      gw.sim.calls({ regionId: NOWHERE, operation: 'ListTagResources' })[0]!.requestId,
    );
    const ecs = errorAt(res, ['resources', 2, 'tags']);
    // ECS tags load through ECS ListTagResources (batched), so its failure is that operation's
    expect(ecs.extensions).toMatchObject({
      code: 'NOT_FOUND',
      upstream: { operation: 'EcsListTagResources', code: 'InvalidRegionId.NotFound' },
    });
    expect(ecs.extensions!.upstream.requestId).toBe(
      gw.sim.calls({ regionId: NOWHERE, operation: 'EcsListTagResources' })[0]!.requestId,
    );
  });

  it('ackClusters in a failing region is null beside a good node', async () => {
    const good = inv.resources.find((r) => r.type === 'cluster' && r.regionId === 'cn-hangzhou')!;
    const res = await gw.query(`{
      bad: ackClusters(regionId: "${NOWHERE}", clusterIds: ["${good.resourceId}"]) { totalCount }
      good: ackClusters(regionId: "cn-hangzhou", clusterIds: ["${good.resourceId}"]) { totalCount }
    }`);
    expect(res.data).toEqual({ bad: null, good: { totalCount: 1 } });
    expect(errorAt(res, ['bad']).extensions).toMatchObject({
      code: 'NOT_FOUND',
      upstream: { operation: 'ListTagResources' },
    });
  });

  it('throttling: THROTTLED after the retries, the throttled fields null, the admitted one answered', async () => {
    const regions = ['cn-hangzhou', 'cn-beijing', 'cn-shanghai', 'cn-shenzhen'];
    gw.sim.setFaults({ qpsPerKey: 1 });
    try {
      gw.sim.clearCalls();
      const res = await gw.query(
        `{ ${regions.map((r, i) => `r${i}: tagCatalog(regionIds: ["${r}"], first: 1) { totalCount }`).join('\n')} }`,
      );
      expect(res.status).toBe(200);
      const throttled = regions.filter((_, i) => res.data[`r${i}`] === null);
      expect(throttled.length).toBeGreaterThanOrEqual(1);
      expect(throttled.length).toBeLessThan(regions.length);
      expect(res.errors).toHaveLength(throttled.length);
      for (const [i, region] of regions.entries()) {
        const calls = gw.sim.calls({ regionId: region });
        if (res.data[`r${i}`] !== null) {
          expect(res.data[`r${i}`].totalCount).toBe(expectedCatalog(inv, region, 'instance').length);
          continue;
        }
        // retried up to UPSTREAM_MAX_ATTEMPTS (4), every attempt throttled
        expect(calls).toHaveLength(4);
        expect(calls.every((c) => c.code === 'Throttling.User')).toBe(true);
        const e = errorAt(res, [`r${i}`]);
        expect(e.extensions?.code).toBe('THROTTLED');
        expect(e.extensions?.upstream).toMatchObject({ operation: 'DescribeTags', code: 'Throttling.User' });
        expect(calls.map((c) => c.requestId)).toContain(e.extensions!.upstream.requestId);
      }
    } finally {
      gw.sim.setFaults({ qpsPerKey: 0 });
    }
  });
});

describe('deadline', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      simulator: { faults: { latencyMs: 1_500 } },
      env: { CACHE_ENABLED: 'false', UPSTREAM_DEADLINE_MS: '250', UPSTREAM_TIMEOUT_MS: '200' },
    });
  });
  afterAll(() => gw?.close());

  it('latency beyond the deadline is UPSTREAM_TIMEOUT, in about the deadline', async () => {
    const started = Date.now();
    const res = await gw.query(`{ tagCatalog(regionIds: ["cn-hangzhou"]) { totalCount } }`);
    const took = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.data.tagCatalog).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      upstream: { operation: 'DescribeTags' },
    });
    expect(['DeadlineExceeded', 'Timeout']).toContain(res.errors![0]!.extensions!.upstream.code);
    expect(took).toBeLessThan(1_200);
  });

  it('a cluster lookup times out the same way, nulling only its item', async () => {
    const res =
      await gw.query(`{ resources(refs: [{ kind: ACK_CLUSTER, regionId: "cn-hangzhou", resourceId: "c${'a'.repeat(32)}" },
      { kind: ECS_INSTANCE, regionId: "cn-hangzhou", resourceId: "i-bp0000000000000000" }]) { resourceId } }`);
    expect(res.data.resources).toEqual([null, { resourceId: 'i-bp0000000000000000' }]);
    expect(res.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      upstream: { operation: 'ListTagResources' },
    });
  });
});

describe('production mode', () => {
  let gw: TestGateway;
  let original: unknown;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { CACHE_ENABLED: 'false', NODE_ENV: 'production' } });
    original = gw.app.api.describeTags;
  });
  afterAll(() => gw?.close());

  const leaks = (text: string) => {
    expect(text).not.toContain(DEMO_KEY.accessKeySecret);
    expect(text).not.toContain(DEMO_KEY.accessKeyId);
    expect(text).not.toContain(gw.sim.url);
    expect(text).not.toMatch(/https?:\/\//);
    expect(text).not.toMatch(/stack|\bat .*\.ts:\d+/);
  };

  it('an unexpected error is masked: no message, no stack, no secret; only its field is null', async () => {
    const api = gw.app.api as { describeTags: unknown };
    api.describeTags = async () => {
      const err = new Error(`boom: signed with ${DEMO_KEY.accessKeyId}/${DEMO_KEY.accessKeySecret} at ${gw.sim.url}`);
      (err as Error & { code: string }).code = 'EBOOM';
      throw err;
    };
    try {
      const cluster = gw.sim.inventory().resources.find((r) => r.type === 'cluster')!;
      const res = await gw.query(`{
        cat: tagCatalog(regionIds: ["cn-hangzhou"]) { totalCount }
        ok: ackClusters(regionId: "${cluster.regionId}", clusterIds: ["${cluster.resourceId}"]) { totalCount }
      }`);
      expect(res.status).toBe(200);
      expect(res.data).toEqual({ cat: null, ok: { totalCount: 1 } });
      expect(res.errors).toHaveLength(1);
      expect(res.errors![0]!.message).toBe('Unexpected error.');
      expect(res.errors![0]!.path).toEqual(['cat']);
      expect(Object.keys(res.errors![0]!.extensions ?? {})).toEqual(['code']);
      const text = JSON.stringify(res);
      expect(text).not.toContain('boom');
      expect(text).not.toContain('EBOOM');
      leaks(text);
    } finally {
      api.describeTags = original;
    }
  });

  it('upstream and input errors keep their codes and request IDs in production, and leak no key or URL', async () => {
    gw.sim.clearCalls();
    const res = await gw.query(`{
      gone: tagCatalog(regionIds: ["${NOWHERE}"]) { totalCount }
      bad: tagCatalog(regionIds: ["cn-hangzhou"], first: 500) { totalCount }
    }`);
    expect(res.data).toEqual({ gone: null, bad: null });
    expect(errorAt(res, ['gone']).extensions).toMatchObject({
      code: 'NOT_FOUND',
      upstream: {
        operation: 'DescribeTags',
        code: 'InvalidRegionId.NotFound',
        requestId: gw.sim.calls()[0]!.requestId,
      },
    });
    expect(errorAt(res, ['bad']).extensions?.code).toBe('BAD_USER_INPUT');
    leaks(JSON.stringify(res));
  });

  it('a bad signature (wrong secret) is UPSTREAM_UNAUTHORIZED without the string to sign or the key', async () => {
    const other = await startTestGateway({
      sim: gw.sim,
      env: { CACHE_ENABLED: 'false', NODE_ENV: 'production', CALLER_CREDENTIALS: 'true' },
    });
    try {
      const res = await other.query(`{ tagCatalog(regionIds: ["cn-hangzhou"]) { totalCount } }`, undefined, {
        'x-alibaba-cloud-access-key-id': DEMO_KEY.accessKeyId,
        'x-alibaba-cloud-access-key-secret': 'a-wrong-secret-of-some-length',
      });
      expect(res.data.tagCatalog).toBeNull();
      expect(res.errors![0]!.extensions).toMatchObject({
        code: 'UPSTREAM_UNAUTHORIZED',
        upstream: { code: 'SignatureDoesNotMatch' },
      });
      const text = JSON.stringify(res);
      expect(text).not.toContain('a-wrong-secret-of-some-length');
      expect(text).not.toMatch(/string to sign/i);
      leaks(text);
    } finally {
      await other.close();
    }
  });
});
