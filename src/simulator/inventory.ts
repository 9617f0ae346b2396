/**
 * The seeded demo inventory: one per tenant (AccessKeyId), deterministic from (seed, size).
 *
 * Regions. Every real RegionId of reference §6 is a valid RegionId (an empty one answers an empty list);
 * five are populated, with these shares of the resources and these ID infixes (as the cloud's IDs carry a
 * region code): cn-hangzhou 32 % (`bp`), cn-beijing 22 % (`2z`), cn-shanghai 20 % (`uf`),
 * cn-shenzhen 14 % (`wz`), ap-southeast-1 12 % (`t4`).
 *
 * ECS, at size 1 (everything scales linearly with `size`), about 3,100 resources in all:
 *   - ~850 instances (`i-` + 20 lower-case alnum). About 30 % are ACK worker nodes: they carry
 *     `ack.aliyun.com` = the ID of a cluster in the same region and that cluster's env/team.
 *   - ~1,500 disks (`d-…`): one system disk per instance plus 0–2 data disks; they inherit the instance's
 *     env/team/app/cost-center (data disks 80 % of the time).
 *   - ~500 snapshots (`s-…`) of ~22 % of the disks (1–3 each), with the disk's env/team and `retention`.
 *   - ~110 custom images (`m-…`) with `os`, and ~120 security groups (`sg-…`) with `tier`.
 * Common keys, with thousands of resources each: `env` (prod 45 % / staging 20 % / dev 28 % / test 7 %, on
 * ~92 %), `team` (12 teams, ~80 %), `app` (~40 apps), `cost-center` (CC-1001…CC-1012), `owner`
 * (e-mail of the app's owner), `created-by` (terraform / ros / console / packer), `backup-policy`,
 * `retention`, `os`, `tier`.
 *
 * CS: 20–40 ACK clusters per populated region (`c` + 32 hex), each tagged `ack.aliyun.com` = its own ID
 * plus mostly env/team, sometimes cost-center/owner. In every region one cluster carries only
 * `ack.aliyun.com`, and one carries 14 tags (more than a page's worth with small pages).
 *
 * Rare tags, exact counts at any size (which resources carry them depends on the seed; look them up in
 * `inventory()`):
 *   - `compliance=pci-dss`: 2 instances in cn-hangzhou and 1 cluster in cn-hangzhou
 *   - `legacy=true`: 1 instance, 1 disk, 1 image in cn-beijing and 1 cluster in cn-beijing
 *   - `incident=INC-2024-0042`: 1 instance in cn-shanghai
 *   - `DoNotDelete` with the empty value: 1 instance and 1 security group in cn-shenzhen
 *   - `项目=双十一` (non-ASCII key and value): 1 instance in cn-hangzhou
 *   - `description=nightly batch / reports (v2) & exports` (needs encoding): 1 instance in ap-southeast-1
 *   - `env=perf` (a rare value of a common key): 2 instances in cn-hangzhou
 *   - `Env=Prod` (keys are case-sensitive): 1 image in cn-hangzhou
 *
 * Other tenants get a different seed (derived from their AccessKeyId unless given), hence different IDs
 * and counts: tests can tell tenants apart.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fnv1a, Rng } from './prng.js';
import type { EcsResourceType, InventoryFile, InventoryResource } from './types.js';

/** Every RegionId the simulator accepts (reference §6). */
export const KNOWN_REGIONS: readonly string[] = [
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-hangzhou',
  'cn-shanghai',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'cn-hongkong',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-3',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ap-south-1',
  'us-east-1',
  'us-west-1',
  'eu-west-1',
  'eu-central-1',
  'me-east-1',
  'me-central-1',
];

export const ECS_TYPES: readonly EcsResourceType[] = ['instance', 'disk', 'image', 'securitygroup', 'snapshot'];

const POPULATED: ReadonlyArray<{ region: string; share: number; infix: string }> = [
  { region: 'cn-hangzhou', share: 0.32, infix: 'bp' },
  { region: 'cn-beijing', share: 0.22, infix: '2z' },
  { region: 'cn-shanghai', share: 0.2, infix: 'uf' },
  { region: 'cn-shenzhen', share: 0.14, infix: 'wz' },
  { region: 'ap-southeast-1', share: 0.12, infix: 't4' },
];

const TEAMS: ReadonlyArray<{ name: string; weight: number; costCenter: string; apps: string[] }> = [
  { name: 'payments', weight: 8, costCenter: 'CC-1001', apps: ['checkout', 'ledger', 'refunds', 'fraud-scoring'] },
  { name: 'search', weight: 7, costCenter: 'CC-1002', apps: ['query-api', 'indexer', 'ranker'] },
  { name: 'platform', weight: 12, costCenter: 'CC-1003', apps: ['api-gateway', 'auth', 'config-service', 'mesh'] },
  { name: 'data', weight: 12, costCenter: 'CC-1004', apps: ['etl', 'warehouse', 'kafka', 'airflow'] },
  { name: 'ml', weight: 6, costCenter: 'CC-1005', apps: ['training', 'inference', 'feature-store'] },
  { name: 'web', weight: 9, costCenter: 'CC-1006', apps: ['storefront', 'cms', 'cdn-origin'] },
  { name: 'mobile', weight: 5, costCenter: 'CC-1007', apps: ['mobile-bff', 'push-service'] },
  { name: 'infra', weight: 14, costCenter: 'CC-1008', apps: ['bastion', 'monitoring', 'logging', 'ci-runner'] },
  { name: 'security', weight: 4, costCenter: 'CC-1009', apps: ['waf', 'vault', 'scanner'] },
  { name: 'growth', weight: 4, costCenter: 'CC-1010', apps: ['experiments', 'recommendations'] },
  { name: 'ads', weight: 5, costCenter: 'CC-1011', apps: ['ad-server', 'bidder'] },
  { name: 'billing', weight: 4, costCenter: 'CC-1012', apps: ['invoicing', 'metering'] },
];

const ENVS: ReadonlyArray<readonly [string, number]> = [
  ['prod', 45],
  ['staging', 20],
  ['dev', 28],
  ['test', 7],
];

const PEOPLE = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj',
  'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'wei.zhang', 'li.na', 'chen.jie',
  'wang.fang', 'liu.yang', 'zhao.lei', 'sun.li', 'zhou.min', 'wu.hao', 'xu.jing', 'hu.bin',
];

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

type Tags = Map<string, string>;

interface Draft {
  service: 'ecs' | 'cs';
  type: InventoryResource['type'];
  regionId: string;
  resourceId: string;
  name: string;
  tags: Tags;
}

/** The inventory seed of a tenant: its own `seed` when given, else mixed from the base seed and its id. */
export function tenantSeed(baseSeed: number, accessKeyId: string, own?: number): number {
  if (own !== undefined) return own >>> 0;
  return Math.imul((baseSeed ^ fnv1a(accessKeyId)) >>> 0, 0x9e3779b1) >>> 0;
}

export function generateInventory(seed: number, size = 1): InventoryFile {
  const rng = new Rng(seed);
  const used = new Set<string>();
  const uniqueId = (make: () => string): string => {
    for (;;) {
      const id = make();
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const ecsId = (prefix: string, infix: string) => () => `${prefix}-${infix}${rng.chars(18, LOWER_ALNUM)}`;
  const appOwner = new Map<string, string>();
  for (const team of TEAMS) for (const app of team.apps) appOwner.set(app, `${rng.pick(PEOPLE)}@example.com`);
  const teamEntries = TEAMS.map((t) => [t, t.weight] as const);

  const drafts: Draft[] = [];
  const scaled = (n: number, share: number) => Math.max(1, Math.round(n * share * size));

  for (const { region, share, infix } of POPULATED) {
    // --- ACK clusters ---
    const clusters: Draft[] = [];
    const clusterCount = Math.max(1, Math.round((20 + rng.int(21)) * size));
    for (let i = 0; i < clusterCount; i++) {
      const id = uniqueId(() => `c${rng.chars(32, HEX)}`);
      const tags: Tags = new Map([['ack.aliyun.com', id]]);
      const team = rng.weighted(teamEntries);
      const env = rng.weighted(ENVS);
      if (i > 0) {
        if (rng.chance(0.95)) tags.set('env', env);
        if (rng.chance(0.85)) tags.set('team', team.name);
        if (rng.chance(0.5)) tags.set('cost-center', team.costCenter);
        if (rng.chance(0.3)) tags.set('owner', `${rng.pick(PEOPLE)}@example.com`);
      }
      if (i === 1) {
        // the cluster with many tags
        tags.set('env', env);
        tags.set('team', team.name);
        tags.set('cost-center', team.costCenter);
        tags.set('owner', `${rng.pick(PEOPLE)}@example.com`);
        tags.set('app', rng.pick(team.apps));
        tags.set('created-by', 'terraform');
        tags.set('sla', rng.pick(['99.9', '99.95', '99.99']));
        tags.set('backup-policy', 'daily');
        tags.set('network', rng.pick(['vpc-shared', 'vpc-isolated']));
        tags.set('logging', 'sls');
        tags.set('monitoring', 'arms');
        tags.set('maintenance-window', 'sun-02:00');
        tags.set('budget', `${(1 + rng.int(50)) * 1000}`);
      }
      const name = `${tags.get('team') ?? 'shared'}-${tags.get('env') ?? 'misc'}-k8s-${String(i + 1).padStart(2, '0')}`;
      const d: Draft = { service: 'cs', type: 'cluster', regionId: region, resourceId: id, name, tags };
      clusters.push(d);
      drafts.push(d);
    }
    const nodeClusters = clusters.filter((c) => c.tags.has('env') && c.tags.has('team'));

    // --- instances, their disks and snapshots ---
    const instanceCount = scaled(850, share);
    for (let i = 0; i < instanceCount; i++) {
      const tags: Tags = new Map();
      const ack = nodeClusters.length > 0 && rng.chance(0.3) ? rng.pick(nodeClusters) : undefined;
      if (ack) {
        tags.set('env', ack.tags.get('env')!);
        tags.set('team', ack.tags.get('team')!);
        tags.set('ack.aliyun.com', ack.resourceId);
      } else {
        if (rng.chance(0.92)) tags.set('env', rng.weighted(ENVS));
        if (rng.chance(0.8)) tags.set('team', rng.weighted(teamEntries).name);
      }
      const team = TEAMS.find((t) => t.name === tags.get('team'));
      if (team && rng.chance(0.85)) tags.set('app', rng.pick(team.apps));
      if (team && rng.chance(0.75)) tags.set('cost-center', rng.chance(0.9) ? team.costCenter : rng.pick(TEAMS).costCenter);
      const app = tags.get('app');
      if (app && rng.chance(0.4)) tags.set('owner', appOwner.get(app)!);
      if (rng.chance(0.6)) tags.set('created-by', rng.weighted([['terraform', 55], ['ros', 15], ['console', 30]] as const));
      if (rng.chance(0.2)) tags.set('backup-policy', rng.weighted([['daily', 3], ['weekly', 1]] as const));
      const base = `${app ?? tags.get('team') ?? 'host'}-${tags.get('env') ?? 'na'}`;
      const instanceName = ack ? `${base}-node-${String(i + 1).padStart(4, '0')}` : `${base}-${String(i + 1).padStart(4, '0')}`;
      drafts.push({
        service: 'ecs',
        type: 'instance',
        regionId: region,
        resourceId: uniqueId(ecsId('i', infix)),
        name: instanceName,
        tags,
      });

      const dataDisks = rng.weighted([[0, 45], [1, 35], [2, 20]] as const);
      for (let k = 0; k <= dataDisks; k++) {
        const diskTags: Tags = new Map();
        const inherit = k === 0 || rng.chance(0.8);
        for (const key of ['env', 'team', 'app', 'cost-center']) {
          const v = tags.get(key);
          if (v !== undefined && (inherit || key === 'env')) diskTags.set(key, v);
        }
        if (tags.has('backup-policy') && rng.chance(0.7)) diskTags.set('backup-policy', tags.get('backup-policy')!);
        const diskName = `${instanceName}-${k === 0 ? 'system' : `data-${k}`}`;
        drafts.push({
          service: 'ecs',
          type: 'disk',
          regionId: region,
          resourceId: uniqueId(ecsId('d', infix)),
          name: diskName,
          tags: diskTags,
        });
        if (rng.chance(0.22)) {
          const snaps = 1 + rng.int(3);
          for (let s = 0; s < snaps; s++) {
            const snapTags: Tags = new Map();
            for (const key of ['env', 'team']) {
              const v = diskTags.get(key);
              if (v !== undefined) snapTags.set(key, v);
            }
            if (rng.chance(0.7)) snapTags.set('retention', rng.weighted([['7d', 5], ['30d', 3], ['365d', 1]] as const));
            drafts.push({
              service: 'ecs',
              type: 'snapshot',
              regionId: region,
              resourceId: uniqueId(ecsId('s', infix)),
              name: `${diskName}-snap-${s + 1}`,
              tags: snapTags,
            });
          }
        }
      }
    }

    // --- custom images ---
    for (let i = 0; i < scaled(110, share); i++) {
      const tags: Tags = new Map();
      if (rng.chance(0.7)) tags.set('env', rng.weighted(ENVS));
      const team = rng.weighted(teamEntries);
      if (rng.chance(0.6)) tags.set('team', team.name);
      const os = rng.pick(['ubuntu-22.04', 'ubuntu-20.04', 'centos-7', 'alinux-3', 'debian-12', 'windows-2022']);
      tags.set('os', os);
      if (rng.chance(0.5)) tags.set('created-by', 'packer');
      drafts.push({
        service: 'ecs',
        type: 'image',
        regionId: region,
        resourceId: uniqueId(ecsId('m', infix)),
        name: `${team.name}-${os}-golden-v${1 + rng.int(30)}`,
        tags,
      });
    }

    // --- security groups ---
    for (let i = 0; i < scaled(120, share); i++) {
      const tags: Tags = new Map();
      if (rng.chance(0.85)) tags.set('env', rng.weighted(ENVS));
      const team = rng.weighted(teamEntries);
      if (rng.chance(0.75)) tags.set('team', team.name);
      const tier = rng.pick(['web', 'app', 'db', 'mgmt']);
      tags.set('tier', tier);
      drafts.push({
        service: 'ecs',
        type: 'securitygroup',
        regionId: region,
        resourceId: uniqueId(() => `sg-${infix}${rng.chars(18, LOWER_ALNUM)}`),
        name: `${team.name}-${tier}-sg-${i + 1}`,
        tags,
      });
    }
  }

  placeRareTags(drafts, rng);

  return {
    regions: POPULATED.map((p) => p.region),
    resources: drafts.map((d) => ({
      service: d.service,
      type: d.type,
      regionId: d.regionId,
      resourceId: d.resourceId,
      name: d.name,
      tags: [...d.tags].map(([key, value]) => ({ key, value })),
    })),
  };
}

function placeRareTags(drafts: Draft[], rng: Rng): void {
  const taken = new Set<Draft>();
  const place = (region: string, type: Draft['type'], count: number, key: string, value: string) => {
    const pool = drafts.filter(
      // the cluster that carries only `ack.aliyun.com` keeps it that way
      (d) => d.regionId === region && d.type === type && !taken.has(d) && !(type === 'cluster' && d.tags.size === 1),
    );
    for (let i = 0; i < count && pool.length > 0; i++) {
      const [d] = pool.splice(rng.int(pool.length), 1);
      taken.add(d!);
      d!.tags.set(key, value);
    }
  };
  place('cn-hangzhou', 'instance', 2, 'compliance', 'pci-dss');
  place('cn-hangzhou', 'cluster', 1, 'compliance', 'pci-dss');
  place('cn-beijing', 'instance', 1, 'legacy', 'true');
  place('cn-beijing', 'disk', 1, 'legacy', 'true');
  place('cn-beijing', 'image', 1, 'legacy', 'true');
  place('cn-beijing', 'cluster', 1, 'legacy', 'true');
  place('cn-shanghai', 'instance', 1, 'incident', 'INC-2024-0042');
  place('cn-shenzhen', 'instance', 1, 'DoNotDelete', '');
  place('cn-shenzhen', 'securitygroup', 1, 'DoNotDelete', '');
  place('cn-hangzhou', 'instance', 1, '项目', '双十一');
  place('ap-southeast-1', 'instance', 1, 'description', 'nightly batch / reports (v2) & exports');
  place('cn-hangzhou', 'instance', 2, 'env', 'perf');
  place('cn-hangzhou', 'image', 1, 'Env', 'Prod');
}

// ---------------------------------------------------------------------------------------------------------
// Inventory files

const tagSchema = z.object({ key: z.string().min(1).max(128), value: z.string().max(128) });
const resourceSchema = z
  .object({
    service: z.enum(['ecs', 'cs']),
    type: z.enum(['instance', 'disk', 'image', 'securitygroup', 'snapshot', 'cluster']),
    regionId: z.string().min(1),
    resourceId: z.string().min(1),
    name: z.string().optional(),
    tags: z.array(tagSchema),
  })
  .superRefine((r, ctx) => {
    if ((r.service === 'cs') !== (r.type === 'cluster')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `service ${r.service} cannot have type ${r.type}` });
    }
    const keys = new Set<string>();
    for (const t of r.tags) {
      if (keys.has(t.key)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `duplicate tag key ${t.key}` });
      keys.add(t.key);
    }
  });
export const inventorySchema = z
  .object({ regions: z.array(z.string().min(1)), resources: z.array(resourceSchema) })
  .superRefine((inv, ctx) => {
    const ids = new Set<string>();
    inv.resources.forEach((r, i) => {
      if (ids.has(r.resourceId)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['resources', i], message: `duplicate resourceId ${r.resourceId}` });
      }
      ids.add(r.resourceId);
    });
  });

/** Validates an inventory object; throws an Error listing the problems. */
export function parseInventory(value: unknown, source = 'inventory'): InventoryFile {
  const parsed = inventorySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`Invalid ${source}:\n${lines.join('\n')}`);
}

export function loadInventoryFile(path: string): InventoryFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read inventory file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`Inventory file ${path} is not JSON: ${(e as Error).message}`);
  }
  return parseInventory(json, `inventory file ${path}`);
}
