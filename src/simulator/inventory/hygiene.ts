/**
 * Resources added for tag-hygiene reports, appended after every other resource (so the older inventory's
 * resources, IDs and tags stay exactly as they were) and drawn from a PRNG of their own. Exact counts at any
 * size, in every populated region (names say what each one is for):
 *   - untagged: one instance, disk, image, security group and snapshot without any tag
 *     (`hygiene-untagged-<type>`), and one instance carrying only the system tag
 *     `acs:autoscaling:scalingGroupId` (`hygiene-system-only-instance`; system tags are the cloud's, a user
 *     cannot set them, and they do not make a resource tagged)
 *   - key variants of `env`: an instance with `Env=prod` and a disk with `env =prod` (a trailing space)
 *   - value variants of `env`: an image with `env=Prod` and a snapshot with `env= prod` (a leading space)
 *   - near quota: instances with 18 and 19 tags and a disk with 20 (the cloud's maximum), keys `label-01`…
 */
import { LOWER_ALNUM } from './vocabulary.js';
import { fnv1a, Rng } from './prng.js';
import type { Generation, Tags } from './draft.js';
import type { PopulatedRegion } from './regions.js';
import type { EcsResourceType } from '../types.js';

const PREFIX: Record<EcsResourceType, string> = {
  instance: 'i',
  disk: 'd',
  image: 'm',
  securitygroup: 'sg',
  snapshot: 's',
};

const labels = (n: number): Tags =>
  new Map(Array.from({ length: n }, (_, i) => [`label-${String(i + 1).padStart(2, '0')}`, `value-${i + 1}`]));

/** Every hygiene resource of one region: type, name and tags. */
function hygieneDrafts(rng: Rng): Array<[EcsResourceType, string, Tags]> {
  const untagged = (['instance', 'disk', 'image', 'securitygroup', 'snapshot'] as const).map(
    (type): [EcsResourceType, string, Tags] => [type, `hygiene-untagged-${type}`, new Map()],
  );
  const asg = `asg-${rng.chars(20, LOWER_ALNUM)}`;
  return [
    ...untagged,
    ['instance', 'hygiene-system-only-instance', new Map([['acs:autoscaling:scalingGroupId', asg]])],
    ['instance', 'hygiene-key-variant-instance', new Map([['Env', 'prod']])],
    ['disk', 'hygiene-key-variant-disk', new Map([['env ', 'prod']])],
    ['image', 'hygiene-value-variant-image', new Map([['env', 'Prod']])],
    ['snapshot', 'hygiene-value-variant-snapshot', new Map([['env', ' prod']])],
    ['instance', 'hygiene-near-quota-18', labels(18)],
    ['instance', 'hygiene-near-quota-19', labels(19)],
    ['disk', 'hygiene-near-quota-20', labels(20)],
  ];
}

/** Appends the hygiene resources of every region (after the rare tags, from their own PRNG). */
export function addHygieneResources(gen: Generation, seed: number, regions: readonly PopulatedRegion[]): void {
  const rng = new Rng(fnv1a(`hygiene:${seed}`));
  for (const where of regions) {
    for (const [type, name, tags] of hygieneDrafts(rng)) {
      const resourceId = gen.uniqueId(() => `${PREFIX[type]}-${where.infix}${rng.chars(18, LOWER_ALNUM)}`);
      gen.add({ service: 'ecs', type, regionId: where.region, resourceId, name, tags });
    }
  }
}
