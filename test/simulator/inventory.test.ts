import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_KEY,
  generateInventory,
  KNOWN_REGIONS,
  startSimulator,
  type InventoryFile,
  type Simulator,
} from '../../src/simulator/index.js';
import { tenantSeed } from '../../src/simulator/inventory/generate.js';
import { rawRoa, rawRpc, rpcClient } from './helpers.js';

const POPULATED = ['cn-hangzhou', 'cn-beijing', 'cn-shanghai', 'cn-shenzhen', 'ap-southeast-1'];
const ID_FORMS: Record<string, RegExp> = {
  instance: /^i-[a-z0-9]{20}$/,
  disk: /^d-[a-z0-9]{20}$/,
  image: /^m-[a-z0-9]{20}$/,
  securitygroup: /^sg-[a-z0-9]{20}$/,
  snapshot: /^s-[a-z0-9]{20}$/,
  cluster: /^c[0-9a-f]{32}$/,
};

const demo = generateInventory(tenantSeed(42, DEMO_KEY.accessKeyId), 1);
const withTag = (inv: InventoryFile, key: string, value?: string) =>
  inv.resources.filter((r) => r.tags.some((t) => t.key === key && (value === undefined || t.value === value)));

describe('generated inventory', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(JSON.stringify(generateInventory(7, 1))).toBe(JSON.stringify(generateInventory(7, 1)));
    const a = generateInventory(7, 1).resources.map((r) => r.resourceId);
    const b = new Set(generateInventory(8, 1).resources.map((r) => r.resourceId));
    expect(a.filter((id) => b.has(id))).toEqual([]);
  });

  it('has a realistic shape at size 1', () => {
    expect(demo.regions).toEqual(POPULATED);
    const ecs = demo.resources.filter((r) => r.service === 'ecs');
    expect(ecs.length).toBeGreaterThanOrEqual(2000);
    expect(ecs.length).toBeLessThanOrEqual(4000);
    expect(withTag(demo, 'env').length / demo.resources.length).toBeGreaterThan(0.8);
    for (const region of POPULATED) {
      const clusters = demo.resources.filter((r) => r.type === 'cluster' && r.regionId === region);
      expect(clusters.length).toBeGreaterThanOrEqual(20);
      expect(clusters.length).toBeLessThanOrEqual(40);
      for (const c of clusters) expect(c.tags).toContainEqual({ key: 'ack.aliyun.com', value: c.resourceId });
      for (const type of ['instance', 'disk', 'image', 'securitygroup', 'snapshot']) {
        expect(ecs.some((r) => r.regionId === region && r.type === type)).toBe(true);
      }
    }
    // ACK worker nodes point at a cluster of their own region
    const nodes = withTag(demo, 'ack.aliyun.com').filter((r) => r.type === 'instance');
    expect(nodes.length).toBeGreaterThan(100);
    for (const n of nodes) {
      const id = n.tags.find((t) => t.key === 'ack.aliyun.com')!.value;
      expect(demo.resources.find((r) => r.resourceId === id)).toMatchObject({ type: 'cluster', regionId: n.regionId });
    }
  });

  it('uses realistic, unique IDs and valid tags', () => {
    // collect violations, then assert once (thousands of expect() calls are slow)
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const r of demo.resources) {
      if (!ID_FORMS[r.type]!.test(r.resourceId)) problems.push(`bad id ${r.resourceId}`);
      if (ids.has(r.resourceId)) problems.push(`duplicate ${r.resourceId}`);
      ids.add(r.resourceId);
      if (r.service !== (r.type === 'cluster' ? 'cs' : 'ecs')) problems.push(`service of ${r.resourceId}`);
      if (r.tags.length > 20) problems.push(`too many tags on ${r.resourceId}`);
      if (new Set(r.tags.map((t) => t.key)).size !== r.tags.length) problems.push(`duplicate keys on ${r.resourceId}`);
      for (const t of r.tags) {
        // the one system tag (hygiene.ts) is the cloud's own, not a user tag
        const system = t.key === 'acs:autoscaling:scalingGroupId' && r.name === 'hygiene-system-only-instance';
        if (
          t.key.length < 1 ||
          t.key.length > 128 ||
          t.value.length > 128 ||
          (/^(aliyun|acs:)/.test(t.key) && !system)
        ) {
          problems.push(`bad tag ${t.key}=${t.value}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('places the documented rare tags exactly', () => {
    const count = (key: string, value?: string) =>
      withTag(demo, key, value)
        .map((r) => `${r.regionId}/${r.type}`)
        .sort();
    expect(count('compliance', 'pci-dss')).toEqual([
      'cn-hangzhou/cluster',
      'cn-hangzhou/instance',
      'cn-hangzhou/instance',
    ]);
    expect(count('legacy', 'true')).toEqual([
      'cn-beijing/cluster',
      'cn-beijing/disk',
      'cn-beijing/image',
      'cn-beijing/instance',
    ]);
    expect(count('incident')).toEqual(['cn-shanghai/instance']);
    expect(count('DoNotDelete', '')).toEqual(['cn-shenzhen/instance', 'cn-shenzhen/securitygroup']);
    expect(count('项目', '双十一')).toEqual(['cn-hangzhou/instance']);
    expect(count('description')).toEqual(['ap-southeast-1/instance']);
    expect(count('env', 'perf')).toEqual(['cn-hangzhou/instance', 'cn-hangzhou/instance']);
    expect(count('Env', 'Prod')).toEqual(['cn-hangzhou/image']);
  });

  it('scales with size while rare tags stay rare', () => {
    const double = generateInventory(5, 2);
    const single = generateInventory(5, 1);
    const ratio = double.resources.length / single.resources.length;
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
    expect(withTag(double, 'incident')).toHaveLength(1);
  });

  it('is byte for byte the demo inventory the README and the tests were written against (later additions aside)', () => {
    // added later, from PRNG streams of their own: the clusters' DescribeClustersV1 fields, the ECS resources'
    // listing fields (status, creation time) and the hygiene resources appended at the end (hygiene.ts)
    const old = demo.resources.filter((r) => !r.name?.startsWith('hygiene-'));
    expect(demo.resources.slice(0, old.length)).toEqual(old);
    const before = { ...demo, resources: old.map(({ cluster: _cluster, ecs: _ecs, ...r }) => r) };
    const sha = createHash('sha256').update(JSON.stringify(before)).digest('hex');
    expect(sha).toBe('79e554b49b1f991878adfd1b6b87b22416a3177aaa014c53c5a5144df34f91ec');
    expect(demo.resources.find((r) => r.resourceId === 'i-bpwbo4nq5hzl9cagxna4')).toMatchObject({
      regionId: 'cn-hangzhou',
      type: 'instance',
    });
    expect(demo.resources.find((r) => r.resourceId === 'c96f5dfadb3ef9a3a0e0d3954f05c4047')).toMatchObject({
      regionId: 'cn-beijing',
      type: 'cluster',
    });
    for (const r of demo.resources) expect(r.cluster !== undefined).toBe(r.type === 'cluster');
    for (const r of demo.resources) expect(r.ecs !== undefined).toBe(r.type !== 'cluster');
  });

  it('knows the 28 public regions of ECS and ACK', () => {
    expect(KNOWN_REGIONS).toHaveLength(28);
    expect(KNOWN_REGIONS).toContain('me-central-1');
  });
});

describe('tenants', () => {
  const OTHER = { accessKeyId: 'tenant-b', accessKeySecret: 'tenant-b-secret' };
  const PINNED = { accessKeyId: 'tenant-c', accessKeySecret: 'tenant-c-secret', seed: 7 };
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ keys: [DEMO_KEY, OTHER, PINNED] });
  });
  afterAll(() => sim.close());

  it('each key has its own inventory; the default is the demo tenant; a key may pin its seed', () => {
    expect(JSON.stringify(sim.inventory())).toBe(JSON.stringify(demo));
    expect(sim.inventory(DEMO_KEY.accessKeyId)).toBe(sim.inventory());
    expect(JSON.stringify(sim.inventory(OTHER.accessKeyId))).not.toBe(JSON.stringify(demo));
    expect(JSON.stringify(sim.inventory(PINNED.accessKeyId))).toBe(JSON.stringify(generateInventory(7, 1)));
    expect(() => sim.inventory('nobody')).toThrow();
  });

  it('inventories are read-only', () => {
    expect(() => {
      (sim.inventory().resources as unknown[]).push({});
    }).toThrow();
  });

  it('answers each tenant from its own inventory', async () => {
    const a: any = await rpcClient(sim).request('DescribeTags', { RegionId: 'cn-hangzhou', ResourceType: 'instance' });
    const b: any = await rpcClient(sim, OTHER).request('DescribeTags', {
      RegionId: 'cn-hangzhou',
      ResourceType: 'instance',
    });
    expect(a.Tags.Tag).not.toEqual(b.Tags.Tag);
    const ackValues = (res: any) =>
      res.Tags.Tag.filter((t: any) => t.TagKey === 'ack.aliyun.com').map((t: any) => t.TagValue);
    expect(ackValues(a).filter((v: string) => ackValues(b).includes(v))).toEqual([]);
    const cluster = sim.inventory().resources.find((r) => r.type === 'cluster')!;
    const q = {
      resource_ids: JSON.stringify([cluster.resourceId]),
      resource_type: 'CLUSTER',
      region_id: cluster.regionId,
    };
    expect((await rawRoa(sim, q)).json.tag_resources.tag_resource.length).toBe(cluster.tags.length);
    expect((await rawRoa(sim, q, { key: OTHER })).json.tag_resources.tag_resource).toEqual([]);
  });
});

describe('given inventories', () => {
  const custom: InventoryFile = {
    regions: ['cn-hangzhou', 'xx-test-1'],
    resources: [
      {
        service: 'ecs',
        type: 'instance',
        regionId: 'xx-test-1',
        resourceId: 'i-custom1',
        tags: [{ key: 'env', value: 'prod' }],
      },
      {
        service: 'ecs',
        type: 'disk',
        regionId: 'xx-test-1',
        resourceId: 'd-custom1',
        tags: [{ key: 'env', value: 'prod' }],
      },
      {
        service: 'cs',
        type: 'cluster',
        regionId: 'cn-hangzhou',
        resourceId: 'cabc',
        name: 'k',
        tags: [{ key: 'env', value: 'dev' }],
      },
    ],
  };

  it('serves an inventory passed in options (its regions become valid)', async () => {
    const sim = await startSimulator({ inventory: custom });
    try {
      expect(sim.inventory()).toEqual(custom);
      const res = await rawRpc(sim, { RegionId: 'xx-test-1', ResourceType: 'instance' });
      expect(res.json.Tags.Tag).toEqual([
        {
          TagKey: 'env',
          TagValue: 'prod',
          ResourceTypeCount: { Instance: 1, Disk: 1, Image: 0, Securitygroup: 0, Snapshot: 0 },
        },
      ]);
      const cs = await rawRoa(sim, { resource_ids: '["cabc"]', resource_type: 'CLUSTER', region_id: 'cn-hangzhou' });
      expect(cs.json.tag_resources.tag_resource).toEqual([
        { tag_key: 'env', tag_value: 'dev', resource_id: 'cabc', resource_type: 'CLUSTER' },
      ]);
    } finally {
      await sim.close();
    }
  });

  it('loads an inventory file and rejects invalid ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-inv-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(custom));
    const sim = await startSimulator({ inventoryFile: good });
    expect(sim.inventory()).toEqual(custom);
    await sim.close();

    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        regions: [],
        resources: [{ service: 'cs', type: 'instance', regionId: 'r', resourceId: 'x', tags: [] }],
      }),
    );
    await expect(startSimulator({ inventoryFile: bad })).rejects.toThrow(/service cs cannot have type instance/);
    writeFileSync(bad, '{not json');
    await expect(startSimulator({ inventoryFile: bad })).rejects.toThrow(/not JSON/);
    await expect(startSimulator({ inventoryFile: join(dir, 'missing.json') })).rejects.toThrow(/Cannot read/);
  });
});
