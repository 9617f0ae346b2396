/**
 * ECS ListTagResources (`EcsListTagResources`) over HTTP against the simulator, through `ecsTagResourcesPages`:
 * by ID, by tag and both, compared with the inventory; the same rows whatever the simulator's page size.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import {
  createUpstream,
  ecsTagResourcesPages,
  ECS_LIST_TAG_RESOURCES_MAX_IDS,
  makeCredential,
  type EcsTagResource,
  type EcsTagResourcesRequest,
  type TagApi,
} from '../../src/upstream/index.js';
import { ECS_TYPES, ecsIdsOf, expectedEcsTagResources, sortRows, upstreamError, type Filter } from './helpers.js';

const PAGE = 7;
let sim: Simulator;
let api: TagApi;
let inv: InventoryFile;
const cred = makeCredential(DEMO_KEY.accessKeyId, DEMO_KEY.accessKeySecret);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, pageSizeEcs: PAGE });
  api = createUpstream({ endpointOverride: sim.url, backoffBaseMs: 5, backoffMaxMs: 20, maxAttempts: 2 });
  inv = sim.inventory();
});
afterAll(() => sim.close());
beforeEach(() => sim.clearCalls());

/** Every row, through the pager, and how many pages it took. */
async function all(
  req: EcsTagResourcesRequest,
  through: TagApi = api,
): Promise<{ rows: EcsTagResource[]; pages: number }> {
  const rows: EcsTagResource[] = [];
  let pages = 0;
  for await (const page of ecsTagResourcesPages(through, cred, req)) {
    rows.push(...page.tagResources);
    pages++;
    if (pages > 1_000) throw new Error('no last page after 1,000 pages');
  }
  return { rows, pages };
}

describe('by resource ID', () => {
  it.each(ECS_TYPES)(
    '%s: the first 50 of the region, every tag of each, paged to the end, one call per page',
    async (resourceType) => {
      const ids = ecsIdsOf(inv, 'cn-hangzhou', resourceType).slice(0, ECS_LIST_TAG_RESOURCES_MAX_IDS);
      expect(ids.length).toBeGreaterThan(0);
      const expected = expectedEcsTagResources(inv, { regionId: 'cn-hangzhou', resourceType, resourceIds: ids });
      const { rows, pages } = await all({ regionId: 'cn-hangzhou', resourceType, resourceIds: ids });
      expect(sortRows(rows)).toEqual(expected);
      expect(rows).toHaveLength(new Set(rows.map((r) => JSON.stringify(r))).size); // no row twice across pages
      const log = sim.calls({ operation: 'EcsListTagResources' });
      expect(log).toHaveLength(pages);
      expect(log[0]!.params).toMatchObject({
        RegionId: 'cn-hangzhou',
        ResourceType: resourceType,
        'ResourceId.1': ids[0],
      });
      expect(log[0]!.params).not.toHaveProperty('NextToken');
      expect(log.slice(1).every((e) => typeof e.params.NextToken === 'string' && e.params.NextToken !== '')).toBe(true);
    },
  );

  it('sends duplicate IDs once', async () => {
    const [a, b] = ecsIdsOf(inv, 'cn-beijing', 'instance');
    await all({ regionId: 'cn-beijing', resourceType: 'instance', resourceIds: [a!, b!, a!, b!, a!] });
    const params = sim.calls()[0]!.params;
    expect(Object.keys(params).filter((k) => k.startsWith('ResourceId.'))).toEqual(['ResourceId.1', 'ResourceId.2']);
    expect([params['ResourceId.1'], params['ResourceId.2']]).toEqual([a, b]);
  });

  it('IDs that do not exist, or live in another region, give no rows', async () => {
    const other = ecsIdsOf(inv, 'cn-beijing', 'disk').slice(0, 3);
    const { rows, pages } = await all({
      regionId: 'cn-hangzhou',
      resourceType: 'disk',
      resourceIds: [...other, 'd-zzzzzzzzzzzzzzzzzzzz'],
    });
    expect(rows).toEqual([]);
    expect(pages).toBe(1);
  });

  it("one page carries the simulator's request ID", async () => {
    const page = await api.listEcsTagResources(cred, {
      regionId: 'cn-hangzhou',
      resourceType: 'instance',
      resourceIds: ecsIdsOf(inv, 'cn-hangzhou', 'instance').slice(0, 5),
    });
    expect(page.requestId).toBe(sim.calls()[0]!.requestId);
  });
});

describe('by tag', () => {
  const cases: Array<{ name: string; region: string; type: (typeof ECS_TYPES)[number]; tags: Filter[]; min: number }> =
    [
      { name: 'key only', region: 'cn-hangzhou', type: 'instance', tags: [{ key: 'env' }], min: 5 },
      { name: 'key and value', region: 'cn-hangzhou', type: 'instance', tags: [{ key: 'env', value: 'prod' }], min: 2 },
      {
        name: 'two filters ANDed',
        region: 'cn-hangzhou',
        type: 'instance',
        tags: [{ key: 'env', value: 'prod' }, { key: 'team' }],
        min: 1,
      },
      { name: 'disks by key', region: 'cn-shanghai', type: 'disk', tags: [{ key: 'env' }], min: 1 },
      { name: 'security groups by key', region: 'cn-hangzhou', type: 'securitygroup', tags: [{ key: 'env' }], min: 0 },
      {
        name: 'a value nobody carries',
        region: 'cn-hangzhou',
        type: 'instance',
        tags: [{ key: 'env', value: 'no-such-env' }],
        min: 0,
      },
    ];

  it.each(cases)(
    '$name ($type): the carriers of every filter, rows of the filter keys',
    async ({ region, type, tags, min }) => {
      const expected = expectedEcsTagResources(inv, { regionId: region, resourceType: type, tags });
      expect(new Set(expected.map((r) => r.resourceId)).size).toBeGreaterThanOrEqual(min);
      const { rows } = await all({ regionId: region, resourceType: type, tags });
      expect(sortRows(rows)).toEqual(expected);
      const params = sim.calls()[0]!.params;
      tags.forEach((t, i) => {
        expect(params[`Tag.${i + 1}.Key`]).toBe(t.key);
        expect(params[`Tag.${i + 1}.Value`]).toBe(t.value);
      });
    },
  );

  it('IDs and tags together: the listed resources that carry the tags', async () => {
    const ids = ecsIdsOf(inv, 'cn-hangzhou', 'instance').slice(0, 30);
    const tags = [{ key: 'env' }];
    const expected = expectedEcsTagResources(inv, {
      regionId: 'cn-hangzhou',
      resourceType: 'instance',
      resourceIds: ids,
      tags,
    });
    expect(expected.length).toBeGreaterThan(0);
    const { rows } = await all({ regionId: 'cn-hangzhou', resourceType: 'instance', resourceIds: ids, tags });
    expect(sortRows(rows)).toEqual(expected);
  });
});

describe('paging', () => {
  it('the same rows whatever the page size (the gateway never counts on it)', async () => {
    const other = await startSimulator({ port: 0, pageSizeEcs: 50 });
    try {
      const otherApi = createUpstream({
        endpointOverride: other.url,
        backoffBaseMs: 5,
        backoffMaxMs: 20,
        maxAttempts: 2,
      });
      const req: EcsTagResourcesRequest = { regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key: 'env' }] };
      const small = await all(req);
      const big = await all(req, otherApi);
      expect(sortRows(big.rows)).toEqual(sortRows(small.rows));
      expect(small.pages).toBeGreaterThan(big.pages);
    } finally {
      await other.close();
    }
  });

  it('is lazy: stopping after the first page makes one call', async () => {
    for await (const page of ecsTagResourcesPages(api, cred, {
      regionId: 'cn-hangzhou',
      resourceType: 'instance',
      tags: [{ key: 'env' }],
    })) {
      expect(page.nextToken).not.toBeNull();
      break;
    }
    expect(sim.calls()).toHaveLength(1);
  });

  it('resumes from a next token', async () => {
    const req: EcsTagResourcesRequest = { regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key: 'env' }] };
    const first = await api.listEcsTagResources(cred, req);
    const rest = await all({ ...req, nextToken: first.nextToken! });
    expect(sortRows([...first.tagResources, ...rest.rows])).toEqual(expectedEcsTagResources(inv, req));
  });
});

describe('errors from the simulator', () => {
  it('an unknown region → InvalidRegionId.NotFound, tried once', async () => {
    const err = await upstreamError(
      api.listEcsTagResources(cred, { regionId: 'xx-nowhere-1', resourceType: 'instance', tags: [{ key: 'env' }] }),
    );
    expect(err).toMatchObject({ operation: 'EcsListTagResources', code: 'InvalidRegionId.NotFound', retryable: false });
    expect(err.isNotFound).toBe(true);
    expect(sim.calls()).toHaveLength(1);
  });

  it('a wrong secret → SignatureDoesNotMatch without the key in the message', async () => {
    const bad = makeCredential(DEMO_KEY.accessKeyId, 'not-the-secret');
    const err = await upstreamError(
      api.listEcsTagResources(bad, { regionId: 'cn-hangzhou', resourceType: 'instance', tags: [{ key: 'env' }] }),
    );
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', retryable: false });
    expect(err.message).not.toContain(DEMO_KEY.accessKeyId);
    expect(err.message).not.toMatch(/https?:|POST&/);
  });

  it('a forged next token → InvalidParameter, tried once', async () => {
    const err = await upstreamError(
      api.listEcsTagResources(cred, {
        regionId: 'cn-hangzhou',
        resourceType: 'instance',
        tags: [{ key: 'env' }],
        nextToken: 'Zm9vOmJhcg.AAAAAAAAAAAAAAAAAAAAAA',
      }),
    );
    expect(err).toMatchObject({ code: expect.stringMatching(/^InvalidParameter/), retryable: false });
    expect(sim.calls()).toHaveLength(1);
  });

  it('503 every time → ServiceUnavailable after maxAttempts calls', async () => {
    sim.setFaults({ errorRate: 1 });
    try {
      const err = await upstreamError(
        api.listEcsTagResources(cred, { regionId: 'cn-hangzhou', resourceType: 'disk', tags: [{ key: 'env' }] }),
      );
      expect(err).toMatchObject({ code: 'ServiceUnavailable', retryable: true });
      expect(sim.calls().map((e) => e.operation)).toEqual(['EcsListTagResources', 'EcsListTagResources']);
    } finally {
      sim.setFaults({ errorRate: 0 });
    }
  });
});
