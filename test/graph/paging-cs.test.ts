/**
 * ackClusters over CS ListTagResources next_token paging: more clusters than one call may name (50) and more
 * tag items than one CS page holds (50), walked with first/after and last/before. The inventory is made here:
 * 130 clusters in cn-beijing with 2 to 4 tags each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLogEntry, InventoryFile, InventoryResource } from '../../src/simulator/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { absentClusterId, expectNoErrors, sortedTags, walk, type Filter } from './helpers.js';

const N = 130;
const REGION = 'cn-beijing';

function clusterId(i: number): string {
  return `ca${i.toString(16).padStart(31, '0')}`;
}

function inventory(): InventoryFile {
  const resources: InventoryResource[] = [];
  for (let i = 0; i < N; i++) {
    const id = clusterId(i);
    const tags = [
      { key: 'ack.aliyun.com', value: id },
      { key: 'env', value: ['prod', 'dev', 'staging'][i % 3]! },
    ];
    if (i % 4 >= 2) tags.push({ key: 'team', value: `t${i % 5}` });
    if (i % 4 === 3) tags.push({ key: 'owner', value: `o${i % 7}@example.com` });
    resources.push({ service: 'cs', type: 'cluster', regionId: REGION, resourceId: id, tags });
  }
  return { regions: [REGION], resources };
}

let gw: TestGateway;
let inv: InventoryFile;
let byId: Map<string, InventoryResource>;
/** The IDs asked for: every cluster in a scrambled order, with 10 absent IDs mixed in. */
let ids: string[];

beforeAll(async () => {
  gw = await startTestGateway({ simulator: { inventory: inventory() }, env: { CACHE_ENABLED: 'false' } });
  inv = gw.sim.inventory();
  byId = new Map(inv.resources.map((r) => [r.resourceId, r]));
  ids = Array.from({ length: N }, (_, i) => clusterId((i * 37) % N));
  for (let k = 0; k < 10; k++) ids.splice(k * 13, 0, absentClusterId(inv, k));
});
afterAll(() => gw?.close());

const CLUSTERS = `query($ids: [String!]!, $filters: [TagFilterInput!], $first: Int, $after: String, $last: Int, $before: String) {
  ackClusters(regionId: "${REGION}", clusterIds: $ids, filters: $filters, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { resourceId tags(first: 10) { edges { node { key value } } } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

function matches(c: InventoryResource | undefined, filters: Filter[]): boolean {
  return (
    !!c && filters.every((f) => c.tags.some((t) => t.key === f.key && (f.value === undefined || t.value === f.value)))
  );
}

/**
 * Checks the ListTagResources calls of one request: the asked IDs go out in chunks of at most 50 that cover
 * each ID once, and each chunk is followed through next_token for exactly as many pages as its answer needs.
 */
function checkCsCalls(calls: CallLogEntry[], asked: string[], filters: Filter[]): void {
  expect(calls.every((c) => c.operation === 'ListTagResources' && c.status === 200)).toBe(true);
  const byChunk = new Map<string, CallLogEntry[]>();
  for (const c of calls) {
    const chunk = (JSON.parse(c.params.resource_ids!) as string[]).sort().join(',');
    byChunk.set(chunk, [...(byChunk.get(chunk) ?? []), c]);
  }
  expect(byChunk.size).toBe(Math.ceil(asked.length / 50));
  const covered = [...byChunk.keys()].flatMap((k) => k.split(','));
  expect(covered.sort()).toEqual([...asked].sort());
  for (const [chunk, list] of byChunk) {
    const members = chunk.split(',');
    expect(members.length).toBeLessThanOrEqual(50);
    const items = members
      .filter((id) => matches(byId.get(id), filters))
      .reduce((n, id) => n + byId.get(id)!.tags.length, 0);
    const pages = Math.max(1, Math.ceil(items / 50));
    expect(list).toHaveLength(pages);
    // one first call, then distinct tokens
    expect(list.filter((c) => !c.params.next_token)).toHaveLength(1);
    expect(new Set(list.map((c) => c.params.next_token ?? '')).size).toBe(pages);
    if (filters.length) expect(list.every((c) => c.params.tags !== undefined)).toBe(true);
  }
}

function run(filters?: Filter[]) {
  return (paging: Record<string, unknown>) => {
    gw.sim.clearCalls();
    return gw.query(CLUSTERS, { ids, filters, ...paging });
  };
}

describe('ackClusters over next_token paging', () => {
  it('the fixture needs several CS pages per call', () => {
    const perChunk = [0, 50, 100].map((s) =>
      ids.slice(s, s + 50).reduce((n, id) => n + (byId.get(id)?.tags.length ?? 0), 0),
    );
    expect(perChunk.every((n) => n > 50)).toBe(true);
  });

  it('first: 37 forward: every existing cluster once, in the order given, with its tags; calls are the floor', async () => {
    const expected = ids.filter((id) => byId.has(id));
    expect(expected).toHaveLength(N);
    const got = await walk<any>(
      run(),
      (d) => d.ackClusters,
      'forward',
      37,
      N,
      () => checkCsCalls(gw.sim.calls(), ids, []),
    );
    expect(got.map((n) => n.resourceId)).toEqual(expected);
    for (const n of got) expect(n.tags.edges.map((e: any) => e.node)).toEqual(sortedTags(byId.get(n.resourceId)!));
  });

  it('last: 23 backward: the same list', async () => {
    const expected = ids.filter((id) => byId.has(id));
    const got = await walk<any>(
      run(),
      (d) => d.ackClusters,
      'backward',
      23,
      N,
      () => checkCsCalls(gw.sim.calls(), ids, []),
    );
    expect(got.map((n) => n.resourceId)).toEqual(expected);
  });

  it.each<[string, Filter[]]>([
    ['env=prod', [{ key: 'env', value: 'prod' }]],
    ['team (key only)', [{ key: 'team' }]],
    ['team and owner ANDed', [{ key: 'team' }, { key: 'owner' }]],
  ])('with filters %s: pages both ways over the matching clusters', async (_n, filters) => {
    const expected = ids.filter((id) => matches(byId.get(id), filters));
    expect(expected.length).toBeGreaterThan(10);
    const fwd = await walk<any>(
      run(filters),
      (d) => d.ackClusters,
      'forward',
      9,
      expected.length,
      () => checkCsCalls(gw.sim.calls(), ids, filters),
    );
    expect(fwd.map((n) => n.resourceId)).toEqual(expected);
    for (const n of fwd) expect(n.tags.edges.map((e: any) => e.node)).toEqual(sortedTags(byId.get(n.resourceId)!));
    const back = await walk<any>(run(filters), (d) => d.ackClusters, 'backward', 14, expected.length);
    expect(back.map((n) => n.resourceId)).toEqual(expected);
  });

  it('with CS_MAX_RESOURCE_IDS=20 the same list comes in more calls of at most 20 IDs', async () => {
    const small = await startTestGateway({ sim: gw.sim, env: { CACHE_ENABLED: 'false', CS_MAX_RESOURCE_IDS: '20' } });
    try {
      gw.sim.clearCalls();
      const res = await small.query(CLUSTERS, { ids, first: 100 });
      expectNoErrors(res);
      expect(res.data.ackClusters.totalCount).toBe(N);
      expect(res.data.ackClusters.edges.map((e: any) => e.node.resourceId)).toEqual(
        ids.filter((id) => byId.has(id)).slice(0, 100),
      );
      const firstCalls = gw.sim.calls().filter((c) => !c.params.next_token);
      expect(firstCalls).toHaveLength(Math.ceil(ids.length / 20));
      expect(firstCalls.every((c) => (JSON.parse(c.params.resource_ids!) as string[]).length <= 20)).toBe(true);
    } finally {
      await small.close();
    }
  });
});
