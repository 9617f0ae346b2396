/**
 * CS DescribeClustersV1 over HTTP against the simulator, through `describeClustersPages`: every cluster of a
 * region and every filter, compared with the inventory; page_number upwards until total_count.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import {
  CLUSTER_STATES,
  createUpstream,
  describeClustersPages,
  DESCRIBE_CLUSTERS_PAGE_SIZE_DEFAULT,
  makeCredential,
  type ClusterInfo,
  type DescribeClustersRequest,
  type DescribeClustersResult,
  type TagApi,
} from '../../src/upstream/index.js';
import { byteOrder, expectedClusters, upstreamError } from './helpers.js';

let sim: Simulator;
let api: TagApi;
let inv: InventoryFile;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  api = createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20, maxAttempts: 2 });
  inv = sim.inventory();
});
afterAll(() => sim.close());
beforeEach(() => sim.clearCalls());

async function all(
  req: DescribeClustersRequest,
): Promise<{ clusters: ClusterInfo[]; pages: DescribeClustersResult[] }> {
  const pages: DescribeClustersResult[] = [];
  for await (const page of describeClustersPages(api, cred, req)) {
    pages.push(page);
    if (pages.length > 1_000) throw new Error('no last page after 1,000 pages');
  }
  return { clusters: pages.flatMap((p) => p.clusters), pages };
}
const byId = (clusters: ClusterInfo[]) => [...clusters].sort((a, b) => byteOrder(a.clusterId, b.clusterId));

describe('every cluster of a region', () => {
  it('pages of 4 to the end: every cluster once, with its fields and tags, page_number 1..n', async () => {
    const expected = expectedClusters(inv, { regionId: 'cn-hangzhou' });
    expect(expected.length).toBeGreaterThan(8);
    const { clusters, pages } = await all({ regionId: 'cn-hangzhou', pageSize: 4 });
    expect(byId(clusters)).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / 4));
    expect(pages.every((p) => p.totalCount === expected.length && p.pageSize === 4)).toBe(true);
    const log = sim.calls({ operation: 'DescribeClustersV1' });
    expect(log.map((e) => e.params.page_number)).toEqual(pages.map((_, i) => String(i + 1)));
    expect(log[0]!.params).toMatchObject({ region_id: 'cn-hangzhou', page_size: '4' });
  });

  it('without a page size the pager asks for the default size', async () => {
    const { clusters, pages } = await all({ regionId: 'cn-beijing' });
    expect(byId(clusters)).toEqual(expectedClusters(inv, { regionId: 'cn-beijing' }));
    expect(pages[0]!.pageSize).toBe(DESCRIBE_CLUSTERS_PAGE_SIZE_DEFAULT);
    expect(sim.calls()[0]!.params.page_size).toBe(String(DESCRIBE_CLUSTERS_PAGE_SIZE_DEFAULT));
  });

  it('an exact multiple of the page size stops without asking for an empty page', async () => {
    const total = expectedClusters(inv, { regionId: 'cn-hangzhou' }).length;
    const size = [7, 6, 5, 4, 3, 2].find((d) => total % d === 0 && total / d >= 2)!;
    expect(size).toBeDefined();
    const { pages } = await all({ regionId: 'cn-hangzhou', pageSize: size });
    expect(pages).toHaveLength(total / size);
    expect(pages.every((p) => p.clusters.length === size)).toBe(true);
  });

  it('is lazy: stopping after the first page makes one call', async () => {
    for await (const page of describeClustersPages(api, cred, { regionId: 'cn-hangzhou', pageSize: 2 })) {
      expect(page.clusters).toHaveLength(2);
      break;
    }
    expect(sim.calls()).toHaveLength(1);
  });

  it('starts at the page number asked for', async () => {
    const { pages } = await all({ regionId: 'cn-hangzhou', pageSize: 3, pageNumber: 2 });
    expect(pages[0]!.pageNumber).toBe(2);
    expect(sim.calls().map((e) => e.params.page_number)[0]).toBe('2');
  });

  it('a page past the end is empty, and the pager stops there', async () => {
    const { clusters, pages } = await all({ regionId: 'cn-hangzhou', pageSize: 100, pageNumber: 9 });
    expect(clusters).toEqual([]);
    expect(pages).toHaveLength(1);
  });

  it('an empty region answers no clusters', async () => {
    const page = await api.describeClusters(cred, { regionId: 'cn-qingdao' });
    expect(page).toMatchObject({ clusters: [], totalCount: 0 });
  });

  it('every state is one of the 15 documented', async () => {
    const { clusters } = await all({ regionId: 'cn-hangzhou' });
    expect(clusters.every((c) => (CLUSTER_STATES as readonly string[]).includes(c.state))).toBe(true);
  });
});

describe('filters', () => {
  const one = () => expectedClusters(inv, { regionId: 'cn-hangzhou' })[3]!;
  const cases: Array<{ name: string; req: () => DescribeClustersRequest }> = [
    { name: 'cluster_id', req: () => ({ regionId: 'cn-hangzhou', clusterId: one().clusterId }) },
    { name: 'name', req: () => ({ regionId: 'cn-hangzhou', name: one().name }) },
    { name: 'cluster_type', req: () => ({ regionId: 'cn-hangzhou', clusterType: 'ManagedKubernetes' }) },
    { name: 'cluster_spec', req: () => ({ regionId: 'cn-hangzhou', clusterSpec: one().clusterSpec }) },
    { name: 'profile', req: () => ({ regionId: 'cn-hangzhou', profile: 'Default' }) },
    {
      name: 'cluster_type and profile',
      req: () => ({ regionId: 'cn-shanghai', clusterType: 'ManagedKubernetes', profile: 'Default' }),
    },
    {
      name: 'a cluster ID that does not exist',
      req: () => ({ regionId: 'cn-hangzhou', clusterId: `c${'0'.repeat(32)}` }),
    },
    { name: 'a cluster of another region', req: () => ({ regionId: 'cn-beijing', clusterId: one().clusterId }) },
  ];

  it.each(cases)('$name: the matching clusters of the inventory', async ({ req }) => {
    const r = req();
    const { clusters } = await all(r);
    expect(byId(clusters)).toEqual(expectedClusters(inv, r));
    const params = sim.calls()[0]!.params;
    if (r.clusterId) expect(params.cluster_id).toBe(r.clusterId);
    if (r.name) expect(params.name).toBe(r.name);
  });
});

describe('errors from the simulator', () => {
  it('an unknown region → InvalidRegionId.NotFound, tried once', async () => {
    const err = await upstreamError(api.describeClusters(cred, { regionId: 'xx-nowhere-1' }));
    expect(err).toMatchObject({ operation: 'DescribeClustersV1', code: 'InvalidRegionId.NotFound', retryable: false });
    expect(sim.calls()).toHaveLength(1);
  });

  it('a wrong secret → SignatureDoesNotMatch without the key in the message', async () => {
    const err = await upstreamError(
      api.describeClusters(makeCredential(DEMO_KEY.accessKeyId, 'not-the-secret'), { regionId: 'cn-hangzhou' }),
    );
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', retryable: false });
    expect(err.message).not.toContain(DEMO_KEY.accessKeyId);
    expect(err.message).not.toMatch(/https?:|\/api\/v1/);
  });

  it('503 every time → ServiceUnavailable after maxAttempts calls', async () => {
    sim.setFaults({ errorRate: 1 });
    try {
      const err = await upstreamError(api.describeClusters(cred, { regionId: 'cn-hangzhou' }));
      expect(err).toMatchObject({ code: 'ServiceUnavailable', status: 503, retryable: true });
      expect(sim.calls().map((e) => e.operation)).toEqual(['DescribeClustersV1', 'DescribeClustersV1']);
    } finally {
      sim.setFaults({ errorRate: 0 });
    }
  });
});
