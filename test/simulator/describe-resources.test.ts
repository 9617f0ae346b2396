import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEY, startSimulator, type InventoryFile, type Simulator } from '../../src/simulator/index.js';
import { rawRpc, rpcClient } from './helpers.js';

/** The five listings: wire names, straight from the API pages (not from the simulator's table). */
const OPS = [
  {
    action: 'DescribeInstances',
    type: 'instance',
    list: 'Instances',
    item: 'Instance',
    id: 'InstanceId',
    name: 'InstanceName',
    max: 100,
  },
  { action: 'DescribeDisks', type: 'disk', list: 'Disks', item: 'Disk', id: 'DiskId', name: 'DiskName', max: 100 },
  {
    action: 'DescribeImages',
    type: 'image',
    list: 'Images',
    item: 'Image',
    id: 'ImageId',
    name: 'ImageName',
    max: 100,
  },
  {
    action: 'DescribeSecurityGroups',
    type: 'securitygroup',
    list: 'SecurityGroups',
    item: 'SecurityGroup',
    id: 'SecurityGroupId',
    name: 'SecurityGroupName',
    max: 50,
  },
  {
    action: 'DescribeSnapshots',
    type: 'snapshot',
    list: 'Snapshots',
    item: 'Snapshot',
    id: 'SnapshotId',
    name: 'SnapshotName',
    max: 100,
  },
] as const;

type Op = (typeof OPS)[number];
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

let sim: Simulator;
let inv: InventoryFile;
const DENIED = { accessKeyId: 'no-disks', accessKeySecret: 'no-disks-secret', deny: ['DescribeDisks' as const] };
beforeAll(async () => {
  sim = await startSimulator({ keys: [DEMO_KEY, DENIED] });
  inv = sim.inventory();
});
afterAll(() => sim.close());

async function listAll(op: Op, region: string, extra: Record<string, unknown> = {}) {
  const items: any[] = [];
  let total = -1;
  for (let page = 1; ; page++) {
    const res: any = await rpcClient(sim).request(op.action, {
      RegionId: region,
      PageSize: op.max,
      PageNumber: page,
      ...extra,
    });
    total = res.TotalCount;
    items.push(...res[op.list][op.item]);
    if (page * op.max >= total) return { items, total, pages: page };
  }
}

describe('ECS listing operations', () => {
  for (const op of OPS) {
    it(`${op.action} lists every ${op.type} of a region with name, status, creation time and tags`, async () => {
      for (const region of ['cn-hangzhou', 'ap-southeast-1']) {
        const mine = inv.resources.filter((r) => r.regionId === region && r.type === op.type);
        // images: DescribeImages lists only Available ones unless asked (Status=All)
        const extra = op.type === 'image' ? { Status: 'All' } : {};
        const { items, total } = await listAll(op, region, extra);
        expect(total).toBe(mine.length);
        const ids = items.map((i) => i[op.id]);
        expect(new Set(ids).size).toBe(ids.length);
        const sorted = [...ids].sort(byteOrder);
        expect(ids).toEqual(op.type === 'securitygroup' ? sorted.reverse() : sorted);
        for (const r of mine) {
          const item = items.find((i) => i[op.id] === r.resourceId);
          expect(item[op.name]).toBe(r.name);
          expect(item.CreationTime).toBe(r.ecs!.created);
          if (op.type === 'securitygroup') expect(item.Status).toBeUndefined();
          else expect(item.Status).toBe(r.ecs!.status);
          const tags = (item.Tags.Tag as any[]).map((t) => `${t.TagKey}=${t.TagValue}`).sort();
          expect(tags).toEqual(r.tags.map((t) => `${t.key}=${t.value}`).sort());
        }
      }
    });
  }

  it('PageSize tops at 100 (security groups 50), defaults to 10; a page past the end is empty', async () => {
    for (const op of OPS) {
      const over = await rawRpc(sim, { Action: op.action, RegionId: 'cn-beijing', PageSize: String(op.max + 1) });
      expect([over.status, over.json.Code]).toEqual([400, 'InvalidParameter']);
      const def: any = await rpcClient(sim).request(op.action, { RegionId: 'cn-beijing' });
      expect(def.PageSize).toBe(10);
      expect(def[op.list][op.item]).toHaveLength(Math.min(10, def.TotalCount));
      const past: any = await rpcClient(sim).request(op.action, { RegionId: 'cn-beijing', PageNumber: 10_000 });
      expect(past[op.list][op.item]).toEqual([]);
    }
  });

  it('Tag.N filters exactly and ANDed (a key alone: any value); N over 20 and a value without key are refused', async () => {
    const res: any = await rpcClient(sim).request('DescribeInstances', {
      RegionId: 'cn-hangzhou',
      PageSize: 100,
      Tag: [{ Key: 'env', Value: 'perf' }],
    });
    const perf = inv.resources.filter(
      (r) =>
        r.regionId === 'cn-hangzhou' &&
        r.type === 'instance' &&
        r.tags.some((t) => t.key === 'env' && t.value === 'perf'),
    );
    expect(res.Instances.Instance.map((i: any) => i.InstanceId).sort()).toEqual(perf.map((r) => r.resourceId).sort());
    const many = await rawRpc(sim, { Action: 'DescribeDisks', RegionId: 'cn-hangzhou', 'Tag.21.Key': 'a' });
    expect([many.status, many.json.Code]).toEqual([400, 'InvalidTagCount']);
    const lonely = await rawRpc(sim, { Action: 'DescribeDisks', RegionId: 'cn-hangzhou', 'Tag.1.Value': 'x' });
    expect([lonely.status, lonely.json.Code]).toEqual([400, 'InvalidTag.Mismatch']);
  });

  it('DescribeImages: own images only (ImageOwnerAlias self or none), Available unless Status asks more', async () => {
    const region = inv.regions.find((g) =>
      inv.resources.some((r) => r.regionId === g && r.type === 'image' && r.ecs!.status !== 'Available'),
    )!;
    const own = inv.resources.filter((r) => r.regionId === region && r.type === 'image');
    const available = own.filter((r) => r.ecs!.status === 'Available');
    expect(available.length).toBeLessThan(own.length);
    const self: any = await rpcClient(sim).request('DescribeImages', {
      RegionId: region,
      ImageOwnerAlias: 'self',
      PageSize: 100,
    });
    expect(self.TotalCount).toBe(available.length);
    expect(self.Images.Image.every((i: any) => i.ImageOwnerAlias === 'self')).toBe(true);
    const every: any = await rpcClient(sim).request('DescribeImages', {
      RegionId: region,
      ImageOwnerAlias: 'self',
      Status: 'Creating,Available,UnAvailable,CreateFailed',
    });
    expect(every.TotalCount).toBe(own.length);
    const system: any = await rpcClient(sim).request('DescribeImages', {
      RegionId: region,
      ImageOwnerAlias: 'system',
    });
    expect(system.TotalCount).toBe(0);
    const bad = await rawRpc(sim, { Action: 'DescribeImages', RegionId: region, ImageOwnerAlias: 'mine' });
    expect([bad.status, bad.json.Code]).toEqual([400, 'InvalidImageOwnerAlias.ValueNotSupported']);
    const status = await rawRpc(sim, { Action: 'DescribeSnapshots', RegionId: 'cn-shanghai', Status: 'done' });
    expect([status.status, status.json.Code]).toEqual([400, 'InvalidStatus.ValueNotSupported']);
  });

  it('refuses NextToken/MaxResults paging, unknown regions, and a key without the RAM action; logs each call', async () => {
    const token = await rawRpc(sim, { Action: 'DescribeSnapshots', RegionId: 'cn-shanghai', NextToken: 'x' });
    expect([token.status, token.json.Code]).toEqual([400, 'InvalidParameter']);
    const region = await rawRpc(sim, { Action: 'DescribeInstances', RegionId: 'xx-nowhere-1' });
    expect([region.status, region.json.Code]).toEqual([404, 'InvalidRegionId.NotFound']);
    const denied = await rawRpc(sim, { Action: 'DescribeDisks', RegionId: 'cn-shanghai' }, { key: DENIED });
    expect([denied.status, denied.json.Code]).toEqual([403, 'Forbidden.RAM']);
    sim.clearCalls();
    await rpcClient(sim).request('DescribeSecurityGroups', { RegionId: 'cn-shenzhen' });
    expect(sim.calls({ operation: 'DescribeSecurityGroups' })).toMatchObject([
      { regionId: 'cn-shenzhen', status: 200, params: { RegionId: 'cn-shenzhen' } },
    ]);
  });

  it('answers XML by default, and is throttled and fault-injected like every operation', async () => {
    const xml = await rawRpc(sim, { Action: 'DescribeSnapshots', RegionId: 'cn-beijing', Format: 'XML' });
    expect(xml.contentType).toContain('text/xml');
    expect(xml.text).toMatch(/^<\?xml[\s\S]*<DescribeSnapshotsResponse>[\s\S]*<Snapshots>/);
    sim.setFaults({ throttleRate: 1 });
    try {
      const t = await rawRpc(sim, { Action: 'DescribeInstances', RegionId: 'cn-beijing' });
      expect([t.status, t.json.Code]).toEqual([400, 'Throttling.User']);
    } finally {
      sim.setFaults({ throttleRate: 0 });
    }
  });
});

describe('hygiene resources of the generated inventory', () => {
  it('every populated region has untagged, system-only, case-variant and near-quota resources', () => {
    for (const region of inv.regions) {
      const here = inv.resources.filter((r) => r.regionId === region);
      const named = (name: string) => here.find((r) => r.name === name)!;
      for (const type of ['instance', 'disk', 'image', 'securitygroup', 'snapshot'])
        expect(named(`hygiene-untagged-${type}`).tags).toEqual([]);
      expect(named('hygiene-system-only-instance').tags.map((t) => t.key)).toEqual(['acs:autoscaling:scalingGroupId']);
      expect(named('hygiene-key-variant-instance').tags).toEqual([{ key: 'Env', value: 'prod' }]);
      expect(named('hygiene-value-variant-snapshot').tags).toEqual([{ key: 'env', value: ' prod' }]);
      expect(
        here
          .filter((r) => r.tags.length >= 18)
          .map((r) => r.tags.length)
          .sort(),
      ).toEqual([18, 19, 20]);
    }
  });
});
