/**
 * The seeded demo inventory: one per tenant (AccessKeyId), deterministic from (seed, size). The families are
 * generated region by region (see regions.ts, clusters.ts, ecs.ts), then a few rare tags are placed
 * (rare-tags.ts), and last the resources a tag-hygiene report finds (hygiene.ts). ECS resources carry their
 * listing fields (status, creation time: ecs-details.ts).
 *
 * Common keys, with thousands of resources each: `env` (prod 45 % / staging 20 % / dev 28 % / test 7 %, on
 * ~92 %), `team` (12 teams, ~80 %), `app` (~40 apps), `cost-center` (CC-1001…CC-1012), `owner`
 * (e-mail of the app's owner), `created-by` (terraform / ros / console / packer), `backup-policy`,
 * `retention`, `os`, `tier`.
 *
 * Other tenants get a different seed (derived from their AccessKeyId unless given), hence different IDs
 * and counts: tests can tell tenants apart.
 */
import { fnv1a } from './prng.js';
import type { InventoryFile } from '../types.js';
import { generateClusters } from './clusters.js';
import { Generation } from './draft.js';
import { generateImages, generateInstances, generateSecurityGroups } from './ecs.js';
import { generateEcsDetails } from './ecs-details.js';
import { addHygieneResources } from './hygiene.js';
import { placeRareTags } from './rare-tags.js';
import { POPULATED } from './regions.js';

/** The inventory seed of a tenant: its own `seed` when given, else mixed from the base seed and its id. */
export function tenantSeed(baseSeed: number, accessKeyId: string, own?: number): number {
  if (own !== undefined) return own >>> 0;
  return Math.imul((baseSeed ^ fnv1a(accessKeyId)) >>> 0, 0x9e3779b1) >>> 0;
}

export function generateInventory(seed: number, size = 1): InventoryFile {
  const gen = new Generation(seed, size);
  for (const where of POPULATED) {
    const clusters = generateClusters(gen, where.region);
    const nodeClusters = clusters.filter((c) => c.tags.has('env') && c.tags.has('team'));
    generateInstances(gen, where, nodeClusters);
    generateImages(gen, where);
    generateSecurityGroups(gen, where);
  }
  placeRareTags(gen.drafts, gen.rng);
  addHygieneResources(gen, seed, POPULATED);
  return {
    regions: POPULATED.map((p) => p.region),
    resources: gen.drafts.map((d) => ({
      service: d.service,
      type: d.type,
      regionId: d.regionId,
      resourceId: d.resourceId,
      name: d.name,
      tags: [...d.tags].map(([key, value]) => ({ key, value })),
      ...(d.cluster ? { cluster: d.cluster } : {}),
      ...(d.type === 'cluster' ? {} : { ecs: generateEcsDetails(d.type, d.resourceId) }),
    })),
  };
}
