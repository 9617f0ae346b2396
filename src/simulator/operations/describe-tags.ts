/**
 * ECS DescribeTags (RPC, 2014-05-26).
 *
 * Parameters: RegionId (required, known), ResourceType (required, case-sensitive: disk|instance|image|
 * securitygroup|snapshot), ResourceId (optional), Tag.n.Key / Tag.n.Value (n = 1..5), PageNumber (>= 1,
 * default 1), PageSize (1..100, default 50). Empty values count as absent (so `Tag.1.Value=` is a key-only
 * filter, as in ListTagResources).
 *
 * Semantics:
 *   - filters: every Tag.n is ANDed; a key-only filter matches any value of that key.
 *   - candidates: the tenant's resources in RegionId of ResourceType (and equal to ResourceId when given)
 *     that carry EVERY filter.
 *   - result: the distinct (TagKey, TagValue) pairs the candidates carry; when filters are given, only the
 *     pairs whose key is one of the filter keys (their values then necessarily equal the filter value when
 *     one was given).
 *   - ResourceTypeCount of a pair: per ECS type (all five always present, zeros included), the number of
 *     resources in the region (any type, ResourceId not applied) that carry the pair and every filter.
 *   - order: TagKey, then TagValue, in byte order; paged by PageNumber/PageSize, TotalCount = all pairs;
 *     a page past the end is an empty list, not an error.
 */
import { errors } from '../errors.js';
import {
  carriesAll,
  compareFilters,
  compareTags,
  type InventoryIndex,
  type TagFilter,
} from '../inventory/inventory-index.js';
import { byIndex, codePoints, ecsRegionAndType, integerParam, malformedTagText, present } from '../protocol/params.js';
import type { EcsResourceType, InventoryTag } from '../types.js';

export const DESCRIBE_TAGS_MAX_FILTERS = 5;
export const DESCRIBE_TAGS_MAX_PAGE_SIZE = 100;
export const DESCRIBE_TAGS_DEFAULT_PAGE_SIZE = 50;

export interface DescribeTagsQuery {
  regionId: string;
  resourceType: EcsResourceType;
  resourceId?: string;
  filters: TagFilter[];
  pageNumber: number;
  pageSize: number;
}

export type ResourceTypeCount = Record<'Instance' | 'Disk' | 'Image' | 'Securitygroup' | 'Snapshot', number>;

export interface DescribeTagsItem {
  TagKey: string;
  TagValue: string;
  ResourceTypeCount: ResourceTypeCount;
}

const COUNT_FIELD: Record<EcsResourceType, keyof ResourceTypeCount> = {
  instance: 'Instance',
  disk: 'Disk',
  image: 'Image',
  securitygroup: 'Securitygroup',
  snapshot: 'Snapshot',
};

/** Validates the operation's parameters (errors per errors.ts). */
export function parseDescribeTags(
  params: Record<string, string>,
  isKnownRegion: (regionId: string) => boolean,
): DescribeTagsQuery {
  const { regionId, resourceType } = ecsRegionAndType(params, isKnownRegion);

  const tags = byIndex(params, /^Tag\.([^.]*)\.(Key|Value)$/, (n, name) => {
    if (!(n >= 1 && n <= DESCRIBE_TAGS_MAX_FILTERS)) {
      throw errors.invalidParameter(name, `Tag.n: n must be an integer from 1 to ${DESCRIBE_TAGS_MAX_FILTERS}.`);
    }
  });
  const filters: TagFilter[] = [];
  for (const n of [...tags.keys()].sort((a, b) => a - b)) {
    const { Key: key, Value: value } = tags.get(n)!;
    if (key === undefined) throw errors.missingParameter(`Tag.${n}.Key`);
    if (key === '' || codePoints(key) > 128 || malformedTagText(key)) throw errors.tagKeyMalformed(`Tag.${n}.Key`);
    if (value !== undefined && (codePoints(value) > 128 || malformedTagText(value))) {
      throw errors.tagValueMalformed(`Tag.${n}.Value`);
    }
    filters.push(value === undefined || value === '' ? { key } : { key, value });
  }

  const pageNumber = integerParam(params, 'PageNumber', 1, 2_147_483_647, 1);
  const pageSize = integerParam(params, 'PageSize', 1, DESCRIBE_TAGS_MAX_PAGE_SIZE, DESCRIBE_TAGS_DEFAULT_PAGE_SIZE);
  const resourceId = present(params, 'ResourceId');
  return {
    regionId,
    resourceType,
    ...(resourceId === undefined ? {} : { resourceId }),
    filters,
    pageNumber,
    pageSize,
  };
}

/** Every matching pair in order (memoized per query shape: inventories never change). */
export function allDescribeTagsItems(index: InventoryIndex, q: DescribeTagsQuery): readonly DescribeTagsItem[] {
  const filters = [...q.filters].sort(compareFilters);
  const memoKey = JSON.stringify(['DescribeTags', q.regionId, q.resourceType, q.resourceId ?? null, filters]);
  return index.memo.get(memoKey, () => {
    const inRegion = (index.ecsByRegion.get(q.regionId) ?? []).filter((r) => carriesAll(r, filters));
    const filterKeys = filters.length > 0 ? new Set(filters.map((f) => f.key)) : null;
    const pairs = new Map<string, { tag: InventoryTag; counts: ResourceTypeCount }>();
    const pairKey = (t: InventoryTag) => `${t.key}\u0000${t.value}`;
    for (const r of inRegion) {
      if (r.resource.type !== q.resourceType) continue;
      if (q.resourceId !== undefined && r.resource.resourceId !== q.resourceId) continue;
      for (const tag of r.resource.tags) {
        if (filterKeys && !filterKeys.has(tag.key)) continue;
        const k = pairKey(tag);
        if (!pairs.has(k)) {
          pairs.set(k, { tag, counts: { Instance: 0, Disk: 0, Image: 0, Securitygroup: 0, Snapshot: 0 } });
        }
      }
    }
    for (const r of inRegion) {
      const field = COUNT_FIELD[r.resource.type as EcsResourceType];
      for (const tag of r.resource.tags) {
        const p = pairs.get(pairKey(tag));
        if (p) p.counts[field]++;
      }
    }
    return [...pairs.values()]
      .sort((a, b) => compareTags(a.tag, b.tag))
      .map(({ tag, counts }) => ({ TagKey: tag.key, TagValue: tag.value, ResourceTypeCount: counts }));
  });
}

export interface DescribeTagsResponse {
  PageNumber: number;
  PageSize: number;
  RequestId: string;
  TotalCount: number;
  Tags: { Tag: DescribeTagsItem[] };
}

export function describeTags(index: InventoryIndex, q: DescribeTagsQuery, requestId: string): DescribeTagsResponse {
  const all = allDescribeTagsItems(index, q);
  const start = (q.pageNumber - 1) * q.pageSize;
  return {
    PageNumber: q.pageNumber,
    PageSize: q.pageSize,
    RequestId: requestId,
    TotalCount: all.length,
    Tags: { Tag: all.slice(start, start + q.pageSize) },
  };
}
