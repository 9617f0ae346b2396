/**
 * ECS resources of one populated region, at size 1 (everything scales linearly with `size`) about 3,100 in
 * all five regions:
 *   - ~850 instances (`i-` + 20 lower-case alnum). About 30 % are ACK worker nodes: they carry
 *     `ack.aliyun.com` = the ID of a cluster in the same region and that cluster's env/team.
 *   - ~1,500 disks (`d-…`): one system disk per instance plus 0–2 data disks; they inherit the instance's
 *     env/team/app/cost-center (data disks 80 % of the time).
 *   - ~500 snapshots (`s-…`) of ~22 % of the disks (1–3 each), with the disk's env/team and `retention`.
 *   - ~110 custom images (`m-…`) with `os`, and ~120 security groups (`sg-…`) with `tier`.
 * The order of the draws below is part of the inventory: changing it changes every later ID.
 */
import type { EcsResourceType } from '../types.js';
import type { Draft, Generation, Tags } from './draft.js';
import type { PopulatedRegion } from './regions.js';
import { ENVS, TEAM_ENTRIES, TEAMS } from './vocabulary.js';

/** The five ECS resource types the simulator knows (DescribeTags' documented ResourceType values). */
export const ECS_TYPES: readonly EcsResourceType[] = ['instance', 'disk', 'image', 'securitygroup', 'snapshot'];

/** Instances, each followed by its disks and their snapshots. `nodeClusters`: clusters that take worker nodes. */
export function generateInstances(gen: Generation, where: PopulatedRegion, nodeClusters: readonly Draft[]): void {
  const { rng } = gen;
  const instanceCount = gen.scaled(850, where.share);
  for (let i = 0; i < instanceCount; i++) {
    const tags = instanceTags(gen, nodeClusters);
    const base = `${tags.get('app') ?? tags.get('team') ?? 'host'}-${tags.get('env') ?? 'na'}`;
    const number = String(i + 1).padStart(4, '0');
    const name = tags.has('ack.aliyun.com') ? `${base}-node-${number}` : `${base}-${number}`;
    gen.add({
      service: 'ecs',
      type: 'instance',
      regionId: where.region,
      resourceId: gen.ecsId('i', where.infix),
      name,
      tags,
    });
    const dataDisks = rng.weighted([
      [0, 45],
      [1, 35],
      [2, 20],
    ] as const);
    for (let k = 0; k <= dataDisks; k++) generateDisk(gen, where, name, tags, k);
  }
}

function instanceTags(gen: Generation, nodeClusters: readonly Draft[]): Tags {
  const { rng } = gen;
  const tags: Tags = new Map();
  const ack = nodeClusters.length > 0 && rng.chance(0.3) ? rng.pick(nodeClusters) : undefined;
  if (ack) {
    tags.set('env', ack.tags.get('env')!);
    tags.set('team', ack.tags.get('team')!);
    tags.set('ack.aliyun.com', ack.resourceId);
  } else {
    if (rng.chance(0.92)) tags.set('env', rng.weighted(ENVS));
    if (rng.chance(0.8)) tags.set('team', rng.weighted(TEAM_ENTRIES).name);
  }
  const team = TEAMS.find((t) => t.name === tags.get('team'));
  if (team && rng.chance(0.85)) tags.set('app', rng.pick(team.apps));
  if (team && rng.chance(0.75)) tags.set('cost-center', rng.chance(0.9) ? team.costCenter : rng.pick(TEAMS).costCenter);
  const app = tags.get('app');
  if (app && rng.chance(0.4)) tags.set('owner', gen.appOwner.get(app)!);
  if (rng.chance(0.6))
    tags.set(
      'created-by',
      rng.weighted([
        ['terraform', 55],
        ['ros', 15],
        ['console', 30],
      ] as const),
    );
  if (rng.chance(0.2))
    tags.set(
      'backup-policy',
      rng.weighted([
        ['daily', 3],
        ['weekly', 1],
      ] as const),
    );
  return tags;
}

/** Disk `k` of an instance (0 = the system disk), then its snapshots. */
function generateDisk(
  gen: Generation,
  where: PopulatedRegion,
  instanceName: string,
  instanceTags: Tags,
  k: number,
): void {
  const { rng } = gen;
  const tags: Tags = new Map();
  const inherit = k === 0 || rng.chance(0.8);
  for (const key of ['env', 'team', 'app', 'cost-center']) {
    const v = instanceTags.get(key);
    if (v !== undefined && (inherit || key === 'env')) tags.set(key, v);
  }
  if (instanceTags.has('backup-policy') && rng.chance(0.7))
    tags.set('backup-policy', instanceTags.get('backup-policy')!);
  const name = `${instanceName}-${k === 0 ? 'system' : `data-${k}`}`;
  gen.add({
    service: 'ecs',
    type: 'disk',
    regionId: where.region,
    resourceId: gen.ecsId('d', where.infix),
    name,
    tags,
  });
  if (!rng.chance(0.22)) return;
  const snaps = 1 + rng.int(3);
  for (let s = 0; s < snaps; s++) {
    const snapTags: Tags = new Map();
    for (const key of ['env', 'team']) {
      const v = tags.get(key);
      if (v !== undefined) snapTags.set(key, v);
    }
    if (rng.chance(0.7))
      snapTags.set(
        'retention',
        rng.weighted([
          ['7d', 5],
          ['30d', 3],
          ['365d', 1],
        ] as const),
      );
    gen.add({
      service: 'ecs',
      type: 'snapshot',
      regionId: where.region,
      resourceId: gen.ecsId('s', where.infix),
      name: `${name}-snap-${s + 1}`,
      tags: snapTags,
    });
  }
}

export function generateImages(gen: Generation, where: PopulatedRegion): void {
  const { rng } = gen;
  for (let i = 0; i < gen.scaled(110, where.share); i++) {
    const tags: Tags = new Map();
    if (rng.chance(0.7)) tags.set('env', rng.weighted(ENVS));
    const team = rng.weighted(TEAM_ENTRIES);
    if (rng.chance(0.6)) tags.set('team', team.name);
    const os = rng.pick(['ubuntu-22.04', 'ubuntu-20.04', 'centos-7', 'alinux-3', 'debian-12', 'windows-2022']);
    tags.set('os', os);
    if (rng.chance(0.5)) tags.set('created-by', 'packer');
    const resourceId = gen.ecsId('m', where.infix);
    const name = `${team.name}-${os}-golden-v${1 + rng.int(30)}`;
    gen.add({ service: 'ecs', type: 'image', regionId: where.region, resourceId, name, tags });
  }
}

export function generateSecurityGroups(gen: Generation, where: PopulatedRegion): void {
  const { rng } = gen;
  for (let i = 0; i < gen.scaled(120, where.share); i++) {
    const tags: Tags = new Map();
    if (rng.chance(0.85)) tags.set('env', rng.weighted(ENVS));
    const team = rng.weighted(TEAM_ENTRIES);
    if (rng.chance(0.75)) tags.set('team', team.name);
    const tier = rng.pick(['web', 'app', 'db', 'mgmt']);
    tags.set('tier', tier);
    const resourceId = gen.ecsId('sg', where.infix);
    gen.add({
      service: 'ecs',
      type: 'securitygroup',
      regionId: where.region,
      resourceId,
      name: `${team.name}-${tier}-sg-${i + 1}`,
      tags,
    });
  }
}
