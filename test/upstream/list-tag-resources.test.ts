/** CS ListTagResources over HTTP against the simulator: every filter form, compared with the inventory. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import {
  createUpstream,
  makeCredential,
  type ListTagResourcesRequest,
  type TagApi,
  type TagResource,
} from '../../src/upstream/index.js';
import { clustersOf, expectedListTagResources, resourcesWithTag, type Filter } from './helpers.js';

const PAGE = 10;
let sim: Simulator;
let api: TagApi;
let inv: InventoryFile;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, pageSizeCs: PAGE });
  api = createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20, maxAttempts: 2 });
  inv = sim.inventory();
});
afterAll(() => sim.close());
beforeEach(() => sim.clearCalls());

/** Every page, following next_token by hand (paging.ts has its own file). */
async function all(req: ListTagResourcesRequest): Promise<TagResource[]> {
  const out: TagResource[] = [];
  let nextToken: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await api.listTagResources(cred, { ...req, ...(nextToken ? { nextToken } : {}) });
    out.push(...page.tagResources);
    if (page.nextToken === null) return out;
    nextToken = page.nextToken;
  }
  throw new Error('no last page after 100 pages');
}

describe('ListTagResources', () => {
  it('returns every tag of every cluster of a region, ordered by cluster then key, over several pages', async () => {
    const ids = clustersOf(inv, 'cn-hangzhou');
    expect(ids.length).toBeGreaterThan(10);
    const expected = expectedListTagResources(inv, { regionId: 'cn-hangzhou', resourceIds: ids });
    const got = await all({ regionId: 'cn-hangzhou', resourceIds: ids });
    expect(got).toEqual(expected);
    const log = sim.calls({ operation: 'ListTagResources' });
    expect(log).toHaveLength(Math.ceil(expected.length / PAGE));
    expect(JSON.parse(log[0]!.params.resource_ids!)).toEqual(ids);
    expect(log[0]!.params).toMatchObject({ resource_type: 'CLUSTER', region_id: 'cn-hangzhou' });
    expect(log[0]!.params).not.toHaveProperty('next_token');
    expect(log.slice(1).every((e) => typeof e.params.next_token === 'string' && e.params.next_token !== '')).toBe(true);
  });

  it("one page carries the simulator's request ID and a next token while items remain", async () => {
    const ids = clustersOf(inv, 'cn-beijing');
    const page = await api.listTagResources(cred, { regionId: 'cn-beijing', resourceIds: ids });
    expect(page.tagResources).toHaveLength(PAGE);
    expect(page.nextToken).toEqual(expect.any(String));
    expect(page.requestId).toBe(sim.calls()[0]!.requestId);
  });

  it('the last page has nextToken null', async () => {
    const one = inv.resources.find(
      (r) => r.type === 'cluster' && r.regionId === 'cn-shanghai' && r.tags.length < PAGE,
    )!;
    const page = await api.listTagResources(cred, { regionId: 'cn-shanghai', resourceIds: [one.resourceId] });
    expect(page.nextToken).toBeNull();
    expect(page.tagResources).toEqual(
      expectedListTagResources(inv, { regionId: 'cn-shanghai', resourceIds: [one.resourceId] }),
    );
  });

  const filterCases: Array<{ name: string; region: string; tags: Filter[]; min: number }> = [
    { name: 'key only', region: 'cn-hangzhou', tags: [{ key: 'env' }], min: 5 },
    { name: 'key and value', region: 'cn-hangzhou', tags: [{ key: 'env', value: 'prod' }], min: 2 },
    {
      name: 'two filters ANDed',
      region: 'cn-hangzhou',
      tags: [{ key: 'env', value: 'prod' }, { key: 'team' }],
      min: 1,
    },
    {
      name: 'a rare tag (compliance=pci-dss)',
      region: 'cn-hangzhou',
      tags: [{ key: 'compliance', value: 'pci-dss' }],
      min: 1,
    },
    { name: 'legacy=true in cn-beijing', region: 'cn-beijing', tags: [{ key: 'legacy', value: 'true' }], min: 1 },
    { name: 'a key with dots (ack.aliyun.com)', region: 'cn-shanghai', tags: [{ key: 'ack.aliyun.com' }], min: 10 },
    { name: 'a value nobody carries', region: 'cn-hangzhou', tags: [{ key: 'env', value: 'no-such-env' }], min: 0 },
  ];

  it.each(filterCases)('filter: $name (a matching cluster returns all its tags)', async ({ region, tags, min }) => {
    const ids = clustersOf(inv, region);
    const expected = expectedListTagResources(inv, { regionId: region, resourceIds: ids, tags });
    expect(new Set(expected.map((e) => e.resourceId)).size).toBeGreaterThanOrEqual(min);
    const got = await all({ regionId: region, resourceIds: ids, tags });
    expect(got).toEqual(expected);
    expect(JSON.parse(sim.calls()[0]!.params.tags!)).toEqual(tags);
  });

  it('twenty filters (the maximum) are sent', async () => {
    const tags = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}` }));
    const got = await all({ regionId: 'cn-hangzhou', resourceIds: clustersOf(inv, 'cn-hangzhou').slice(0, 3), tags });
    expect(got).toEqual([]);
    expect(JSON.parse(sim.calls()[0]!.params.tags!)).toHaveLength(20);
  });

  it('the cluster with 14 tags returns all of them, across two pages', async () => {
    const big = inv.resources.find(
      (r) => r.type === 'cluster' && r.regionId === 'cn-hangzhou' && r.tags.length === 14,
    )!;
    expect(big).toBeDefined();
    const got = await all({ regionId: 'cn-hangzhou', resourceIds: [big.resourceId] });
    expect(got).toEqual(expectedListTagResources(inv, { regionId: 'cn-hangzhou', resourceIds: [big.resourceId] }));
    expect(got).toHaveLength(14);
    expect(sim.calls()).toHaveLength(2);
  });

  it('ignores unknown IDs and clusters of another region; the order of IDs does not matter', async () => {
    const hz = clustersOf(inv, 'cn-hangzhou').slice(0, 4);
    const bj = clustersOf(inv, 'cn-beijing').slice(0, 2);
    const unknown = `c${'0'.repeat(32)}`;
    const ids = [bj[0]!, ...hz.reverse(), unknown, bj[1]!];
    const got = await all({ regionId: 'cn-hangzhou', resourceIds: ids });
    expect(got).toEqual(expectedListTagResources(inv, { regionId: 'cn-hangzhou', resourceIds: hz }));
    expect(new Set(got.map((r) => r.resourceId))).toEqual(new Set(hz));
  });

  it('sends duplicate IDs once and returns their tags once', async () => {
    const [a, b] = clustersOf(inv, 'cn-shenzhen');
    const got = await all({ regionId: 'cn-shenzhen', resourceIds: [a!, b!, a!, a!] });
    expect(got).toEqual(expectedListTagResources(inv, { regionId: 'cn-shenzhen', resourceIds: [a!, b!] }));
    expect(JSON.parse(sim.calls()[0]!.params.resource_ids!)).toEqual([a, b]);
  });

  it('a long list of duplicates of one ID is one ID, not "too many"', async () => {
    const [a] = clustersOf(inv, 'ap-southeast-1');
    const got = await all({ regionId: 'ap-southeast-1', resourceIds: Array.from({ length: 80 }, () => a!) });
    expect(got).toEqual(expectedListTagResources(inv, { regionId: 'ap-southeast-1', resourceIds: [a!] }));
  });

  it('an empty region answers an empty list', async () => {
    const page = await api.listTagResources(cred, { regionId: 'cn-qingdao', resourceIds: [`c${'1'.repeat(32)}`] });
    expect(page).toMatchObject({ tagResources: [], nextToken: null });
  });

  it('the rare-tag clusters match the inventory exactly', async () => {
    const carriers = resourcesWithTag(inv, 'compliance', 'pci-dss').filter((r) => r.type === 'cluster');
    expect(carriers).toHaveLength(1);
    const got = await all({
      regionId: 'cn-hangzhou',
      resourceIds: clustersOf(inv, 'cn-hangzhou'),
      tags: [{ key: 'compliance', value: 'pci-dss' }],
    });
    expect(new Set(got.map((r) => r.resourceId))).toEqual(new Set([carriers[0]!.resourceId]));
  });
});
