/** describeTagsPages / listTagResourcesPages over HTTP: to the end, from the middle, and stopping early. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import {
  createUpstream,
  describeTagsPages,
  listTagResourcesPages,
  makeCredential,
  type DescribeTagsResult,
  type ListTagResourcesResult,
  type TagApi,
} from '../../src/upstream/index.js';
import {
  clustersOf,
  ECS_TYPES,
  expectedDescribeTags,
  expectedListTagResources,
  sleep,
  type EcsType,
} from './helpers.js';

const CS_PAGE = 6;
let sim: Simulator;
let api: TagApi;
let inv: InventoryFile;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, pageSizeCs: CS_PAGE });
  api = createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20, maxAttempts: 2 });
  inv = sim.inventory();
});
afterAll(() => sim.close());
beforeEach(() => sim.clearCalls());

describe('describeTagsPages', () => {
  it('walks to the end: the pages together are TotalCount pairs, in order, one call per page', async () => {
    const expected = expectedDescribeTags(inv, { regionId: 'cn-hangzhou', resourceType: 'instance' });
    const pages: DescribeTagsResult[] = [];
    for await (const page of describeTagsPages(api, cred, {
      regionId: 'cn-hangzhou',
      resourceType: 'instance',
      pageSize: 9,
    })) {
      pages.push(page);
    }
    const pairs = pages.flatMap((p) => p.tags.map((t) => [t.key, t.value]));
    expect(pairs).toHaveLength(pages[0]!.totalCount);
    expect(pairs).toEqual(expected.map((t) => [t.key, t.value]));
    expect(pages).toHaveLength(Math.ceil(expected.length / 9));
    expect(pages.map((p) => p.pageNumber)).toEqual(pages.map((_, i) => i + 1));
    const log = sim.calls({ operation: 'DescribeTags' });
    expect(log.map((e) => e.params.PageNumber)).toEqual(pages.map((_, i) => String(i + 1)));
  });

  it('an exact multiple of the page size stops without asking for an empty page', async () => {
    // Find a (region, type) whose TotalCount has a divisor d with at least two pages of d pairs.
    let pick: { regionId: string; resourceType: EcsType; total: number; size: number } | undefined;
    for (const regionId of inv.regions) {
      for (const resourceType of ECS_TYPES) {
        const total = expectedDescribeTags(inv, { regionId, resourceType }).length;
        const size = [10, 9, 8, 7, 6, 5, 4, 3, 2].find((d) => total % d === 0 && total / d >= 2);
        if (size && !pick) pick = { regionId, resourceType, total, size };
      }
    }
    expect(pick).toBeDefined();
    const { regionId, resourceType, total, size } = pick!;
    let n = 0;
    for await (const page of describeTagsPages(api, cred, { regionId, resourceType, pageSize: size })) {
      expect(page.tags).toHaveLength(size);
      n++;
    }
    expect(n).toBe(total / size);
    expect(sim.calls()).toHaveLength(total / size);
  });

  it('starts at the requested page', async () => {
    const expected = expectedDescribeTags(inv, { regionId: 'cn-beijing', resourceType: 'snapshot' });
    const pairs: string[] = [];
    for await (const page of describeTagsPages(api, cred, {
      regionId: 'cn-beijing',
      resourceType: 'snapshot',
      pageSize: 4,
      pageNumber: 3,
    })) {
      pairs.push(...page.tags.map((t) => `${t.key}=${t.value}`));
    }
    expect(pairs).toEqual(expected.slice(8).map((t) => `${t.key}=${t.value}`));
    expect(sim.calls()[0]!.params.PageNumber).toBe('3');
  });

  it('an empty result is one page and one call', async () => {
    const pages: DescribeTagsResult[] = [];
    for await (const page of describeTagsPages(api, cred, { regionId: 'cn-qingdao', resourceType: 'disk' }))
      pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.tags).toEqual([]);
    expect(sim.calls()).toHaveLength(1);
  });

  it('breaking early stops the calls', async () => {
    let seen = 0;
    for await (const page of describeTagsPages(api, cred, {
      regionId: 'cn-hangzhou',
      resourceType: 'disk',
      pageSize: 5,
    })) {
      expect(page.tags).toHaveLength(5);
      if (++seen === 2) break;
    }
    await sleep(50);
    expect(sim.calls().map((e) => e.params.PageNumber)).toEqual(['1', '2']);
  });

  it('an error on a later page surfaces from the iterator', async () => {
    const it = describeTagsPages(api, cred, { regionId: 'cn-hangzhou', resourceType: 'instance', pageSize: 10 });
    expect((await it.next()).done).toBe(false);
    sim.setFaults({ errorRate: 1 });
    try {
      await expect(it.next()).rejects.toMatchObject({ code: 'ServiceUnavailable' });
    } finally {
      sim.setFaults({ errorRate: 0 });
    }
  });
});

describe('listTagResourcesPages', () => {
  it('follows next_token to the last page', async () => {
    const ids = clustersOf(inv, 'cn-hangzhou');
    const expected = expectedListTagResources(inv, { regionId: 'cn-hangzhou', resourceIds: ids });
    const pages: ListTagResourcesResult[] = [];
    for await (const page of listTagResourcesPages(api, cred, { regionId: 'cn-hangzhou', resourceIds: ids }))
      pages.push(page);
    expect(pages.flatMap((p) => p.tagResources)).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / CS_PAGE));
    expect(pages.at(-1)!.nextToken).toBeNull();
    expect(pages.slice(0, -1).every((p) => typeof p.nextToken === 'string')).toBe(true);
    // Each call carried the token the previous page handed out.
    const log = sim.calls({ operation: 'ListTagResources' });
    expect(log).toHaveLength(pages.length);
    expect(log[0]!.params).not.toHaveProperty('next_token');
    log.slice(1).forEach((entry, i) => expect(entry.params.next_token).toBe(pages[i]!.nextToken));
  });

  it('with filters, to the end', async () => {
    const ids = clustersOf(inv, 'cn-beijing');
    const tags = [{ key: 'env' }];
    const expected = expectedListTagResources(inv, { regionId: 'cn-beijing', resourceIds: ids, tags });
    const items: ListTagResourcesResult['tagResources'] = [];
    for await (const page of listTagResourcesPages(api, cred, { regionId: 'cn-beijing', resourceIds: ids, tags }))
      items.push(...page.tagResources);
    expect(items).toEqual(expected);
  });

  it('resumes from a given nextToken', async () => {
    const ids = clustersOf(inv, 'cn-shanghai');
    const first = await api.listTagResources(cred, { regionId: 'cn-shanghai', resourceIds: ids });
    const rest: ListTagResourcesResult['tagResources'] = [];
    for await (const page of listTagResourcesPages(api, cred, {
      regionId: 'cn-shanghai',
      resourceIds: ids,
      nextToken: first.nextToken!,
    })) {
      rest.push(...page.tagResources);
    }
    expect([...first.tagResources, ...rest]).toEqual(
      expectedListTagResources(inv, { regionId: 'cn-shanghai', resourceIds: ids }),
    );
  });

  it('breaking early stops the calls', async () => {
    for await (const page of listTagResourcesPages(api, cred, {
      regionId: 'cn-hangzhou',
      resourceIds: clustersOf(inv, 'cn-hangzhou'),
    })) {
      expect(page.nextToken).not.toBeNull();
      break;
    }
    await sleep(50);
    expect(sim.calls()).toHaveLength(1);
  });

  it('a single short page is one call', async () => {
    const one = inv.resources.find((r) => r.type === 'cluster' && r.regionId === 'cn-hangzhou' && r.tags.length === 1)!;
    const pages: ListTagResourcesResult[] = [];
    for await (const page of listTagResourcesPages(api, cred, {
      regionId: 'cn-hangzhou',
      resourceIds: [one.resourceId],
    }))
      pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]!.tagResources).toEqual(
      expectedListTagResources(inv, { regionId: 'cn-hangzhou', resourceIds: [one.resourceId] }),
    );
    expect(sim.calls()).toHaveLength(1);
  });
});
