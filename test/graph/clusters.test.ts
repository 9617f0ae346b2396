/** ackClusters(regionId, clusterIds, filters): existence, tag filters (ANDed, key-only), order, and the tags they carry. */
import { describe, expect, it } from 'vitest';
import type { InventoryResource } from '../../src/simulator/index.js';
import { useGateway } from '../support/gateway.js';
import { absentClusterId, expectNoErrors, resourcesOf, sortedTags, type Filter } from './helpers.js';

const t = useGateway();

const CLUSTERS = `query($regionId: String!, $clusterIds: [String!]!, $filters: [TagFilterInput!], $first: Int) {
  ackClusters(regionId: $regionId, clusterIds: $clusterIds, filters: $filters, first: $first) {
    totalCount
    edges { node { __typename id kind service regionId resourceId tags(first: 100) { totalCount edges { node { key value } } } } }
    pageInfo { hasNextPage hasPreviousPage }
  }
}`;

function matches(c: InventoryResource, filters: Filter[]): boolean {
  return filters.every((f) => c.tags.some((t) => t.key === f.key && (f.value === undefined || t.value === f.value)));
}

/** The given IDs, shuffled deterministically, with absent IDs mixed in. */
function askFor(region: string, absent = 3): { ids: string[]; clusters: Map<string, InventoryResource> } {
  const clusters = new Map(resourcesOf(t.inv, 'cluster', region).map((c) => [c.resourceId, c]));
  const ids = [...clusters.keys()].sort().reverse();
  for (let i = 0; i < absent; i++) ids.splice(i * 5, 0, absentClusterId(t.inv, i * 7));
  return { ids, clusters };
}

describe('ackClusters', () => {
  it('without filters: the clusters that exist, in the order given, with all their tags', async () => {
    const { ids, clusters } = askFor('cn-shanghai');
    const res = await t.gw.query(CLUSTERS, { regionId: 'cn-shanghai', clusterIds: ids, first: 100 });
    expectNoErrors(res);
    const expected = ids.filter((id) => clusters.has(id));
    const conn = res.data.ackClusters;
    expect(conn.totalCount).toBe(expected.length);
    expect(conn.edges.map((e: any) => e.node.resourceId)).toEqual(expected);
    for (const e of conn.edges) {
      expect(e.node).toMatchObject({
        __typename: 'AckCluster',
        kind: 'ACK_CLUSTER',
        service: 'CS',
        regionId: 'cn-shanghai',
      });
      expect(e.node.tags.edges.map((t: any) => t.node)).toEqual(sortedTags(clusters.get(e.node.resourceId)!));
    }
  });

  it('clusters of another region are not found in this one', async () => {
    const other = resourcesOf(t.inv, 'cluster', 'cn-beijing').map((c) => c.resourceId);
    const res = await t.gw.query(CLUSTERS, { regionId: 'cn-shenzhen', clusterIds: other });
    expectNoErrors(res);
    expect(res.data.ackClusters.totalCount).toBe(0);
    expect(res.data.ackClusters.edges).toEqual([]);
  });

  const filterCases: Array<[string, string, Filter[]]> = [
    ['a key and value', 'cn-hangzhou', [{ key: 'env', value: 'prod' }]],
    ['a key only', 'cn-beijing', [{ key: 'owner' }]],
    ['several filters ANDed', 'cn-hangzhou', [{ key: 'env' }, { key: 'team' }, { key: 'cost-center' }]],
    ['the rare compliance tag', 'cn-hangzhou', [{ key: 'compliance', value: 'pci-dss' }]],
    ['the rare legacy tag', 'cn-beijing', [{ key: 'legacy', value: 'true' }]],
    ['a filter nothing matches', 'cn-shanghai', [{ key: 'env', value: 'no-such' }]],
  ];
  it.each(filterCases)(
    'with filters, %s: the matching clusters in the order given, with all their tags',
    async (_n, region, filters) => {
      const { ids, clusters } = askFor(region);
      const res = await t.gw.query(CLUSTERS, { regionId: region, clusterIds: ids, filters, first: 100 });
      expectNoErrors(res);
      const expected = ids.filter((id) => clusters.has(id) && matches(clusters.get(id)!, filters));
      expect(res.data.ackClusters.totalCount).toBe(expected.length);
      expect(res.data.ackClusters.edges.map((e: any) => e.node.resourceId)).toEqual(expected);
      // all tags, not only the filter keys
      for (const e of res.data.ackClusters.edges) {
        expect(e.node.tags.edges.map((t: any) => t.node)).toEqual(sortedTags(clusters.get(e.node.resourceId)!));
      }
      if (filters[0]!.key === 'compliance' || filters[0]!.key === 'legacy') expect(expected).toHaveLength(1);
    },
  );

  it('the tags of filtered clusters cost no extra call (the filter answer primes them)', async () => {
    const { ids, clusters } = askFor('cn-beijing', 0);
    t.gw.sim.clearCalls();
    const res = await t.gw.query(CLUSTERS, {
      regionId: 'cn-beijing',
      clusterIds: ids,
      filters: [{ key: 'env' }],
      first: 100,
    });
    expectNoErrors(res);
    expect(res.data.ackClusters.totalCount).toBe(
      ids.filter((id) => matches(clusters.get(id)!, [{ key: 'env' }])).length,
    );
    const calls = t.gw.sim.calls();
    expect(calls.every((c) => c.operation === 'ListTagResources')).toBe(true);
    // every call carried the filter: none was a plain tag look-up
    expect(calls.every((c) => c.params.tags !== undefined)).toBe(true);
    const items = ids
      .filter((id) => matches(clusters.get(id)!, [{ key: 'env' }]))
      .reduce((n, id) => n + clusters.get(id)!.tags.length, 0);
    expect(calls).toHaveLength(Math.max(1, Math.ceil(items / 50)));
  });

  it('repeated cluster IDs count once', async () => {
    const id = resourcesOf(t.inv, 'cluster', 'cn-shenzhen')[0]!.resourceId;
    const res = await t.gw.query(CLUSTERS, { regionId: 'cn-shenzhen', clusterIds: [id, id, id] });
    expectNoErrors(res);
    expect(res.data.ackClusters.totalCount).toBe(1);
  });

  it('the cluster that carries only ack.aliyun.com exists; filters on other keys leave it out', async () => {
    const region = 'ap-southeast-1';
    const bare = resourcesOf(t.inv, 'cluster', region).find((c) => c.tags.length === 1)!;
    expect(bare.tags[0]!.key).toBe('ack.aliyun.com');
    const plain = await t.gw.query(CLUSTERS, { regionId: region, clusterIds: [bare.resourceId] });
    expectNoErrors(plain);
    expect(plain.data.ackClusters.edges.map((e: any) => e.node.resourceId)).toEqual([bare.resourceId]);
    const filtered = await t.gw.query(CLUSTERS, {
      regionId: region,
      clusterIds: [bare.resourceId],
      filters: [{ key: 'env' }],
    });
    expectNoErrors(filtered);
    expect(filtered.data.ackClusters.totalCount).toBe(0);
    const own = await t.gw.query(CLUSTERS, {
      regionId: region,
      clusterIds: [bare.resourceId],
      filters: [{ key: 'ack.aliyun.com', value: bare.resourceId }],
    });
    expectNoErrors(own);
    expect(own.data.ackClusters.totalCount).toBe(1);
  });
});
