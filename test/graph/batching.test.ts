/**
 * DataLoader batching, counted in the simulator's call log: 100 clusters in two regions asked through 100
 * aliased fields cost exactly the floor of ListTagResources calls (ceil(n/50) chunks per region, each followed
 * for exactly the pages its answer needs, no call twice); a resource asked twice costs one call; catalog pages
 * are shared between the fields of one request that need them.
 *
 * The inventory is made here: 70 clusters in cn-hangzhou and 30 in cn-beijing with 1 to 5 tags each, and
 * 150 instances in cn-hangzhou (152 catalog pairs: two DescribeTags pages).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLogEntry, InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { expectedCatalog, expectedKeys, expectNoErrors, sortedTags } from './helpers.js';

const REGIONS = { 'cn-hangzhou': 70, 'cn-beijing': 30 } as const;

function inventory(): InventoryFile {
  const resources: InventoryResource[] = [];
  let n = 0;
  for (const [regionId, count] of Object.entries(REGIONS)) {
    for (let i = 0; i < count; i++, n++) {
      const id = `cb${n.toString(16).padStart(31, '0')}`;
      const tags = [{ key: 'ack.aliyun.com', value: id }];
      for (let j = 0; j < n % 5; j++) tags.push({ key: `k${j}`, value: `v${n}` });
      resources.push({ service: 'cs', type: 'cluster', regionId, resourceId: id, tags });
    }
  }
  for (let i = 0; i < 150; i++) {
    resources.push({
      service: 'ecs',
      type: 'instance',
      regionId: 'cn-hangzhou',
      resourceId: `i-bp${String(i).padStart(18, '0')}`,
      tags: [
        { key: 'name', value: `host-${String(i).padStart(3, '0')}` },
        { key: 'env', value: i % 2 ? 'prod' : 'dev' },
      ],
    });
  }
  for (let i = 0; i < 4; i++) {
    resources.push({
      service: 'ecs',
      type: 'instance',
      regionId: 'cn-beijing',
      resourceId: `i-2z${String(i).padStart(18, '0')}`,
      tags: [{ key: 'env', value: 'prod' }],
    });
  }
  return { regions: Object.keys(REGIONS), resources };
}

let gw: TestGateway;
let inv: InventoryFile;
let clusters: InventoryResource[];
let byId: Map<string, InventoryResource>;
/** Global ID of each cluster, from resources(refs:). */
const gid = new Map<string, string>();

beforeAll(async () => {
  gw = await startTestGateway({ simulator: { inventory: inventory() }, env: { CACHE_ENABLED: 'false' } });
  inv = gw.sim.inventory();
  clusters = inv.resources.filter((r) => r.type === 'cluster');
  byId = new Map(inv.resources.map((r) => [r.resourceId, r]));
  expect(clusters).toHaveLength(100);
});
afterAll(() => gw?.close());

const ref = (r: InventoryResource) => ({
  kind: r.type === 'cluster' ? 'ACK_CLUSTER' : r.type === 'instance' ? 'ECS_INSTANCE' : 'ECS_DISK',
  regionId: r.regionId,
  resourceId: r.resourceId,
});

/**
 * The ListTagResources calls of one request are the floor for `asked`: per region ceil(n/50) chunks that
 * cover each asked cluster once, each followed through next_token for exactly the pages its answer needs.
 */
function expectClusterFloor(calls: CallLogEntry[], asked: InventoryResource[]): void {
  const cs = calls.filter((c) => c.operation === 'ListTagResources');
  expect(cs.every((c) => c.status === 200)).toBe(true);
  const seen = new Set<string>();
  for (const c of cs) {
    const key = JSON.stringify([c.regionId, c.params.resource_ids, c.params.next_token ?? '']);
    expect(seen.has(key), `duplicate call ${key}`).toBe(false);
    seen.add(key);
  }
  let expectedCalls = 0;
  for (const regionId of new Set(asked.map((r) => r.regionId))) {
    const want = [...new Set(asked.filter((r) => r.regionId === regionId).map((r) => r.resourceId))];
    const mine = cs.filter((c) => c.regionId === regionId);
    const chunks = new Map<string, string[]>();
    for (const c of mine) chunks.set(c.params.resource_ids!, JSON.parse(c.params.resource_ids!) as string[]);
    expect(chunks.size, regionId).toBe(Math.ceil(want.length / 50));
    const covered = [...chunks.values()].flat();
    expect(covered.sort()).toEqual([...want].sort());
    for (const [raw, ids] of chunks) {
      expect(ids.length).toBeLessThanOrEqual(50);
      const items = ids.reduce((n, id) => n + byId.get(id)!.tags.length, 0);
      const pages = Math.max(1, Math.ceil(items / 50));
      expect(mine.filter((c) => c.params.resource_ids === raw)).toHaveLength(pages);
      expectedCalls += pages;
    }
  }
  expect(cs).toHaveLength(expectedCalls);
}

const TAGS = 'tags(first: 10) { totalCount edges { node { key value } } }';

describe('ACK clusters', () => {
  it('resources(refs:) with 100 clusters in two regions costs the floor', async () => {
    gw.sim.clearCalls();
    const res = await gw.query(
      `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id resourceId ${TAGS} } }`,
      {
        refs: clusters.map(ref),
      },
    );
    expectNoErrors(res);
    res.data.resources.forEach((r: any, i: number) => {
      expect(r.resourceId).toBe(clusters[i]!.resourceId);
      expect(r.tags.edges.map((e: any) => e.node)).toEqual(sortedTags(clusters[i]!));
      gid.set(r.resourceId, r.id);
    });
    expect(gw.sim.calls().every((c) => c.operation === 'ListTagResources')).toBe(true);
    expectClusterFloor(gw.sim.calls(), clusters);
    // 70 + 30 clusters: 2 + 1 chunks; the answers need more pages than that
    expect(gw.sim.calls().length).toBeGreaterThan(3);
  });

  it('100 aliased node(id:) fields with their tags cost the floor', async () => {
    // interleave the regions so batching has to regroup them
    const order = [...clusters].sort((a, b) => (a.resourceId.slice(-3) < b.resourceId.slice(-3) ? -1 : 1));
    const fields = order
      .map((c, i) => `c${i}: node(id: "${gid.get(c.resourceId)}") { ... on AckCluster { resourceId ${TAGS} } }`)
      .join('\n');
    gw.sim.clearCalls();
    const res = await gw.query(`{ ${fields} }`);
    expectNoErrors(res);
    order.forEach((c, i) => {
      expect(res.data[`c${i}`].resourceId).toBe(c.resourceId);
      expect(res.data[`c${i}`].tags.edges.map((e: any) => e.node)).toEqual(sortedTags(c));
    });
    expectClusterFloor(gw.sim.calls(), clusters);
  });

  it('ten aliased resources(refs:) fields of ten clusters each cost the same floor', async () => {
    const fields = Array.from({ length: 10 }, (_, k) => {
      const refs = clusters
        .filter((_, i) => i % 10 === k)
        .map((c) => `{ kind: ACK_CLUSTER, regionId: "${c.regionId}", resourceId: "${c.resourceId}" }`)
        .join(', ');
      return `r${k}: resources(refs: [${refs}]) { resourceId tags(first: 1) { totalCount } }`;
    }).join('\n');
    gw.sim.clearCalls();
    const res = await gw.query(`{ ${fields} }`);
    expectNoErrors(res);
    for (let k = 0; k < 10; k++) {
      const want = clusters.filter((_, i) => i % 10 === k);
      expect(res.data[`r${k}`].map((r: any) => r.resourceId)).toEqual(want.map((c) => c.resourceId));
      expect(res.data[`r${k}`].map((r: any) => r.tags.totalCount)).toEqual(want.map((c) => c.tags.length));
    }
    expectClusterFloor(gw.sim.calls(), clusters);
  });

  it('ackClusters and node(id:) on the same clusters in one request share the calls', async () => {
    const hz = clusters.filter((c) => c.regionId === 'cn-hangzhou');
    const ids = hz.map((c) => `"${c.resourceId}"`).join(', ');
    const nodes = hz
      .slice(0, 20)
      .map((c, i) => `n${i}: node(id: "${gid.get(c.resourceId)}") { ... on AckCluster { ${TAGS} } }`)
      .join('\n');
    gw.sim.clearCalls();
    const res =
      await gw.query(`{ ackClusters(regionId: "cn-hangzhou", clusterIds: [${ids}], first: 100) { totalCount edges { node { ${TAGS} } } }
      ${nodes} }`);
    expectNoErrors(res);
    expect(res.data.ackClusters.totalCount).toBe(70);
    expectClusterFloor(gw.sim.calls(), hz);
  });

  it('the same cluster asked twice (node, nodes and resources) is one call', async () => {
    const c = clusters[3]!;
    gw.sim.clearCalls();
    const res = await gw.query(
      `query($id: ID!, $refs: [ResourceRefInput!]!) {
        a: node(id: $id) { ... on AckCluster { ${TAGS} } }
        b: node(id: $id) { ... on AckCluster { ${TAGS} } }
        c: nodes(ids: [$id, $id]) { id }
        d: resources(refs: $refs) { ${TAGS} }
      }`,
      { id: gid.get(c.resourceId), refs: [ref(c), ref(c)] },
    );
    expectNoErrors(res);
    expect(res.data.a).toEqual(res.data.b);
    expect(res.data.a.tags.totalCount).toBe(c.tags.length);
    const calls = gw.sim.calls();
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.params.resource_ids!)).toEqual([c.resourceId]);
  });
});

describe('ECS resources', () => {
  it('the same instance asked twice is one ECS ListTagResources call', async () => {
    const r = inv.resources.find((x) => x.type === 'instance')!;
    gw.sim.clearCalls();
    const res = await gw.query(
      `query($refs: [ResourceRefInput!]!) { a: resources(refs: $refs) { ${TAGS} } b: resources(refs: $refs) { t: tags(keys: ["env"]) { totalCount } } }`,
      { refs: [ref(r), ref(r)] },
    );
    expectNoErrors(res);
    expect(res.data.a[0].tags.edges.map((e: any) => e.node)).toEqual(sortedTags(r));
    expect(res.data.b[1].t.totalCount).toBe(1);
    const calls = gw.sim.calls();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      operation: 'EcsListTagResources',
      params: { 'ResourceId.1': r.resourceId, ResourceType: 'instance' },
    });
    expect(calls[0]!.params['ResourceId.2']).toBeUndefined();
  });

  it('distinct ECS resources in two regions: one ListTagResources call per region naming each once, alongside the cluster batch', async () => {
    const ecs = [
      ...inv.resources.filter((x) => x.type === 'instance' && x.regionId === 'cn-hangzhou').slice(0, 5),
      ...inv.resources.filter((x) => x.regionId === 'cn-beijing' && x.type === 'instance'),
    ];
    const some = clusters.slice(60, 75); // both regions
    gw.sim.clearCalls();
    const res = await gw.query(`query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { resourceId ${TAGS} } }`, {
      refs: [...ecs, ...some, ...ecs].map(ref),
    });
    expectNoErrors(res);
    const d = gw.sim.calls().filter((c) => c.operation === 'EcsListTagResources');
    expect(d.map((c) => c.regionId).sort()).toEqual(['cn-beijing', 'cn-hangzhou']);
    const named = d.flatMap((c) =>
      Object.entries(c.params)
        .filter(([k]) => k.startsWith('ResourceId.'))
        .map(([, v]) => v),
    );
    expect(named.sort()).toEqual(ecs.map((r) => r.resourceId).sort());
    expect(gw.sim.calls().filter((c) => c.operation === 'DescribeTags')).toHaveLength(0);
    expectClusterFloor(gw.sim.calls(), some);
  });
});

describe('catalog pages shared between fields', () => {
  const pageCalls = () =>
    gw.sim
      .calls()
      .filter((c) => c.operation === 'DescribeTags')
      .map((c) => `${c.regionId}#${c.params['Tag.1.Key'] ?? ''}#${c.params.PageNumber}`)
      .sort();

  it('tagCatalog and tagKeys on one region read page 1 (and page 2) once', async () => {
    expect(expectedCatalog(inv, 'cn-hangzhou', 'instance')).toHaveLength(152);
    gw.sim.clearCalls();
    const res = await gw.query(`{
      tagCatalog(regionIds: ["cn-hangzhou"], first: 5) { totalCount edges { node { key value } } }
      tagKeys(regionIds: ["cn-hangzhou"]) { totalCount edges { node { key valueCount resourceCount } } }
    }`);
    expectNoErrors(res);
    expect(res.data.tagCatalog.totalCount).toBe(152);
    expect(res.data.tagKeys.edges.map((e: any) => e.node)).toEqual(expectedKeys(inv, ['cn-hangzhou'], 'instance'));
    expect(pageCalls()).toEqual(['cn-hangzhou##1', 'cn-hangzhou##2']);
  });

  it('several catalog fields over the same pages, and a merged catalog, still read each page once', async () => {
    gw.sim.clearCalls();
    const res = await gw.query(`{
      a: tagCatalog(regionIds: ["cn-hangzhou"], first: 3) { totalCount }
      b: tagCatalog(regionIds: ["cn-hangzhou"], last: 3) { edges { node { key value } } }
      c: tagCatalog(regionIds: ["cn-hangzhou", "cn-beijing"], first: 1) { totalCount }
      d: tagKeys(regionIds: ["cn-beijing", "cn-hangzhou"]) { totalCount }
      e: tagCatalog(regionIds: ["cn-hangzhou"], first: 1) { totalCount }
    }`);
    expectNoErrors(res);
    expect(res.data.b.edges.map((e: any) => e.node)).toEqual(
      expectedCatalog(inv, 'cn-hangzhou', 'instance')
        .slice(-3)
        .map(({ key, value }) => ({ key, value })),
    );
    expect(res.data.c.totalCount).toBe(152 + 1);
    expect(pageCalls()).toEqual(['cn-beijing##1', 'cn-hangzhou##1', 'cn-hangzhou##2']);
  });

  it('tagValues reads its own filtered pages, once, beside the catalog', async () => {
    gw.sim.clearCalls();
    const res = await gw.query(`{
      v1: tagValues(regionIds: ["cn-hangzhou"], key: "env") { totalCount }
      v2: tagValues(regionIds: ["cn-hangzhou"], key: "env", first: 1) { totalCount }
      k: tagKeys(regionIds: ["cn-hangzhou"]) { totalCount }
    }`);
    expectNoErrors(res);
    expect(res.data.v1.totalCount).toBe(2);
    expect(pageCalls()).toEqual(['cn-hangzhou##1', 'cn-hangzhou##2', 'cn-hangzhou#env#1']);
  });
});
