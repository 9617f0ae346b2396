import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import { rawRpc, rpcClient } from './helpers.js';

type Filter = { key: string; value?: string };
const TYPE_FIELD = {
  instance: 'Instance',
  disk: 'Disk',
  image: 'Image',
  securitygroup: 'Securitygroup',
  snapshot: 'Snapshot',
} as const;

/** A brute-force restatement of the documented semantics, straight from the inventory. */
function expected(inv: InventoryFile, region: string, type: string, filters: Filter[], resourceId?: string) {
  const carries = (r: InventoryFile['resources'][number], f: Filter) =>
    r.tags.some((t) => t.key === f.key && (f.value === undefined || t.value === f.value));
  const inRegion = inv.resources.filter(
    (r) => r.service === 'ecs' && r.regionId === region && filters.every((f) => carries(r, f)),
  );
  const candidates = inRegion.filter(
    (r) => r.type === type && (resourceId === undefined || r.resourceId === resourceId),
  );
  const pairs = new Map<string, { key: string; value: string }>();
  for (const r of candidates) {
    for (const t of r.tags) {
      if (filters.length === 0 || filters.some((f) => f.key === t.key)) pairs.set(`${t.key}\0${t.value}`, t);
    }
  }
  return [...pairs.values()]
    .sort(
      (a, b) =>
        Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)) ||
        Buffer.compare(Buffer.from(a.value), Buffer.from(b.value)),
    )
    .map((t) => {
      const counts = { Instance: 0, Disk: 0, Image: 0, Securitygroup: 0, Snapshot: 0 };
      for (const r of inRegion) if (carries(r, t)) counts[TYPE_FIELD[r.type as keyof typeof TYPE_FIELD]]++;
      return { TagKey: t.key, TagValue: t.value, ResourceTypeCount: counts };
    });
}

let sim: Simulator;
let inv: InventoryFile;
beforeAll(async () => {
  sim = await startSimulator();
  inv = sim.inventory();
});
afterAll(() => sim.close());

async function allPages(params: Record<string, unknown>, pageSize = 100) {
  const client = rpcClient(sim);
  const tags: any[] = [];
  let total = -1;
  for (let page = 1; ; page++) {
    const res: any = await client.request('DescribeTags', { ...params, PageSize: pageSize, PageNumber: page });
    expect(res.PageNumber).toBe(page);
    expect(res.PageSize).toBe(pageSize);
    if (total === -1) total = res.TotalCount;
    expect(res.TotalCount).toBe(total);
    tags.push(...res.Tags.Tag);
    if (res.Tags.Tag.length < pageSize) break;
  }
  return { tags, total };
}

describe('DescribeTags semantics', () => {
  it('without filters: every distinct pair of the type in the region, paged to the end, in key/value byte order', async () => {
    const { tags, total } = await allPages({ RegionId: 'cn-hangzhou', ResourceType: 'instance' }, 40);
    const want = expected(inv, 'cn-hangzhou', 'instance', []);
    expect(total).toBe(want.length);
    expect(tags).toEqual(want);
    expect(total).toBeGreaterThan(100);
    // ack.aliyun.com values, env values, and the case-sensitive / non-ASCII keys sort in byte order
    const keys = [...new Set(tags.map((t) => t.TagKey))];
    expect(keys).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    expect(keys.at(-1)).toBe('项目');
  });

  it('answers an empty list (not an error) past the last page', async () => {
    const res: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'cn-beijing',
      ResourceType: 'image',
      PageNumber: 1000,
    });
    expect(res.Tags.Tag).toEqual([]);
    expect(res.TotalCount).toBe(expected(inv, 'cn-beijing', 'image', []).length);
  });

  it('a key-only filter returns every value of that key, with per-type counts', async () => {
    const res: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'cn-hangzhou',
      ResourceType: 'instance',
      Tag: [{ Key: 'env' }],
    });
    expect(res.Tags.Tag).toEqual(expected(inv, 'cn-hangzhou', 'instance', [{ key: 'env' }]));
    expect(res.Tags.Tag.map((t: any) => t.TagValue)).toEqual(['dev', 'perf', 'prod', 'staging', 'test']);
    const prod = res.Tags.Tag.find((t: any) => t.TagValue === 'prod');
    expect(prod.ResourceTypeCount.Instance).toBeGreaterThan(50);
    expect(prod.ResourceTypeCount.Disk).toBeGreaterThan(50);
    const perf = res.Tags.Tag.find((t: any) => t.TagValue === 'perf');
    expect(perf.ResourceTypeCount).toEqual({ Instance: 2, Disk: 0, Image: 0, Securitygroup: 0, Snapshot: 0 });
  });

  it('ANDs filters (key=value and key-only), returning only the filter keys', async () => {
    const filters = [{ key: 'env', value: 'prod' }, { key: 'team', value: 'payments' }, { key: 'app' }];
    const res: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'cn-hangzhou',
      ResourceType: 'disk',
      Tag: filters.map((f) => ({ Key: f.key, ...(f.value ? { Value: f.value } : {}) })),
    });
    const want = expected(inv, 'cn-hangzhou', 'disk', filters);
    expect(res.Tags.Tag).toEqual(want);
    expect(res.TotalCount).toBe(want.length);
    expect(new Set(res.Tags.Tag.map((t: any) => t.TagKey))).toEqual(new Set(['env', 'team', 'app']));
    expect(res.Tags.Tag.filter((t: any) => t.TagKey === 'env').map((t: any) => t.TagValue)).toEqual(['prod']);
    // every count respects all filters: no more prod+payments disks than carry app too
    const envItem = res.Tags.Tag.find((t: any) => t.TagKey === 'env');
    const appDisks = res.Tags.Tag.filter((t: any) => t.TagKey === 'app').reduce(
      (s: number, t: any) => s + t.ResourceTypeCount.Disk,
      0,
    );
    expect(envItem.ResourceTypeCount.Disk).toBe(appDisks);
  });

  it('filters that no resource satisfies together give nothing', async () => {
    const res: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'cn-hangzhou',
      ResourceType: 'instance',
      Tag: [
        { Key: 'env', Value: 'prod' },
        { Key: 'env', Value: 'dev' },
      ],
    });
    expect(res).toMatchObject({ TotalCount: 0, Tags: { Tag: [] } });
  });

  it('finds rare tags (1–3 resources) and the empty value', async () => {
    const res: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'cn-hangzhou',
      ResourceType: 'instance',
      Tag: [{ Key: 'compliance' }],
    });
    expect(res.Tags.Tag).toEqual([
      {
        TagKey: 'compliance',
        TagValue: 'pci-dss',
        ResourceTypeCount: { Instance: 2, Disk: 0, Image: 0, Securitygroup: 0, Snapshot: 0 },
      },
    ]);
    const dnd: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'cn-shenzhen',
      ResourceType: 'securitygroup',
      Tag: [{ Key: 'DoNotDelete' }],
    });
    expect(dnd.Tags.Tag).toEqual([
      {
        TagKey: 'DoNotDelete',
        TagValue: '',
        ResourceTypeCount: { Instance: 1, Disk: 0, Image: 0, Securitygroup: 1, Snapshot: 0 },
      },
    ]);
  });

  it('ResourceId narrows the candidates to that resource (counts stay region-wide)', async () => {
    const instance = inv.resources.find(
      (r) => r.type === 'instance' && r.regionId === 'cn-shanghai' && r.tags.length >= 4,
    )!;
    const res: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'cn-shanghai',
      ResourceType: 'instance',
      ResourceId: instance.resourceId,
    });
    expect(res.Tags.Tag).toEqual(expected(inv, 'cn-shanghai', 'instance', [], instance.resourceId));
    expect(res.TotalCount).toBe(instance.tags.length);
    const other: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'cn-beijing',
      ResourceType: 'instance',
      ResourceId: instance.resourceId,
    });
    expect(other.TotalCount).toBe(0);
  });

  it('a known but empty region answers an empty list', async () => {
    const res: any = await rpcClient(sim).request('DescribeTags', {
      RegionId: 'eu-central-1',
      ResourceType: 'snapshot',
    });
    expect(res).toMatchObject({ TotalCount: 0, PageNumber: 1, PageSize: 50, Tags: { Tag: [] } });
  });

  it('every ECS type works and defaults to PageSize 50', async () => {
    for (const type of ['disk', 'image', 'securitygroup', 'snapshot']) {
      const res: any = await rpcClient(sim).request('DescribeTags', { RegionId: 'cn-beijing', ResourceType: type });
      const want = expected(inv, 'cn-beijing', type, []);
      expect(res.TotalCount).toBe(want.length);
      expect(res.Tags.Tag).toEqual(want.slice(0, 50));
    }
  });
});

describe('DescribeTags errors (code and HTTP status)', () => {
  const base = { RegionId: 'cn-hangzhou', ResourceType: 'instance' };
  const cases: Array<[string, Record<string, string>, number, string]> = [
    ['missing RegionId', { ResourceType: 'instance' }, 400, 'MissingParameter'],
    ['unknown RegionId', { RegionId: 'cn-atlantis', ResourceType: 'instance' }, 404, 'InvalidRegionId.NotFound'],
    ['missing ResourceType', { RegionId: 'cn-hangzhou' }, 400, 'MissingParameter'],
    ['ResourceType in another case', { ...base, ResourceType: 'Instance' }, 404, 'InvalidResourceType.NotFound'],
    ['unsupported ResourceType', { ...base, ResourceType: 'cluster' }, 404, 'InvalidResourceType.NotFound'],
    ['Tag.6', { ...base, 'Tag.6.Key': 'env' }, 400, 'InvalidParameter'],
    ['Tag.0', { ...base, 'Tag.0.Key': 'env' }, 400, 'InvalidParameter'],
    ['Tag.x', { ...base, 'Tag.x.Key': 'env' }, 400, 'InvalidParameter'],
    ['Value without Key', { ...base, 'Tag.1.Key': 'env', 'Tag.2.Value': 'prod' }, 400, 'MissingParameter'],
    ['empty key', { ...base, 'Tag.1.Key': '', 'Tag.1.Value': 'x' }, 400, 'InvalidTagKey.Malformed'],
    ['key starting with aliyun', { ...base, 'Tag.1.Key': 'aliyun-env' }, 400, 'InvalidTagKey.Malformed'],
    ['key starting with acs:', { ...base, 'Tag.1.Key': 'acs:env' }, 400, 'InvalidTagKey.Malformed'],
    ['key of 129 chars', { ...base, 'Tag.1.Key': 'k'.repeat(129) }, 400, 'InvalidTagKey.Malformed'],
    ['key with a URL', { ...base, 'Tag.1.Key': 'see https://x' }, 400, 'InvalidTagKey.Malformed'],
    ['value with a URL', { ...base, 'Tag.1.Key': 'env', 'Tag.1.Value': 'http://x' }, 400, 'InvalidTagValue.Malformed'],
    [
      'value of 129 chars',
      { ...base, 'Tag.1.Key': 'env', 'Tag.1.Value': 'v'.repeat(129) },
      400,
      'InvalidTagValue.Malformed',
    ],
    ['PageSize 0', { ...base, PageSize: '0' }, 400, 'InvalidParameter'],
    ['PageSize 101', { ...base, PageSize: '101' }, 400, 'InvalidParameter'],
    ['PageSize abc', { ...base, PageSize: 'abc' }, 400, 'InvalidParameter'],
    ['PageNumber 0', { ...base, PageNumber: '0' }, 400, 'InvalidParameter'],
    ['PageNumber -1', { ...base, PageNumber: '-1' }, 400, 'InvalidParameter'],
    ['PageNumber 1.5', { ...base, PageNumber: '1.5' }, 400, 'InvalidParameter'],
  ];
  it.each(cases)('%s → %i %s', async (_name, params, status, code) => {
    const res = await rawRpc(sim, params);
    expect(res.status).toBe(status);
    expect(res.json.Code).toBe(code);
    expect(res.json.HostId).toBe('ecs.aliyuncs.com');
  });

  it('accepts 128-char keys/values and PageSize 100', async () => {
    const res = await rawRpc(sim, {
      ...base,
      'Tag.1.Key': 'k'.repeat(128),
      'Tag.1.Value': 'v'.repeat(128),
      PageSize: '100',
    });
    expect(res.status).toBe(200);
    expect(res.json.TotalCount).toBe(0);
  });

  it('pop-core surfaces the code and the message (with its URL appended)', async () => {
    const err: any = await rpcClient(sim)
      .request('DescribeTags', { RegionId: 'cn-hangzhou' })
      .catch((e: unknown) => e);
    expect(err.code).toBe('MissingParameter');
    expect(err.message).toMatch(
      /^The input parameter "ResourceType" that is mandatory for processing this request is not supplied\., URL: http/,
    );
  });
});
