/**
 * A real supergraph: @apollo/gateway serves the committed schema/supergraph.example.graphql over two live
 * subgraphs, this gateway (startTestGateway: real simulator, federation on, caches off so calls count) and the
 * inventory subgraph (yoga). Queries cross both: 100 inventory items get their tags from us through
 * `_entities`, in the fewest upstream calls (clusters' DescribeClustersV1 fields too); entities resolve by native
 * key and by global `id`; a cluster that does not exist is null with a NOT_FOUND error at the router's path. A second gateway with SUBGRAPH_NODE_FIELDS=rename is composed live
 * (IntrospectAndCompose reads `_service`) and serves `resourceNode` through the supergraph.
 */
import { IntrospectAndCompose } from '@apollo/gateway';
import type { ApolloServer } from '@apollo/server';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLogEntry, InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { clusterFields } from '../graph/helpers.js';
import { SUPERGRAPH_FILE } from './compose.js';
// the committed supergraph names example URLs; startRouter routes each subgraph to where it runs in this test
import { runOperation as run, startRouter as startSupergraph } from './router.js';
import { startInventorySubgraph, type InventoryItem, type InventorySubgraph } from './inventory-subgraph.js';
import { expectedTagged, expectSameList, type Row } from '../graph/tagged-oracle.js';

const CS_MAX_RESOURCE_IDS = 50;
const N_ITEMS = 100;
const N_INSTANCES = 8;

let gw: TestGateway;
let renamed: TestGateway;
let inventory: InventorySubgraph;
let supergraph: ApolloServer;
let renamedSupergraph: ApolloServer;
let inv: InventoryFile;
let items: InventoryItem[];
/** The clusters and instances behind the first 100 items, by native ID. */
let byId: Map<string, InventoryResource>;
let clustersByRegion: Map<string, string[]>;
let disk: InventoryResource;
let absentCluster: { regionId: string; resourceId: string };

const globalId = (type: string, r: { regionId: string; resourceId: string }) =>
  Buffer.from(`${type}:${r.regionId}/${r.resourceId}`).toString('base64url');
const sortedTags = (r: InventoryResource) =>
  [...r.tags]
    .sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)))
    .map(({ key, value }) => ({ key, value }));

/** 100 items: every cluster of the region with the most (more than 50), clusters of a second region, 8 instances; interleaved. */
function makeItems(): InventoryItem[] {
  const clusters = (region: string) => inv.resources.filter((r) => r.type === 'cluster' && r.regionId === region);
  const regions = [...new Set(inv.resources.filter((r) => r.type === 'cluster').map((r) => r.regionId))].sort(
    (a, b) => clusters(b).length - clusters(a).length,
  );
  const [big, second] = [regions[0]!, regions.find((r) => r !== regions[0] && clusters(r).length >= 10)!];
  const chosen = [...clusters(big), ...clusters(second).slice(0, N_ITEMS - N_INSTANCES - clusters(big).length)];
  const instances = inv.resources.filter((r) => r.type === 'instance' && r.tags.length >= 2).slice(0, N_INSTANCES);
  const resources: InventoryResource[] = [];
  // alternate regions so that the representations are not grouped by region
  const a = chosen.filter((r) => r.regionId === big);
  const b = chosen.filter((r) => r.regionId !== big);
  while (a.length || b.length || instances.length) {
    for (const list of [a, b, a, instances]) if (list.length) resources.push(list.shift()!);
  }
  byId = new Map(resources.map((r) => [r.resourceId, r]));
  clustersByRegion = new Map();
  for (const r of resources)
    if (r.type === 'cluster')
      clustersByRegion.set(r.regionId, [...(clustersByRegion.get(r.regionId) ?? []), r.resourceId]);
  disk = inv.resources.find((r) => r.type === 'disk' && r.tags.length >= 2)!;
  const list: InventoryItem[] = resources.map((r, i) => ({
    id: `item-${i}`,
    name: r.name ?? r.resourceId,
    owner: 'cmdb',
    ...(r.type === 'cluster'
      ? { ackCluster: { regionId: r.regionId, resourceId: r.resourceId } }
      : { ecsInstance: { regionId: r.regionId, resourceId: r.resourceId } }),
    ...(i === 3 ? { bootDisk: globalId('EcsDisk', disk) } : {}),
  }));
  // after the first 100: a cluster that does not exist, and an EcsDisk reference that holds an instance's ID
  const used = new Set(inv.resources.map((r) => r.resourceId));
  let k = 0;
  while (used.has(`c${k.toString(16).padStart(32, '0')}`)) k++;
  absentCluster = { regionId: big, resourceId: `c${k.toString(16).padStart(32, '0')}` };
  list.push({
    id: 'item-absent',
    name: 'decommissioned',
    owner: 'cmdb',
    ackCluster: absentCluster,
    bootDisk: globalId('EcsInstance', instances[0] ?? resources.find((r) => r.type === 'instance')!),
  });
  return list;
}

beforeAll(async () => {
  gw = await startTestGateway({ simulator: { size: 2 }, env: { CACHE_ENABLED: 'false' } });
  inv = gw.sim.inventory();
  items = makeItems();
  inventory = await startInventorySubgraph(items);
  supergraph = await startSupergraph(readFileSync(SUPERGRAPH_FILE, 'utf8'), { tags: gw.url, inventory: inventory.url });
  renamed = await startTestGateway({ sim: gw.sim, env: { CACHE_ENABLED: 'false', SUBGRAPH_NODE_FIELDS: 'rename' } });
  const subgraphs = [
    { name: 'tags', url: renamed.url },
    { name: 'inventory', url: inventory.url },
  ];
  renamedSupergraph = await startSupergraph(new IntrospectAndCompose({ subgraphs }), {});
});
afterAll(async () => {
  await supergraph?.stop();
  await renamedSupergraph?.stop();
  await inventory?.close();
  await renamed?.close();
  await gw?.close();
});

const TAGS = `tags(first: 100) { totalCount edges { node { key value } } }`;
const ITEMS = `query($first: Int, $after: String) {
  items(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id name
      ackCluster { __typename id kind regionId resourceId ${TAGS} }
      ecsInstance { __typename id kind regionId resourceId ${TAGS} }
      bootDisk { __typename id kind regionId resourceId ${TAGS} }
    } }
  }
}`;

const callKey = (c: CallLogEntry) => JSON.stringify([c.operation, c.regionId, Object.entries(c.params).sort()]);

describe('a supergraph over this gateway and an inventory subgraph', () => {
  it('the fixture: 100 items, a region with more clusters than one ListTagResources call names', () => {
    expect(items.slice(0, N_ITEMS).every((i) => i.ackCluster || i.ecsInstance)).toBe(true);
    expect(clustersByRegion.size).toBe(2);
    expect(Math.max(...[...clustersByRegion.values()].map((l) => l.length))).toBeGreaterThan(CS_MAX_RESOURCE_IDS);
    expect([...clustersByRegion.values()].flat()).toHaveLength(N_ITEMS - N_INSTANCES);
  });

  it('100 items get their tags in one supergraph query, with the floor of ListTagResources calls and no repeats', async () => {
    gw.sim.clearCalls();
    const res = await run(supergraph, ITEMS, { first: N_ITEMS });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const edges = res.data.items.edges as Array<{ node: any }>;
    expect(edges).toHaveLength(N_ITEMS);
    expect(res.data.items.pageInfo.hasNextPage).toBe(true);
    edges.forEach(({ node }, i) => {
      const item = items[i]!;
      expect(node.id).toBe(item.id);
      const entity = item.ackCluster ? node.ackCluster : node.ecsInstance;
      const r = byId.get((item.ackCluster ?? item.ecsInstance)!.resourceId)!;
      const type = r.type === 'cluster' ? 'AckCluster' : 'EcsInstance';
      expect(entity).toMatchObject({
        __typename: type,
        id: globalId(type, r),
        regionId: r.regionId,
        resourceId: r.resourceId,
      });
      expect(entity.kind).toBe(r.type === 'cluster' ? 'ACK_CLUSTER' : 'ECS_INSTANCE');
      expect(entity.tags.totalCount).toBe(r.tags.length);
      expect(entity.tags.edges.map((e: any) => e.node)).toEqual(sortedTags(r));
      expect(item.ackCluster ? node.ecsInstance : node.ackCluster).toBeNull();
    });

    const cs = gw.sim.calls({ operation: 'ListTagResources' });
    expect(cs.every((c) => c.status === 200)).toBe(true);
    const firstPages = cs.filter((c) => !c.params.next_token);
    const floor = [...clustersByRegion.values()].reduce((n, ids) => n + Math.ceil(ids.length / CS_MAX_RESOURCE_IDS), 0);
    expect(floor).toBeGreaterThanOrEqual(3);
    expect(firstPages).toHaveLength(floor);
    // each first-page call names clusters of its own region only, and together they name each cluster once
    const named = firstPages.flatMap((c) => {
      const ids = JSON.parse(c.params.resource_ids!) as string[];
      expect(ids.length).toBeLessThanOrEqual(CS_MAX_RESOURCE_IDS);
      for (const id of ids) expect(byId.get(id)?.regionId).toBe(c.regionId);
      return ids;
    });
    expect(named.sort()).toEqual([...clustersByRegion.values()].flat().sort());
    // no call repeats: same resource_ids and next_token (any operation, same params)
    const keys = gw.sim.calls().map(callKey);
    expect(new Set(keys).size).toBe(keys.length);
    // ECS tags: ListTagResources batches of up to 50 IDs per region and type, each resource named once
    expect(gw.sim.calls({ operation: 'DescribeTags' })).toHaveLength(0);
    const ecs = gw.sim.calls({ operation: 'EcsListTagResources' }).filter((c) => !c.params.NextToken);
    const ecsNamed = ecs.flatMap((c) =>
      Object.entries(c.params)
        .filter(([k]) => k.startsWith('ResourceId.'))
        .map(([, v]) => v),
    );
    expect(ecsNamed.sort()).toEqual(
      items
        .slice(0, N_ITEMS)
        .flatMap((i) => (i.ecsInstance ? [i.ecsInstance.resourceId] : []))
        .concat(disk.resourceId)
        .sort(),
    );
  });

  it('the DescribeClustersV1 fields of referenced clusters resolve through the router, one listing per region', async () => {
    gw.sim.clearCalls();
    const res = await run(
      supergraph,
      `{ items(first: ${N_ITEMS}) { edges { node { id ackCluster { resourceId name state clusterType clusterSpec createdAt } } } } }`,
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const edges = res.data.items.edges as Array<{ node: any }>;
    edges.forEach(({ node }, i) => {
      const ref = items[i]!.ackCluster;
      if (!ref) return expect(node.ackCluster).toBeNull();
      const c = byId.get(ref.resourceId)!;
      expect(node.ackCluster).toEqual({ resourceId: c.resourceId, ...clusterFields(c) });
    });
    const listings = gw.sim.calls({ operation: 'DescribeClustersV1' });
    expect(
      listings
        .filter((c) => c.params.page_number === '1')
        .map((c) => c.regionId)
        .sort(),
    ).toEqual([...clustersByRegion.keys()].sort());
    expect(listings.every((c) => c.params.cluster_id === undefined)).toBe(true);
  });

  it('an entity referenced by the global id this gateway issued resolves (EcsDisk by id)', async () => {
    const res = await run(
      supergraph,
      `{ node(id: "item-3") { ... on InventoryItem { id bootDisk { __typename id kind regionId resourceId ${TAGS} } } } }`,
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.node.bootDisk).toEqual({
      __typename: 'EcsDisk',
      id: globalId('EcsDisk', disk),
      kind: 'ECS_DISK',
      regionId: disk.regionId,
      resourceId: disk.resourceId,
      tags: { totalCount: disk.tags.length, edges: sortedTags(disk).map((node) => ({ node })) },
    });
  });

  it('taggedResources through the router: the same rows as the inventory says, paged with its cursors', async () => {
    const query = `query($after: String) { taggedResources(regionIds: ["cn-beijing", "cn-hangzhou"], kinds: [ECS_INSTANCE, ACK_CLUSTER],
      tags: [{ key: "env", values: ["prod", "staging"] }], first: 100, after: $after) {
        totalCount edges { node { __typename id kind regionId resourceId } } pageInfo { hasNextPage endCursor } } }`;
    const expected = expectedTagged(inv, {
      regionIds: ['cn-beijing', 'cn-hangzhou'],
      kinds: ['ECS_INSTANCE', 'ACK_CLUSTER'],
      tags: [{ key: 'env', values: ['prod', 'staging'] }],
    });
    const rows: Row[] = [];
    let after: string | undefined;
    for (let i = 0; i < 20; i++) {
      const res = await run(supergraph, query, { after });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const page = res.data.taggedResources;
      expect(page.totalCount).toBe(expected.length);
      for (const { node } of page.edges) {
        expect(node.id).toBe(globalId(node.__typename, node));
        rows.push({ kind: node.kind, regionId: node.regionId, resourceId: node.resourceId });
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(expected.length).toBeGreaterThan(100);
    expectSameList(rows, expected);
  });

  it('a cluster that does not exist is null with a NOT_FOUND error at its path; an EcsDisk reference holding another type’s id is null', async () => {
    const after = (await run(supergraph, ITEMS, { first: N_ITEMS })).data.items.pageInfo.endCursor as string;
    gw.sim.clearCalls();
    const res = await run(supergraph, ITEMS, { first: 5, after });
    expect(res.errors, JSON.stringify(res.errors)).toHaveLength(1);
    // the router maps the subgraph's `_entities` path onto the supergraph field that holds the reference
    expect(res.errors![0]).toMatchObject({
      path: ['items', 'edges', 0, 'node', 'ackCluster'],
      extensions: { code: 'NOT_FOUND' },
    });
    expect(res.data.items.edges).toHaveLength(1);
    expect(res.data.items.edges[0].node).toEqual({
      id: 'item-absent',
      name: 'decommissioned',
      ackCluster: null,
      ecsInstance: null,
      bootDisk: null,
    });
    expect(res.data.items.pageInfo.hasNextPage).toBe(false);
    // the gateway did ask the cloud about the cluster (existence is the cloud's answer, not a guess)
    const cs = gw.sim.calls({ operation: 'ListTagResources' });
    expect(cs).toHaveLength(1);
    expect(JSON.parse(cs[0]!.params.resource_ids!)).toEqual([absentCluster.resourceId]);
  });

  it('routes our root fields through the supergraph, and Query.node to the inventory', async () => {
    const region = [...clustersByRegion.keys()][0]!;
    const ids = clustersByRegion.get(region)!.slice(0, 3);
    const res = await run(
      supergraph,
      `query($region: String!, $ids: [String!]!) {
        ackClusters(regionId: $region, clusterIds: $ids, first: 10) { totalCount edges { node { resourceId } } }
        node(id: "item-0") { __typename id }
      }`,
      { region, ids },
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.ackClusters.totalCount).toBe(3);
    expect(res.data.ackClusters.edges.map((e: any) => e.node.resourceId)).toEqual(ids);
    expect(res.data.node).toEqual({ __typename: 'InventoryItem', id: 'item-0' });
  });

  it('SUBGRAPH_NODE_FIELDS=rename: composed live from `_service`, resourceNode/resourceNodes work through the supergraph', async () => {
    const cluster = byId.get(items[0]!.ackCluster!.resourceId)!;
    const res = await run(
      renamedSupergraph,
      `query($id: ID!, $ids: [ID!]!) {
        resourceNode(id: $id) { __typename id ... on AckCluster { resourceId ${TAGS} } }
        resourceNodes(ids: $ids) { __typename id }
        node(id: "item-1") { __typename }
      }`,
      { id: globalId('AckCluster', cluster), ids: [globalId('EcsDisk', disk), globalId('AckCluster', absentCluster)] },
    );
    expect(res.errors, JSON.stringify(res.errors)).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['resourceNodes', 1], extensions: { code: 'NOT_FOUND' } });
    expect(res.data.resourceNode).toMatchObject({
      __typename: 'AckCluster',
      resourceId: cluster.resourceId,
      tags: { totalCount: cluster.tags.length },
    });
    expect(res.data.resourceNodes).toEqual([{ __typename: 'EcsDisk', id: globalId('EcsDisk', disk) }, null]);
    expect(res.data.node).toEqual({ __typename: 'InventoryItem' });
  });
});
