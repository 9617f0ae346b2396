/**
 * ACK clusters: 20–40 per populated region (scaled by size), ID `c` + 32 hex digits, each tagged
 * `ack.aliyun.com` = its own ID (as ACK tags its clusters) plus mostly env/team, sometimes
 * cost-center/owner. In every region the first cluster carries only `ack.aliyun.com`, and the second one
 * carries 14 tags (more than a page's worth with small pages). Their DescribeClustersV1 fields come from
 * cluster-details.ts.
 */
import { generateClusterDetails } from './cluster-details.js';
import type { Draft, Generation, Tags } from './draft.js';
import { ENVS, HEX, PEOPLE, TEAM_ENTRIES } from './vocabulary.js';

export function generateClusters(gen: Generation, region: string): Draft[] {
  const { rng } = gen;
  const clusters: Draft[] = [];
  const clusterCount = Math.max(1, Math.round((20 + rng.int(21)) * gen.size));
  for (let i = 0; i < clusterCount; i++) {
    const id = gen.uniqueId(() => `c${rng.chars(32, HEX)}`);
    const tags: Tags = new Map([['ack.aliyun.com', id]]);
    const team = rng.weighted(TEAM_ENTRIES);
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
    const cluster = generateClusterDetails(id);
    clusters.push(gen.add({ service: 'cs', type: 'cluster', regionId: region, resourceId: id, name, tags, cluster }));
  }
  return clusters;
}
