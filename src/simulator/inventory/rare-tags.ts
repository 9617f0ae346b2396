/**
 * Rare tags, exact counts at any size (which resources carry them depends on the seed; look them up in the
 * inventory):
 *   - `compliance=pci-dss`: 2 instances in cn-hangzhou and 1 cluster in cn-hangzhou
 *   - `legacy=true`: 1 instance, 1 disk, 1 image in cn-beijing and 1 cluster in cn-beijing
 *   - `incident=INC-2024-0042`: 1 instance in cn-shanghai
 *   - `DoNotDelete` with the empty value: 1 instance and 1 security group in cn-shenzhen
 *   - `项目=双十一` (non-ASCII key and value): 1 instance in cn-hangzhou
 *   - `description=nightly batch / reports (v2) & exports` (needs encoding): 1 instance in ap-southeast-1
 *   - `env=perf` (a rare value of a common key): 2 instances in cn-hangzhou
 *   - `Env=Prod` (keys are case-sensitive): 1 image in cn-hangzhou
 * No resource gets two of them.
 */
import type { Rng } from './prng.js';
import type { Draft } from './draft.js';

export function placeRareTags(drafts: readonly Draft[], rng: Rng): void {
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
