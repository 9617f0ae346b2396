/** ECS DescribeTags over HTTP against the simulator: every filter form, compared with the inventory. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import { createUpstream, makeCredential, type DescribeTagsRequest, type TagApi } from '../../src/upstream/index.js';
import { ECS_TYPES, expectedDescribeTags, resourcesWithTag, type ExpectedEcsTag } from './helpers.js';

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

/** Every page of a request (pageSize 100), with the plain operation, so this file does not rely on paging.ts. */
async function all(req: DescribeTagsRequest): Promise<{ tags: ExpectedEcsTag[]; totalCount: number }> {
  const tags: ExpectedEcsTag[] = [];
  let totalCount = -1;
  for (let pageNumber = 1; pageNumber < 100; pageNumber++) {
    const page = await api.describeTags(cred, { ...req, pageNumber, pageSize: 100 });
    totalCount = page.totalCount;
    tags.push(
      ...page.tags.map((t) => ({
        key: t.key,
        value: t.value,
        resourceTypeCounts: t.resourceTypeCounts as ExpectedEcsTag['resourceTypeCounts'],
      })),
    );
    if (page.tags.length < 100) break;
  }
  return { tags, totalCount };
}

describe('DescribeTags without filters', () => {
  it.each(ECS_TYPES)(
    "returns every distinct pair of the region's %s resources, in byte order, with counts",
    async (resourceType) => {
      const expected = expectedDescribeTags(inv, { regionId: 'cn-hangzhou', resourceType });
      expect(expected.length).toBeGreaterThan(5);
      const got = await all({ regionId: 'cn-hangzhou', resourceType });
      expect(got.totalCount).toBe(expected.length);
      expect(got.tags).toEqual(expected);
    },
  );

  it("answers one page as asked, echoing paging and the simulator's request ID", async () => {
    const expected = expectedDescribeTags(inv, { regionId: 'cn-beijing', resourceType: 'instance' });
    const page = await api.describeTags(cred, {
      regionId: 'cn-beijing',
      resourceType: 'instance',
      pageNumber: 2,
      pageSize: 7,
    });
    expect(page.pageNumber).toBe(2);
    expect(page.pageSize).toBe(7);
    expect(page.totalCount).toBe(expected.length);
    expect(page.tags.map((t) => [t.key, t.value])).toEqual(expected.slice(7, 14).map((t) => [t.key, t.value]));
    const log = sim.calls();
    expect(log).toHaveLength(1);
    expect(log[0]!.operation).toBe('DescribeTags');
    expect(log[0]!.status).toBe(200);
    expect(log[0]!.params).toMatchObject({
      RegionId: 'cn-beijing',
      ResourceType: 'instance',
      PageNumber: '2',
      PageSize: '7',
    });
    expect(page.requestId).toBe(log[0]!.requestId);
  });

  it('uses the default page size (50) when none is given', async () => {
    const page = await api.describeTags(cred, { regionId: 'cn-hangzhou', resourceType: 'instance' });
    expect(page.pageSize).toBe(50);
    expect(page.tags).toHaveLength(50);
    expect(sim.calls()[0]!.params).not.toHaveProperty('PageSize');
  });

  it('answers an empty list for a valid but empty region', async () => {
    const page = await api.describeTags(cred, { regionId: 'cn-qingdao', resourceType: 'instance' });
    expect(page.tags).toEqual([]);
    expect(page.totalCount).toBe(0);
  });

  it('answers an empty page past the end, not an error', async () => {
    const page = await api.describeTags(cred, {
      regionId: 'cn-hangzhou',
      resourceType: 'image',
      pageNumber: 500,
      pageSize: 100,
    });
    expect(page.tags).toEqual([]);
    expect(page.totalCount).toBe(expectedDescribeTags(inv, { regionId: 'cn-hangzhou', resourceType: 'image' }).length);
  });
});

describe('DescribeTags filters', () => {
  const cases: Array<{ name: string; req: DescribeTagsRequest; minResults: number }> = [
    {
      name: 'key only',
      req: { regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key: 'env' }] },
      minResults: 3,
    },
    {
      name: 'key and value',
      req: { regionId: 'cn-hangzhou', resourceType: 'disk', tags: [{ key: 'env', value: 'prod' }] },
      minResults: 1,
    },
    {
      name: 'two filters ANDed (key+value, key only)',
      req: {
        regionId: 'cn-hangzhou',
        resourceType: 'instance',
        tags: [{ key: 'env', value: 'prod' }, { key: 'team' }],
      },
      minResults: 3,
    },
    {
      name: 'five filters (the maximum)',
      req: {
        regionId: 'cn-hangzhou',
        resourceType: 'instance',
        tags: [{ key: 'env' }, { key: 'team' }, { key: 'app' }, { key: 'cost-center' }, { key: 'owner' }],
      },
      minResults: 10,
    },
    {
      name: 'a rare value of a common key',
      req: { regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key: 'env', value: 'perf' }] },
      minResults: 1,
    },
    {
      name: 'non-ASCII key and value',
      req: { regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key: '项目', value: '双十一' }] },
      minResults: 1,
    },
    {
      name: 'a value that needs percent-encoding',
      req: {
        regionId: 'ap-southeast-1',
        resourceType: 'instance',
        tags: [{ key: 'description', value: 'nightly batch / reports (v2) & exports' }],
      },
      minResults: 1,
    },
    {
      name: 'a key whose only value is empty',
      req: { regionId: 'cn-shenzhen', resourceType: 'securitygroup', tags: [{ key: 'DoNotDelete' }] },
      minResults: 1,
    },
    {
      name: 'case-sensitive keys (Env=Prod)',
      req: { regionId: 'cn-hangzhou', resourceType: 'image', tags: [{ key: 'Env', value: 'Prod' }] },
      minResults: 1,
    },
    {
      name: 'a tag on several types (legacy=true on disks)',
      req: { regionId: 'cn-beijing', resourceType: 'disk', tags: [{ key: 'legacy', value: 'true' }] },
      minResults: 1,
    },
    {
      name: 'a value nobody carries',
      req: { regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key: 'env', value: 'no-such-env' }] },
      minResults: 0,
    },
  ];

  it.each(cases)('$name', async ({ req, minResults }) => {
    const expected = expectedDescribeTags(inv, req as Parameters<typeof expectedDescribeTags>[1]);
    expect(expected.length).toBeGreaterThanOrEqual(minResults);
    const got = await all(req);
    expect(got.tags).toEqual(expected);
    expect(got.totalCount).toBe(expected.length);
    // The filters went out as Tag.n.Key / Tag.n.Value, a key-only filter without a Value.
    const params = sim.calls()[0]!.params;
    req.tags!.forEach((t, i) => {
      expect(params[`Tag.${i + 1}.Key`]).toBe(t.key);
      if (t.value === undefined) expect(params).not.toHaveProperty(`Tag.${i + 1}.Value`);
      else expect(params[`Tag.${i + 1}.Value`]).toBe(t.value);
    });
  });

  it('the rare tags resolve to exactly the documented resources (compliance=pci-dss: 2 instances)', async () => {
    const [pair] = (
      await all({ regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key: 'compliance', value: 'pci-dss' }] })
    ).tags;
    expect(pair).toMatchObject({ key: 'compliance', value: 'pci-dss' });
    const carriers = resourcesWithTag(inv, 'compliance', 'pci-dss').filter(
      (r) => r.regionId === 'cn-hangzhou' && r.type === 'instance',
    );
    expect(pair!.resourceTypeCounts.instance).toBe(carriers.length);
    expect(carriers).toHaveLength(2);
  });
});

describe('DescribeTags by resource ID', () => {
  it.each(ECS_TYPES)('returns exactly the tags of one %s', async (resourceType) => {
    const resource = inv.resources.find(
      (r) => r.regionId === 'cn-hangzhou' && r.type === resourceType && r.tags.length >= 2,
    )!;
    expect(resource).toBeDefined();
    const got = await all({ regionId: 'cn-hangzhou', resourceType, resourceId: resource.resourceId });
    expect(got.tags.map((t) => `${t.key}=${t.value}`).sort()).toEqual(
      resource.tags.map((t) => `${t.key}=${t.value}`).sort(),
    );
    expect(got.tags).toEqual(
      expectedDescribeTags(inv, { regionId: 'cn-hangzhou', resourceType, resourceId: resource.resourceId }),
    );
    expect(sim.calls()[0]!.params.ResourceId).toBe(resource.resourceId);
  });

  it('accepts a public image name as an image ID (no such image: empty)', async () => {
    const got = await all({
      regionId: 'cn-hangzhou',
      resourceType: 'image',
      resourceId: 'ubuntu_22_04_x64_20G_alibase_20230613.vhd',
    });
    expect(got.tags).toEqual([]);
    expect(sim.calls()).toHaveLength(1);
  });

  it('combines a resource ID with a filter', async () => {
    const resource = resourcesWithTag(inv, 'env', 'prod').find(
      (r) => r.regionId === 'cn-hangzhou' && r.type === 'instance' && r.tags.length >= 3,
    )!;
    const got = await all({
      regionId: 'cn-hangzhou',
      resourceType: 'instance',
      resourceId: resource.resourceId,
      tags: [{ key: 'env', value: 'prod' }],
    });
    expect(got.tags.map((t) => [t.key, t.value])).toEqual([['env', 'prod']]);
  });
});
