/**
 * ECS ListTagResources (RPC, 2014-05-26): https://www.alibabacloud.com/help/en/ecs/api-listtagresources
 *
 * Parameters: RegionId (required, known), ResourceType (required, lower-case: instance|disk|snapshot|image|
 * securitygroup), ResourceId.N (N = 1..50), Tag.N.Key / Tag.N.Value (N = 1..20), NextToken. At least one
 * ResourceId.N or Tag.N is required: ECS resources cannot be listed whole this way. An empty value counts as
 * absent (so `Tag.1.Value=` is a key-only filter, as in DescribeTags). TagFilter.N (an invitation-only
 * preview) is not supported and, like any unknown parameter, ignored.
 *
 * Semantics:
 *   - resources: the tenant's resources of ResourceType in RegionId; with ResourceId.N only those (unknown
 *     IDs are ignored, duplicates count once); with Tag.N only those carrying every filter (exact match,
 *     ANDed; a key without value matches any value of the key). Both given: resources meeting both.
 *   - rows: one per (resource, tag) pair, `{ResourceId, ResourceType, TagKey, TagValue}`. Listed by ID only:
 *     every tag of the resource. Listed by tag: only the tags whose key is a filter key — not the resource's
 *     full tag set (whether the cloud does the same is unconfirmed; a client must not rely on either).
 *   - order: ResourceId, then TagKey, then TagValue, in byte order (chosen; the cloud's is undocumented).
 *   - paging: `pageSize` rows a page (50 unless configured; the cloud documents no page size and takes none);
 *     NextToken is non-empty while rows remain and the empty string on the last page. Tokens: page-tokens.ts.
 */
import { errors } from '../errors.js';
import { carriesAll, type InventoryIndex, type TagFilter } from '../inventory/inventory-index.js';
import { pageOf, type PageTokens } from '../protocol/page-tokens.js';
import { byIndex, codePoints, ecsRegionAndType, malformedTagText, present } from '../protocol/params.js';
import type { EcsResourceType } from '../types.js';
import { byteCompare } from '../util.js';

export const ECS_LIST_TAG_RESOURCES_MAX_IDS = 50;
export const ECS_LIST_TAG_RESOURCES_MAX_TAGS = 20;

export interface EcsListTagResourcesQuery {
  regionId: string;
  resourceType: EcsResourceType;
  /** distinct, in byte order */
  resourceIds: string[];
  /** distinct keys, in byte order of key */
  filters: TagFilter[];
  nextToken?: string;
}

export interface EcsTagResourceRow {
  ResourceId: string;
  ResourceType: EcsResourceType;
  TagKey: string;
  TagValue: string;
}

export interface EcsListTagResourcesResponse {
  RequestId: string;
  NextToken: string;
  TagResources: { TagResource: EcsTagResourceRow[] };
}

/** Refuses an index N that is not a positive integer (InvalidParameter) or is over `max` (`tooMany`). */
function indexRule(max: number, tooMany: () => Error) {
  return (n: number, name: string) => {
    if (Number.isNaN(n)) throw errors.invalidParameter(name, `N must be an integer from 1 to ${max}.`);
    if (n > max) throw tooMany();
  };
}

function parseFilters(params: Record<string, string>): TagFilter[] {
  const tags = byIndex(
    params,
    /^Tag\.([^.]*)\.(Key|Value)$/,
    indexRule(ECS_LIST_TAG_RESOURCES_MAX_TAGS, () => errors.numberExceeded('Tags', ECS_LIST_TAG_RESOURCES_MAX_TAGS)),
  );
  const filters: TagFilter[] = [];
  const keys = new Set<string>();
  for (const n of [...tags.keys()].sort((a, b) => a - b)) {
    const { Key: key, Value: value } = tags.get(n)!;
    if (key === undefined || key === '') {
      if (value !== undefined && value !== '') throw errors.tagValueWithoutKey(`Tag.${n}.Value`);
      continue;
    }
    if (codePoints(key) > 128 || malformedTagText(key)) throw errors.tagKeyMalformed(`Tag.${n}.Key`);
    if (value !== undefined && (codePoints(value) > 128 || malformedTagText(value))) {
      throw errors.tagValueMalformed(`Tag.${n}.Value`);
    }
    if (keys.has(key)) throw errors.duplicateTagKey(`Tag.${n}.Key`);
    keys.add(key);
    filters.push(value === undefined || value === '' ? { key } : { key, value });
  }
  return filters.sort((a, b) => byteCompare(a.key, b.key));
}

/** Validates the operation's parameters (errors per errors.ts). */
export function parseEcsListTagResources(
  params: Record<string, string>,
  isKnownRegion: (regionId: string) => boolean,
): EcsListTagResourcesQuery {
  const { regionId, resourceType } = ecsRegionAndType(params, isKnownRegion);

  const ids = byIndex(
    params,
    /^ResourceId\.([^.]*)()$/,
    indexRule(ECS_LIST_TAG_RESOURCES_MAX_IDS, () =>
      errors.numberExceeded('ResourceIds', ECS_LIST_TAG_RESOURCES_MAX_IDS),
    ),
  );
  const resourceIds = [...new Set([...ids.values()].map((e) => e['']!).filter((id) => id !== ''))].sort(byteCompare);
  const filters = parseFilters(params);
  if (resourceIds.length === 0 && filters.length === 0) throw errors.missingParameter('ResourceId.N or Tag.N.Key');

  const nextToken = present(params, 'NextToken');
  return {
    regionId,
    resourceType,
    resourceIds,
    filters,
    ...(nextToken === undefined ? {} : { nextToken }),
  };
}

/** Every row of the query, in order (memoized: inventories never change). */
function allRows(
  index: InventoryIndex,
  q: EcsListTagResourcesQuery,
  fingerprint: string,
): readonly EcsTagResourceRow[] {
  return index.memo.get(`EcsListTagResources:${fingerprint}`, () => {
    const ids = q.resourceIds.length > 0 ? new Set(q.resourceIds) : null;
    const filterKeys = q.filters.length > 0 ? new Set(q.filters.map((f) => f.key)) : null;
    const resources = (index.ecsByRegion.get(q.regionId) ?? [])
      .filter((r) => r.resource.type === q.resourceType && (!ids || ids.has(r.resource.resourceId)))
      .filter((r) => carriesAll(r, q.filters))
      .sort((a, b) => byteCompare(a.resource.resourceId, b.resource.resourceId));
    return resources.flatMap((r) =>
      r.sortedTags
        .filter((t) => !filterKeys || filterKeys.has(t.key))
        .map((t) => ({
          ResourceId: r.resource.resourceId,
          ResourceType: q.resourceType,
          TagKey: t.key,
          TagValue: t.value,
        })),
    );
  });
}

export function ecsListTagResources(
  index: InventoryIndex,
  tenantId: string,
  q: EcsListTagResourcesQuery,
  pageSize: number,
  tokens: PageTokens,
  requestId: string,
): EcsListTagResourcesResponse {
  const fingerprint = tokens.fingerprint(['ecs', tenantId, q.regionId, q.resourceType, q.resourceIds, q.filters]);
  const offset = q.nextToken === undefined ? 0 : tokens.offset(q.nextToken, fingerprint, 'NextToken');
  const page = pageOf(allRows(index, q, fingerprint), offset, pageSize, tokens, fingerprint);
  return { RequestId: requestId, NextToken: page.next, TagResources: { TagResource: page.items } };
}
