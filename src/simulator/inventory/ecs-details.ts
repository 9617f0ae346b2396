/**
 * What the ECS listing operations (DescribeInstances, DescribeDisks, DescribeImages, DescribeSecurityGroups,
 * DescribeSnapshots) answer of a resource besides its ID, name and tags: a status (none for security groups)
 * and a creation time. Drawn from a PRNG of their own, seeded from the resource's ID, never from the inventory's
 * PRNG: adding them left every ID, name and tag of the generated inventories exactly as they were.
 */
import { fnv1a, Rng } from './prng.js';
import type { EcsDetails, EcsResourceType, InventoryResource } from '../types.js';

/** The documented `Status` values of each listing, with their weights among generated resources. */
const STATUS_WEIGHTS: Record<EcsResourceType, ReadonlyArray<readonly [string, number]>> = {
  instance: [
    ['Running', 85],
    ['Stopped', 10],
    ['Starting', 2],
    ['Stopping', 2],
    ['Pending', 1],
  ],
  disk: [
    ['In_use', 85],
    ['Available', 11],
    ['Attaching', 1],
    ['Detaching', 1],
    ['Creating', 1],
    ['ReIniting', 1],
  ],
  image: [
    ['Available', 90],
    ['Creating', 4],
    ['UnAvailable', 3],
    ['CreateFailed', 3],
  ],
  securitygroup: [],
  snapshot: [
    ['accomplished', 90],
    ['progressing', 7],
    ['failed', 3],
  ],
};

/** The documented statuses of a type (empty: the listing answers none). */
export const ECS_STATUSES: Record<EcsResourceType, readonly string[]> = {
  instance: STATUS_WEIGHTS.instance.map(([s]) => s),
  disk: STATUS_WEIGHTS.disk.map(([s]) => s),
  image: STATUS_WEIGHTS.image.map(([s]) => s),
  securitygroup: [],
  snapshot: STATUS_WEIGHTS.snapshot.map(([s]) => s),
};

const FIRST_CREATED = Date.UTC(2019, 0, 1) / 1000;
const LAST_CREATED = Date.UTC(2025, 5, 30) / 1000;

/**
 * A creation time as the listing writes it, in UTC: instances to the minute (`2017-12-10T04:04Z`, as
 * DescribeInstances documents it), the others to the second (`2018-01-01T01:01:22Z`).
 */
export function formatCreationTime(type: EcsResourceType, epochSeconds: number): string {
  const iso = new Date(epochSeconds * 1000).toISOString();
  return type === 'instance' ? `${iso.slice(0, 16)}Z` : `${iso.slice(0, 19)}Z`;
}

export function generateEcsDetails(type: EcsResourceType, resourceId: string): EcsDetails {
  const rng = new Rng(fnv1a(`ecs-details:${resourceId}`));
  const weights = STATUS_WEIGHTS[type];
  const status = weights.length > 0 ? rng.weighted(weights) : undefined;
  const created = formatCreationTime(type, FIRST_CREATED + rng.int(LAST_CREATED - FIRST_CREATED));
  return { ...(status === undefined ? {} : { status }), created };
}

/** What a resource of a given inventory (file or option) without these fields answers. */
const DEFAULT_CREATED = '2024-01-01T00:00:00Z';

/** A resource's listing fields: its own, else its type's first status and a fixed creation time. */
export function ecsDetailsOf(resource: InventoryResource): EcsDetails {
  const type = resource.type as EcsResourceType;
  const status = resource.ecs?.status ?? ECS_STATUSES[type][0];
  return { ...(status === undefined ? {} : { status }), created: resource.ecs?.created ?? DEFAULT_CREATED };
}
