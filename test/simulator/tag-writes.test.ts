import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryResource, type Simulator } from '../../src/simulator/index.js';
import { failure, roaClient, rpcClient } from './helpers.js';

const OTHER = { accessKeyId: 'tag-writes-other', accessKeySecret: 'tag-writes-other-secret' };
const JSON_HEADERS = { 'content-type': 'application/json' };

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({ keys: [DEMO_KEY, OTHER] });
});
afterEach(() => sim.close());

const find = (id: string, key = DEMO_KEY.accessKeyId): InventoryResource =>
  sim.inventory(key).resources.find((r) => r.resourceId === id)!;
const tagsOf = (id: string, key?: string) =>
  Object.fromEntries(find(id, key).tags.map((t) => [t.key, t.value] as const));

function someOf(type: string, n = 3): InventoryResource[] {
  const first = sim.inventory().resources.find((r) => r.type === type)!;
  return sim
    .inventory()
    .resources.filter((r) => r.type === type && r.regionId === first.regionId)
    .slice(0, n);
}

async function rpc(action: string, params: Record<string, string>) {
  return rpcClient(sim).request(action, params, { method: 'POST' });
}

const idParams = (ids: string[]) => Object.fromEntries(ids.map((id, i) => [`ResourceId.${i + 1}`, id]));

describe('ECS TagResources / UntagResources', () => {
  it('tags, then every read shows it at once: ListTagResources both ways, DescribeTags counts, the inventory', async () => {
    const rs = someOf('instance');
    const region = rs[0]!.regionId;
    const ids = rs.map((r) => r.resourceId);
    const answer = await rpc('TagResources', {
      RegionId: region,
      ResourceType: 'instance',
      ...idParams(ids),
      'Tag.1.Key': 'written-key',
      'Tag.1.Value': 'v1',
    });
    expect(Object.keys(answer as object)).toEqual(['RequestId']);
    for (const id of ids) expect(tagsOf(id)['written-key']).toBe('v1');
    const byTag = (await rpcClient(sim).request('ListTagResources', {
      RegionId: region,
      ResourceType: 'instance',
      'Tag.1.Key': 'written-key',
    })) as { TagResources: { TagResource: Array<{ ResourceId: string }> } };
    expect(byTag.TagResources.TagResource.map((r) => r.ResourceId).sort()).toEqual([...ids].sort());
    const byId = (await rpcClient(sim).request('ListTagResources', {
      RegionId: region,
      ResourceType: 'instance',
      'ResourceId.1': ids[0]!,
    })) as { TagResources: { TagResource: Array<{ TagKey: string; TagValue: string }> } };
    expect(byId.TagResources.TagResource).toContainEqual(
      expect.objectContaining({ TagKey: 'written-key', TagValue: 'v1' }),
    );
    const described = (await rpcClient(sim).request('DescribeTags', {
      RegionId: region,
      ResourceType: 'instance',
      'Tag.1.Key': 'written-key',
    })) as { Tags: { Tag: Array<{ TagValue: string; ResourceTypeCount: { Instance: number } }> } };
    expect(described.Tags.Tag).toEqual([
      expect.objectContaining({ TagValue: 'v1', ResourceTypeCount: expect.objectContaining({ Instance: 3 }) }),
    ]);

    // a key already there takes the new value; untag removes it from every read
    await rpc('TagResources', {
      RegionId: region,
      ResourceType: 'instance',
      'ResourceId.1': ids[0]!,
      'Tag.1.Key': 'written-key',
      'Tag.1.Value': 'v2',
    });
    expect(tagsOf(ids[0]!)['written-key']).toBe('v2');
    await rpc('UntagResources', {
      RegionId: region,
      ResourceType: 'instance',
      ...idParams(ids),
      'TagKey.1': 'written-key',
    });
    for (const id of ids) expect(tagsOf(id)['written-key']).toBeUndefined();
    const after = (await rpcClient(sim).request('DescribeTags', {
      RegionId: region,
      ResourceType: 'instance',
      'Tag.1.Key': 'written-key',
    })) as { TotalCount: number };
    expect(after.TotalCount).toBe(0);
    expect(sim.calls({ operation: 'EcsTagResources' })).toHaveLength(2);
    expect(sim.calls({ operation: 'EcsUntagResources' })[0]).toMatchObject({ status: 200, regionId: region });
  });

  it('UntagResources All=true removes every tag; another tenant is untouched', async () => {
    const [r] = someOf('disk', 1);
    const otherBefore = sim.inventory(OTHER.accessKeyId);
    await rpc('UntagResources', {
      RegionId: r!.regionId,
      ResourceType: 'disk',
      'ResourceId.1': r!.resourceId,
      All: 'true',
    });
    expect(find(r!.resourceId).tags).toEqual([]);
    expect(sim.inventory(OTHER.accessKeyId)).toBe(otherBefore);
  });

  const cases: Array<[string, Record<string, string>, number, string]> = [
    [
      'no RegionId',
      { ResourceType: 'instance', 'ResourceId.1': 'i-x', 'Tag.1.Key': 'k' },
      404,
      'MissingParameter.RegionId',
    ],
    [
      'no ResourceType',
      { RegionId: 'cn-hangzhou', 'ResourceId.1': 'i-x', 'Tag.1.Key': 'k' },
      404,
      'MissingParameter.ResourceType',
    ],
    [
      'bad ResourceType',
      { RegionId: 'cn-hangzhou', ResourceType: 'Instance', 'ResourceId.1': 'i-x', 'Tag.1.Key': 'k' },
      404,
      'InvalidResourceType.NotFound',
    ],
    [
      'no Tag.N',
      { RegionId: 'cn-hangzhou', ResourceType: 'instance', 'ResourceId.1': 'i-x' },
      404,
      'MissingParameter.Tags',
    ],
    [
      '51 IDs',
      { RegionId: 'cn-hangzhou', ResourceType: 'instance', 'ResourceId.51': 'i-x', 'Tag.1.Key': 'k' },
      400,
      'NumberExceed.ResourceIds',
    ],
    [
      '21 tags',
      { RegionId: 'cn-hangzhou', ResourceType: 'instance', 'ResourceId.1': 'i-x', 'Tag.21.Key': 'k' },
      400,
      'NumberExceed.Tags',
    ],
    [
      'duplicate key',
      { RegionId: 'cn-hangzhou', ResourceType: 'instance', 'ResourceId.1': 'i-x', 'Tag.1.Key': 'k', 'Tag.2.Key': 'k' },
      400,
      'Duplicate.TagKey',
    ],
    [
      'aliyun key',
      { RegionId: 'cn-hangzhou', ResourceType: 'instance', 'ResourceId.1': 'i-x', 'Tag.1.Key': 'aliyunx' },
      400,
      'InvalidTagKey.Malformed',
    ],
    [
      'URL value',
      {
        RegionId: 'cn-hangzhou',
        ResourceType: 'instance',
        'ResourceId.1': 'i-x',
        'Tag.1.Key': 'k',
        'Tag.1.Value': 'see http://x',
      },
      400,
      'InvalidTagValue.Malformed',
    ],
    [
      'unknown ID',
      { RegionId: 'cn-hangzhou', ResourceType: 'instance', 'ResourceId.1': 'i-nothere', 'Tag.1.Key': 'k' },
      404,
      'InvalidResourceId.NotFound',
    ],
  ];
  for (const [name, params, status, code] of cases) {
    it(`TagResources refuses ${name}: ${status} ${code}`, async () => {
      const err = await failure(rpc('TagResources', params));
      expect([err.data?.Code ?? err.code, sim.calls()[0]!.status]).toEqual([code, status]);
    });
  }

  it('UntagResources needs TagKey.N or All=true, not both', async () => {
    const base = { RegionId: 'cn-hangzhou', ResourceType: 'instance', 'ResourceId.1': 'i-x' };
    expect((await failure(rpc('UntagResources', base))).code).toBe('MissingParameter');
    expect((await failure(rpc('UntagResources', { ...base, All: 'true', 'TagKey.1': 'k' }))).code).toBe(
      'InvalidParameter',
    );
  });
});

describe('a failing resource: whole-call (default) or per-resource (faults.tagWriteFailures)', () => {
  function atQuota() {
    const rs = someOf('instance', 3);
    return { region: rs[0]!.regionId, full: rs[0]!, others: rs.slice(1) };
  }
  async function fill(region: string, id: string) {
    const keys = new Set(find(id).tags.map((t) => t.key));
    const params: Record<string, string> = { RegionId: region, ResourceType: 'instance', 'ResourceId.1': id };
    let n = 0;
    for (let i = 0; keys.size + n < 20; i++) {
      if (keys.has(`fill-${i}`)) continue;
      n++;
      params[`Tag.${n}.Key`] = `fill-${i}`;
    }
    if (n > 0) await rpc('TagResources', params);
    expect(find(id).tags).toHaveLength(20);
  }

  for (const mode of ['whole-call', 'per-resource'] as const) {
    it(`${mode}: a resource at 20 tags answers OperationDenied.QuotaExceed`, async () => {
      const { region, full, others } = atQuota();
      await fill(region, full.resourceId);
      if (mode === 'per-resource') sim.setFaults({ tagWriteFailures: mode });
      const ids = [full.resourceId, ...others.map((r) => r.resourceId)];
      const err = await failure(
        rpc('TagResources', { RegionId: region, ResourceType: 'instance', ...idParams(ids), 'Tag.1.Key': 'new-key' }),
      );
      expect(err.code).toBe('OperationDenied.QuotaExceed');
      expect(err.message).toContain(full.resourceId);
      expect(tagsOf(full.resourceId)['new-key']).toBeUndefined();
      for (const r of others) expect(tagsOf(r.resourceId)['new-key']).toBe(mode === 'per-resource' ? '' : undefined);
    });
  }
});

describe('CS TagResources (PUT /tags) / UntagResources (DELETE /tags)', () => {
  const cluster = () => sim.inventory().resources.find((r) => r.type === 'cluster')!;

  it('tags through pop-core ROA with a JSON body; ListTagResources and DescribeClustersV1 show it at once', async () => {
    const c = cluster();
    const body = {
      region_id: c.regionId,
      resource_type: 'CLUSTER',
      resource_ids: [c.resourceId],
      tags: [{ key: 'team', value: 'blue' }],
    };
    const answer = await roaClient(sim).request('PUT', '/tags', {}, JSON.stringify(body), JSON_HEADERS);
    expect(Object.keys(answer)).toEqual(['request_id']);
    expect(tagsOf(c.resourceId).team).toBe('blue');
    const listed = await roaClient(sim).request('GET', '/tags', {
      region_id: c.regionId,
      resource_type: 'CLUSTER',
      resource_ids: JSON.stringify([c.resourceId]),
    });
    expect(listed.tag_resources.tag_resource).toContainEqual(
      expect.objectContaining({ tag_key: 'team', tag_value: 'blue' }),
    );
    const described = await roaClient(sim).request('GET', '/api/v1/clusters', {
      region_id: c.regionId,
      cluster_id: c.resourceId,
    });
    expect(described.clusters[0].tags).toContainEqual({ key: 'team', value: 'blue' });
    expect(sim.calls({ operation: 'TagResources' })[0]).toMatchObject({ status: 200, regionId: c.regionId });

    await roaClient(sim).request('DELETE', '/tags', {
      region_id: c.regionId,
      resource_type: 'CLUSTER',
      resource_ids: JSON.stringify([c.resourceId]),
      tag_keys: JSON.stringify(['team']),
    });
    expect(tagsOf(c.resourceId).team).toBeUndefined();
    await roaClient(sim).request('DELETE', '/tags', {
      region_id: c.regionId,
      resource_type: 'CLUSTER',
      resource_ids: JSON.stringify([c.resourceId]),
      all: 'true',
    });
    expect(find(c.resourceId).tags).toEqual([]);
  });

  it('refuses empty values, reserved prefixes in values, unknown clusters', async () => {
    const c = cluster();
    const put = (tags: unknown, ids = [c.resourceId]) =>
      failure(
        roaClient(sim).request(
          'PUT',
          '/tags',
          {},
          JSON.stringify({ region_id: c.regionId, resource_type: 'CLUSTER', resource_ids: ids, tags }),
          JSON_HEADERS,
        ),
      );
    expect((await put([{ key: 'k', value: '' }])).result.code).toBe('InvalidTagValue.Malformed');
    expect((await put([{ key: 'k', value: 'acs:x' }])).result.code).toBe('InvalidTagValue.Malformed');
    expect(
      (
        await put([
          { key: 'k', value: 'v' },
          { key: 'k', value: 'w' },
        ])
      ).result.code,
    ).toBe('Duplicate.TagKey');
    const missing = await put([{ key: 'k', value: 'v' }], [c.resourceId, `c${'0'.repeat(32)}`]);
    expect([missing.statusCode, missing.result.code]).toEqual([404, 'ErrorClusterNotFound']);
    expect(tagsOf(c.resourceId).k).toBeUndefined();
  });
});
