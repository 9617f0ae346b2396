/**
 * ACK clusters as real resources: `name`, `state`, `clusterType`, `clusterSpec`, `createdAt` from
 * DescribeClustersV1 (one cluster of a region: one call with `cluster_id`; several: the region's listing),
 * `ackClusters` without `clusterIds` (the whole region, newest first, with `name` / `state` / `clusterType` and
 * tag filters), and NOT_FOUND for a cluster that does not exist (resources, node, nodes, _entities).
 * Expected answers come from the simulator's inventory (`cluster` fields, `name`, `created`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import { startTestGateway, useGateway, type TestGateway } from '../support/gateway.js';
import {
  absentClusterId,
  byteCompare,
  clusterFields,
  expectBadInput,
  expectNoErrors,
  sortedTags,
  type Filter,
} from './helpers.js';

const t = useGateway();

const DETAILS = 'resourceId regionId name state clusterType clusterSpec createdAt';
const clusters = (inv: InventoryFile, region?: string) =>
  inv.resources.filter((r) => r.type === 'cluster' && (!region || r.regionId === region));

/** What the fields must say, from the inventory. */
const expected = (c: InventoryResource) => ({ resourceId: c.resourceId, regionId: c.regionId, ...clusterFields(c) });
const newestFirst = (a: InventoryResource, b: InventoryResource) =>
  Date.parse(b.cluster!.created!) - Date.parse(a.cluster!.created!) || byteCompare(a.resourceId, b.resourceId);
const carries = (c: InventoryResource, filters: Filter[]) =>
  filters.every((f) => c.tags.some((x) => x.key === f.key && (f.value === undefined || x.value === f.value)));
const ref = (c: { regionId: string; resourceId: string }) => ({
  kind: 'ACK_CLUSTER',
  regionId: c.regionId,
  resourceId: c.resourceId,
});
const RESOURCES = `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { ... on AckCluster { ${DETAILS} } } }`;

describe('AckCluster fields from DescribeClustersV1', () => {
  it('one cluster of a region: one call filtered by cluster_id; the fields are the inventory’s', async () => {
    const c = clusters(t.inv, 'cn-shenzhen')[3]!;
    t.gw.sim.clearCalls();
    const res = await t.gw.query(RESOURCES, { refs: [ref(c)] });
    expectNoErrors(res);
    expect(res.data.resources).toEqual([expected(c)]);
    const calls = t.gw.sim.calls({ operation: 'DescribeClustersV1' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.params).toMatchObject({ region_id: 'cn-shenzhen', cluster_id: c.resourceId });
  });

  it('every cluster of two regions: one listing per region (no cluster_id), every field right', async () => {
    const asked = [...clusters(t.inv, 'cn-beijing'), ...clusters(t.inv, 'ap-southeast-1')].reverse();
    t.gw.sim.clearCalls();
    const res = await t.gw.query(RESOURCES, { refs: asked.map(ref) });
    expectNoErrors(res);
    expect(res.data.resources).toEqual(asked.map(expected));
    const calls = t.gw.sim.calls({ operation: 'DescribeClustersV1' });
    expect(calls.map((c) => c.regionId).sort()).toEqual(['ap-southeast-1', 'cn-beijing']); // < 100 clusters each
    expect(calls.every((c) => c.params.cluster_id === undefined && c.params.page_number === '1')).toBe(true);
  });

  it('asking only for tags makes no DescribeClustersV1 call', async () => {
    const asked = clusters(t.inv, 'cn-hangzhou').slice(0, 3);
    t.gw.sim.clearCalls();
    const res = await t.gw.query(
      `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { tags { totalCount } } }`,
      { refs: asked.map(ref) },
    );
    expectNoErrors(res);
    expect(t.gw.sim.calls({ operation: 'DescribeClustersV1' })).toHaveLength(0);
  });
});

const LIST = `query($regionId: String!, $clusterIds: [String!], $filters: [TagFilterInput!], $name: String, $state: AckClusterState, $clusterType: String, $first: Int) {
  ackClusters(regionId: $regionId, clusterIds: $clusterIds, filters: $filters, name: $name, state: $state, clusterType: $clusterType, first: $first) {
    totalCount edges { node { ${DETAILS} tags(first: 100) { edges { node { key value } } } } }
  }
}`;

describe('ackClusters without clusterIds', () => {
  type Case = [string, string, { filters?: Filter[]; name?: string; state?: string; clusterType?: string }];
  const cases = (): Case[] => {
    const sh = clusters(t.inv, 'cn-shanghai');
    return [
      ['the whole region', 'cn-hangzhou', {}],
      ['by state', 'cn-shanghai', { state: 'DELETED' }],
      ['by cluster type', 'cn-beijing', { clusterType: 'ExternalKubernetes' }],
      ['by name', 'cn-shanghai', { name: sh[2]!.name! }],
      ['by tag', 'cn-shenzhen', { filters: [{ key: 'env', value: 'prod' }] }],
      ['by a tag key and a state', 'ap-southeast-1', { filters: [{ key: 'team' }], state: 'RUNNING' }],
      ['by type and state, nothing matches', 'cn-beijing', { clusterType: 'Kubernetes', state: 'DELETED' }],
    ];
  };
  const NAMES = [
    'the whole region',
    'by state',
    'by cluster type',
    'by name',
    'by tag',
    'by a tag key and a state',
    'by type and state, nothing matches',
  ];
  it.each(NAMES)(
    '%s: the matching clusters of the region, newest first, with details and all their tags',
    async (caseName) => {
      const i = NAMES.indexOf(caseName);
      const [, region, args] = cases().find(([n]) => n === caseName)!;
      const want = clusters(t.inv, region)
        .filter(
          (c) =>
            (args.name === undefined || c.name === args.name) &&
            (args.state === undefined || c.cluster!.state!.toUpperCase() === args.state) &&
            (args.clusterType === undefined || c.cluster!.clusterType === args.clusterType) &&
            carries(c, args.filters ?? []),
        )
        .sort(newestFirst);
      if (i < 6) expect(want.length).toBeGreaterThan(0);
      t.gw.sim.clearCalls();
      const res = await t.gw.query(LIST, { regionId: region, ...args, first: 100 });
      expectNoErrors(res);
      expect(res.data.ackClusters.totalCount).toBe(want.length);
      expect(res.data.ackClusters.edges.map(({ node: { tags: _tags, ...rest } }: any) => rest)).toEqual(
        want.map(expected),
      );
      res.data.ackClusters.edges.forEach((e: any, k: number) =>
        expect(e.node.tags.edges.map((x: any) => x.node)).toEqual(sortedTags(want[k]!)),
      );
      // one listing, no tag call: the listing's tags and details answer every field
      const calls = t.gw.sim.calls();
      expect(calls.map((c) => c.operation)).toEqual(['DescribeClustersV1']);
      expect(calls[0]!.params).toMatchObject({
        region_id: region,
        ...(args.name ? { name: args.name } : {}),
        ...(args.clusterType ? { cluster_type: args.clusterType } : {}),
      });
    },
  );

  it('with clusterIds, the detail filters apply to those clusters, in the order given', async () => {
    const all = clusters(t.inv, 'cn-hangzhou');
    const ids = [...all].reverse().map((c) => c.resourceId);
    const res = await t.gw.query(LIST, {
      regionId: 'cn-hangzhou',
      clusterIds: ids,
      clusterType: 'ManagedKubernetes',
      first: 100,
    });
    expectNoErrors(res);
    const want = ids.filter((id) => all.find((c) => c.resourceId === id)!.cluster!.clusterType === 'ManagedKubernetes');
    expect(res.data.ackClusters.edges.map((e: any) => e.node.resourceId)).toEqual(want);
  });

  it.each([
    ['a name too long', { name: 'n'.repeat(64) }],
    ['an empty name', { name: '' }],
    ['an unknown cluster type', { clusterType: 'Swarm' }],
    ['an empty clusterIds list', { clusterIds: [] }],
  ])('%s is BAD_USER_INPUT before any call', async (_n, args) => {
    t.gw.sim.clearCalls();
    const res = await t.gw.query(LIST, { regionId: 'cn-hangzhou', ...args });
    expectBadInput(t.gw, res, 'ackClusters');
  });
});

describe('a cluster that does not exist: null and NOT_FOUND at its path', () => {
  let absent: { regionId: string; resourceId: string };
  let absentId: string;
  let present: InventoryResource;
  beforeAll(() => {
    present = clusters(t.inv, 'cn-beijing')[0]!;
    absent = { regionId: 'cn-beijing', resourceId: absentClusterId(t.inv) };
    absentId = Buffer.from(`AckCluster:${absent.regionId}/${absent.resourceId}`).toString('base64url');
  });
  const notFoundAt = (res: any, path: Array<string | number>) => {
    expect(res.status).toBe(200);
    expect(res.errors, JSON.stringify(res.errors)).toHaveLength(1);
    expect(res.errors[0]).toMatchObject({ path, extensions: { code: 'NOT_FOUND' } });
  };

  it('node(id:)', async () => {
    const res = await t.gw.query(`query($id: ID!) { node(id: $id) { id ... on AckCluster { name } } }`, {
      id: absentId,
    });
    notFoundAt(res, ['node']);
    expect(res.data.node).toBeNull();
  });

  it('resources(refs:) and nodes(ids:) beside a cluster that exists', async () => {
    const res = await t.gw.query(
      `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { resourceId ... on AckCluster { name } } }`,
      {
        refs: [ref(present), ref(absent)],
      },
    );
    notFoundAt(res, ['resources', 1]);
    expect(res.data.resources).toEqual([{ resourceId: present.resourceId, name: present.name }, null]);
    const nodes = await t.gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [absentId] });
    notFoundAt(nodes, ['nodes', 0]);
    expect(nodes.data.nodes).toEqual([null]);
  });

  it('_entities, by native key and by global id, with the new fields', async () => {
    const res = await t.gw.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on AckCluster { resourceId ${DETAILS} } } }`,
      {
        r: [
          { __typename: 'AckCluster', ...absent },
          { __typename: 'AckCluster', regionId: present.regionId, resourceId: present.resourceId },
          { __typename: 'AckCluster', id: absentId },
        ],
      },
    );
    expect(res.status).toBe(200);
    expect(res.data._entities).toEqual([null, expected(present), null]);
    expect(res.errors).toHaveLength(2);
    expect(res.errors!.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 0], 'NOT_FOUND'],
      [['_entities', 2], 'NOT_FOUND'],
    ]);
  });
});

describe('a region of more clusters than one DescribeClustersV1 page holds', () => {
  let gw: TestGateway;
  let inv: InventoryFile;
  beforeAll(async () => {
    const resources: InventoryResource[] = Array.from({ length: 230 }, (_, i) => {
      const id = `ca${i.toString(16).padStart(31, '0')}`;
      const created = new Date(Date.UTC(2024, 0, 1) + (i % 17) * 86_400_000).toISOString().replace('.000Z', '+00:00');
      return {
        service: 'cs',
        type: 'cluster',
        regionId: 'cn-hangzhou',
        resourceId: id,
        name: `k8s-${i % 50}`,
        tags: [{ key: 'ack.aliyun.com', value: id }],
        cluster: { state: i % 3 ? 'running' : 'scaling', created },
      };
    });
    gw = await startTestGateway({
      simulator: { inventory: { regions: ['cn-hangzhou'], resources } },
      env: { CACHE_ENABLED: 'false' },
    });
    inv = gw.sim.inventory();
  });
  afterAll(() => gw?.close());

  it('lists every page once (ceil(230 / 100) = 3 calls), the order newest first then by ID', async () => {
    gw.sim.clearCalls();
    const res = await gw.query(
      `{ ackClusters(regionId: "cn-hangzhou", state: SCALING, first: 100) { totalCount edges { node { resourceId createdAt } } } }`,
    );
    expectNoErrors(res);
    const want = clusters(inv)
      .filter((c) => (c.cluster?.state ?? 'running') === 'scaling')
      .sort(newestFirst);
    expect(res.data.ackClusters.totalCount).toBe(want.length);
    expect(res.data.ackClusters.edges.map((e: any) => e.node.resourceId)).toEqual(want.map((c) => c.resourceId));
    const calls = gw.sim.calls({ operation: 'DescribeClustersV1' });
    expect(calls.map((c) => c.params.page_number)).toEqual(['1', '2', '3']);
    expect(calls.every((c) => c.params.page_size === '100')).toBe(true);
  });
});
