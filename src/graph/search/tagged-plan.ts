/**
 * The plan of a `taggedResources` list, made before any call: its segments, in list order. A segment is one
 * upstream listing: ECS ListTagResources of one kind and region by tag, or CS DescribeClustersV1 of one region.
 *
 * ECS: the cloud lists by tag (exact values, ANDed) or by ID only, so one `tags` entry drives: one listing per
 * value (key only when it has none), with every other entry sent along as a filter (its value when it has exactly
 * one, else its key alone, which only narrows). A resource has one value per key, so the listings of one key are
 * disjoint and the segments of a kind and region are their concatenation in value order. What the filters sent
 * cannot decide (an entry with several values, an empty value, `without`) is checked on the full tag sets.
 * ACK: DescribeClustersV1 returns every cluster of the region with its tags; all matching is local.
 *
 * Order: kinds in ResourceKind order, then regions as given, then the driver's values in byte order, then the
 * upstream's own order within a listing. It does not depend on any upstream page size.
 */
import { compareUtf8 } from '../../upstream/strings.js';
import type { EcsResourceType, TagFilter } from '../../upstream/types.js';
import { validateRegionId } from '../../upstream/operations/validate.js';
import { userInputError } from '../errors.js';
import type { TagMatch } from './tag-match.js';
import { ECS_TYPE_OF, KINDS, isEcsKind, type EcsKind, type Kind } from '../types/kinds.js';

export const MAX_TAGGED_REGIONS = 10;

export interface Segment {
  kind: Kind;
  regionId: string;
  /** ECS only: the `Tag.N` filters of the listing. */
  filters: TagFilter[];
  /** True when the listing is the answer as it is; false when each resource must be checked on its full tags. */
  exact: boolean;
}

export interface TaggedQuery {
  regionIds: string[];
  kinds: Kind[];
  tags: TagMatch[];
  without: TagMatch[];
}

/** Checks the regions (1 to 10, valid, deduplicated in order) and kinds (all six when left out). */
export function readScope(args: { regionIds: readonly string[]; kinds?: readonly Kind[] | null }): {
  regionIds: string[];
  kinds: Kind[];
} {
  const regionIds = [...new Set(args.regionIds)];
  if (regionIds.length === 0) throw userInputError('Give at least one region.', 'regionIds');
  if (regionIds.length > MAX_TAGGED_REGIONS)
    throw userInputError(`At most ${MAX_TAGGED_REGIONS} regions may be given.`, 'regionIds');
  regionIds.forEach((r, i) => {
    try {
      validateRegionId('EcsListTagResources', r);
    } catch (err) {
      throw userInputError((err as Error).message, `regionIds[${i}]`);
    }
  });
  if (args.kinds && args.kinds.length === 0)
    throw userInputError('Give at least one kind, or leave kinds out for all six.', 'kinds');
  return { regionIds, kinds: KINDS.filter((k) => !args.kinds || args.kinds.includes(k)) };
}

/** Checks regions and kinds and the ECS rule; `tags`/`without` come already read (tag-match.ts). */
export function readTaggedQuery(
  args: { regionIds: readonly string[]; kinds?: readonly Kind[] | null },
  tags: TagMatch[],
  without: TagMatch[],
): TaggedQuery {
  const { regionIds, kinds } = readScope(args);
  if (tags.length === 0 && kinds.some(isEcsKind)) {
    throw userInputError(
      'ECS resources can only be listed by tag: give at least one `tags` entry (the cloud lists ECS resources by tag or by ID ' +
        'only). ACK clusters can be listed whole: with kinds: [ACK_CLUSTER], `without` alone works. To list every ' +
        'resource, tagged or not, use `resourceInventory`.',
      'tags',
    );
  }
  return { regionIds, kinds, tags, without };
}

/** The entry that drives ECS listings: the one with the most values (the first by key among equals). */
export function driverOf(tags: readonly TagMatch[]): TagMatch {
  return tags.reduce((best, m) => ((m.values?.length ?? 0) > (best.values?.length ?? 0) ? m : best));
}

/** One ECS filter per entry: exact for a single non-empty value, else the key alone (an empty value reads as "any"). */
function filterOf(m: TagMatch, value: string | undefined): { filter: TagFilter; exact: boolean } {
  if (value === undefined || value === '') return { filter: { key: m.key }, exact: m.values === undefined };
  return { filter: { key: m.key, value }, exact: true };
}

function ecsSegments(q: TaggedQuery, kind: Kind, regionId: string): Segment[] {
  const driver = driverOf(q.tags);
  const others = q.tags
    .filter((m) => m !== driver)
    .map((m) => filterOf(m, m.values?.length === 1 ? m.values[0] : undefined));
  const othersExact = q.without.length === 0 && others.every((f) => f.exact);
  // One listing per value of the driver (one key-only listing when it has none).
  return (driver.values ?? [undefined]).map((value) => {
    const own = filterOf(driver, value);
    return { kind, regionId, filters: [own.filter, ...others.map((f) => f.filter)], exact: othersExact && own.exact };
  });
}

export function segmentsOf(q: TaggedQuery): Segment[] {
  return q.kinds.flatMap((kind) =>
    q.regionIds.flatMap((regionId) =>
      isEcsKind(kind)
        ? ecsSegments(q, kind, regionId)
        : [{ kind, regionId, filters: [], exact: q.tags.length === 0 && q.without.length === 0 }],
    ),
  );
}

const KIND_OF_TYPE = Object.fromEntries(Object.entries(ECS_TYPE_OF).map(([kind, type]) => [type, kind])) as Record<
  EcsResourceType,
  EcsKind
>;

/** What a catalog filter asks, as a match (an empty value reads as any value, as DescribeTags reads it). */
const matchOf = (f: TagFilter): TagMatch => (f.value ? { key: f.key, values: [f.value] } : { key: f.key });

/**
 * The resources behind a catalog count (a catalog entry's or a value facet's `resources`): ECS resources of one kind
 * in `regionIds` carrying `key=value` and every filter.
 */
export function countedQuery(
  regionIds: string[],
  type: EcsResourceType,
  key: string,
  value: string,
  filters: TagFilter[] = [],
): TaggedQuery {
  const tags = [{ key, values: [value] }, ...filters.filter((f) => f.key !== key).map(matchOf)].sort((a, b) =>
    compareUtf8(a.key, b.key),
  );
  return { regionIds, kinds: [KIND_OF_TYPE[type]], tags, without: [] };
}
