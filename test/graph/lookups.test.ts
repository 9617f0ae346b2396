/** node(id:), nodes(ids:), resources(refs:) over any mix of kinds and regions, and Resource.tags with `keys`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';
import {
  absentClusterId,
  expectNoErrors,
  forgeGlobalId,
  KIND_OF_TYPE,
  sortedTags,
  TYPENAME_OF_TYPE,
  type EcsType,
} from './helpers.js';

let gw: TestGateway;
let inv: InventoryFile;

const FIELDS = `
  __typename id
  ... on Resource {
    kind regionId resourceId service
    tags(first: 100) { totalCount edges { node { key value } } }
  }`;

/** One resource of every kind, spread over the populated regions. */
let sample: InventoryResource[];

beforeAll(async () => {
  gw = await startTestGateway({ env: { CACHE_ENABLED: 'false' } });
  inv = gw.sim.inventory();
  const types: Array<EcsType | 'cluster'> = ['instance', 'disk', 'image', 'securitygroup', 'snapshot', 'cluster'];
  sample = types.map((type, i) => {
    const region = inv.regions[i % inv.regions.length]!;
    // resources with several tags make the tag checks meaningful
    return inv.resources.find((r) => r.type === type && r.regionId === region && r.tags.length >= 2)!;
  });
  expect(sample.every(Boolean)).toBe(true);
});
afterAll(() => gw?.close());

const refOf = (r: InventoryResource) => ({
  kind: KIND_OF_TYPE[r.type],
  regionId: r.regionId,
  resourceId: r.resourceId,
});

function expectResource(got: any, r: InventoryResource) {
  expect(got.__typename).toBe(TYPENAME_OF_TYPE[r.type]);
  expect(got.kind).toBe(KIND_OF_TYPE[r.type]);
  expect(got.regionId).toBe(r.regionId);
  expect(got.resourceId).toBe(r.resourceId);
  expect(got.service).toBe(r.service === 'cs' ? 'CS' : 'ECS');
  expect(got.tags.totalCount).toBe(r.tags.length);
  expect(got.tags.edges.map((e: any) => e.node)).toEqual(sortedTags(r));
}

describe('resources(refs:)', () => {
  it('answers any mix of kinds and regions in the order given', async () => {
    const refs = [...sample].reverse().map(refOf);
    const res = await gw.query(`query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { ${FIELDS} } }`, { refs });
    expectNoErrors(res);
    expect(res.data.resources).toHaveLength(refs.length);
    [...sample].reverse().forEach((r, i) => expectResource(res.data.resources[i], r));
    // all global IDs are distinct
    expect(new Set(res.data.resources.map((x: any) => x.id)).size).toBe(refs.length);
  });

  it('gives null and a NOT_FOUND error for a cluster that does not exist; an ECS resource without tags resolves with no tags', async () => {
    const cluster = sample[5]!;
    const refs = [
      { kind: 'ACK_CLUSTER', regionId: cluster.regionId, resourceId: absentClusterId(inv) },
      refOf(cluster),
      { kind: 'ECS_INSTANCE', regionId: 'cn-hangzhou', resourceId: 'i-zzzzzzzzzzzzzzzzzzzz' },
    ];
    const res = await gw.query(`query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { ${FIELDS} } }`, { refs });
    expect(res.status).toBe(200);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['resources', 0], extensions: { code: 'NOT_FOUND' } });
    expect(res.data.resources[0]).toBeNull();
    expectResource(res.data.resources[1], cluster);
    expect(res.data.resources[2]).toMatchObject({
      resourceId: 'i-zzzzzzzzzzzzzzzzzzzz',
      tags: { totalCount: 0, edges: [] },
    });
  });

  it('accepts a public image name as an ECS_IMAGE ID and round-trips it through node(id:)', async () => {
    const name = 'ubuntu_22_04_x64_20G_alibase_20230613.vhd';
    gw.sim.clearCalls();
    const res = await gw.query(`query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id ${FIELDS} } }`, {
      refs: [{ kind: 'ECS_IMAGE', regionId: 'cn-hangzhou', resourceId: name }],
    });
    expectNoErrors(res);
    expect(res.data.resources[0]).toMatchObject({ __typename: 'EcsImage', resourceId: name, tags: { totalCount: 0 } });
    expect(gw.sim.calls()).toHaveLength(1);
    expect(gw.sim.calls()[0]!.params).toMatchObject({ ResourceType: 'image', 'ResourceId.1': name });
    const again = await gw.query(`query($id: ID!) { node(id: $id) { ... on EcsImage { resourceId regionId } } }`, {
      id: res.data.resources[0].id,
    });
    expectNoErrors(again);
    expect(again.data.node).toEqual({ resourceId: name, regionId: 'cn-hangzhou' });
  });

  it('answers an empty list with an empty list and no call', async () => {
    gw.sim.clearCalls();
    const res = await gw.query(`{ resources(refs: []) { id } }`);
    expectNoErrors(res);
    expect(res.data.resources).toEqual([]);
    expect(gw.sim.calls()).toHaveLength(0);
  });
});

describe('node(id:) and nodes(ids:)', () => {
  let ids: string[];
  beforeAll(async () => {
    const res = await gw.query(`query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { id } }`, {
      refs: sample.map(refOf),
    });
    expectNoErrors(res);
    ids = res.data.resources.map((r: any) => r.id);
  });

  it('node(id:) fetches every kind again, equal to what resources() gave', async () => {
    for (const [i, r] of sample.entries()) {
      const res = await gw.query(`query($id: ID!) { node(id: $id) { ${FIELDS} } }`, { id: ids[i] });
      expectNoErrors(res);
      expect(res.data.node.id).toBe(ids[i]);
      expectResource(res.data.node, r);
    }
  });

  it('global IDs are opaque: no native ID or region in clear', () => {
    for (const [i, r] of sample.entries()) {
      expect(ids[i]).not.toContain(r.resourceId);
      expect(ids[i]).not.toContain(r.regionId);
    }
  });

  it('nodes(ids:) keeps the order and length, null with a NOT_FOUND error where a cluster does not exist', async () => {
    const cluster = sample[5]!;
    const gone = forgeGlobalId(`AckCluster:${cluster.regionId}/${absentClusterId(inv)}`);
    const list = [ids[3]!, gone, ids[0]!, ids[5]!, ids[3]!];
    const res = await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { ${FIELDS} } }`, { ids: list });
    expect(res.status).toBe(200);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['nodes', 1], extensions: { code: 'NOT_FOUND' } });
    expect(res.data.nodes).toHaveLength(5);
    expectResource(res.data.nodes[0], sample[3]!);
    expect(res.data.nodes[1]).toBeNull();
    expectResource(res.data.nodes[2], sample[0]!);
    expectResource(res.data.nodes[3], sample[5]!);
    expectResource(res.data.nodes[4], sample[3]!);
  });

  it('nodes(ids:) with one malformed ID nulls only that item, with a BAD_USER_INPUT error at its index', async () => {
    gw.sim.clearCalls();
    const res = await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [ids[0], '!!!', ids[1]] });
    expect(res.status).toBe(200);
    expect(res.data?.nodes).toEqual([{ id: ids[0] }, null, { id: ids[1] }]);
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.path).toEqual(['nodes', 1]);
  });

  it('nodes(ids: []) is an empty list', async () => {
    const res = await gw.query(`{ nodes(ids: []) { id } }`);
    expectNoErrors(res);
    expect(res.data.nodes).toEqual([]);
  });
});

describe('Resource.tags', () => {
  it('filters by keys (unknown keys match nothing) and counts what matches', async () => {
    const r = inv.resources.find((x) => x.type === 'instance' && x.tags.length >= 4)!;
    const keys = [r.tags[2]!.key, r.tags[0]!.key, 'no-such-key'];
    const res = await gw.query(
      `query($refs: [ResourceRefInput!]!, $keys: [String!]) { resources(refs: $refs) { tags(keys: $keys) { totalCount edges { node { key value } } } } }`,
      { refs: [refOf(r)], keys },
    );
    expectNoErrors(res);
    const tags = res.data.resources[0].tags;
    expect(tags.edges.map((e: any) => e.node)).toEqual(sortedTags(r, keys));
    expect(tags.totalCount).toBe(2);
  });

  it('keys: [] keeps nothing; keys omitted keeps everything', async () => {
    const r = sample[5]!;
    const res = await gw.query(
      `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { none: tags(keys: []) { totalCount } all: tags { totalCount } } }`,
      { refs: [refOf(r)] },
    );
    expectNoErrors(res);
    expect(res.data.resources[0]).toEqual({ none: { totalCount: 0 }, all: { totalCount: r.tags.length } });
  });

  it('the cluster with many tags (more than a default page) pages its tags', async () => {
    const regionId = 'cn-beijing';
    const big = inv.resources
      .filter((x) => x.type === 'cluster' && x.regionId === regionId)
      .sort((a, b) => b.tags.length - a.tags.length)[0]!;
    expect(big.tags.length).toBeGreaterThanOrEqual(14);
    const q = `query($refs: [ResourceRefInput!]!, $after: String) { resources(refs: $refs) {
      tags(first: 5, after: $after) { totalCount edges { cursor node { key value } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: Array<{ key: string; value: string }> = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse<any> = await gw.query(q, { refs: [refOf(big)], after });
      expectNoErrors(res);
      const page: any = res.data.resources[0].tags;
      expect(page.totalCount).toBe(big.tags.length);
      seen.push(...page.edges.map((e: any) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(sortedTags(big));
  });

  it('non-ASCII and empty values come through unchanged', async () => {
    const zh = inv.resources.find((x) => x.tags.some((t) => t.key === '项目'))!;
    const empty = inv.resources.find((x) => x.tags.some((t) => t.key === 'DoNotDelete' && t.value === ''))!;
    const res = await gw.query(
      `query($refs: [ResourceRefInput!]!) { resources(refs: $refs) { tags(keys: ["项目", "DoNotDelete"]) { edges { node { key value } } } } }`,
      { refs: [refOf(zh), refOf(empty)] },
    );
    expectNoErrors(res);
    expect(res.data.resources[0].tags.edges.map((e: any) => e.node)).toEqual([{ key: '项目', value: '双十一' }]);
    expect(res.data.resources[1].tags.edges.map((e: any) => e.node)).toEqual([{ key: 'DoNotDelete', value: '' }]);
  });
});
