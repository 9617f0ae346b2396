/**
 * CS ListTagResources (ROA, 2015-12-15, `GET /tags`).
 *
 * Query: resource_ids (required, JSON array of 1..50 non-empty strings), resource_type (required,
 * `CLUSTER` only), region_id (required, known), tags (optional JSON array of at most 20 `{key, value?}`,
 * key 1..128 code points, value 0..128, else InvalidTagKey/InvalidTagValue.Malformed), next_token (optional;
 * only a token this simulator issued for the same tenant and the same query).
 *
 * Semantics: for every cluster among resource_ids that exists in region_id for this tenant (unknown IDs
 * are silently ignored; duplicates count once) and carries every `tags` entry (a missing/empty/null value
 * matches any value), one item per tag of that cluster (all its tags, not only the filter keys):
 * `{tag_key, tag_value, resource_id, resource_type: 'CLUSTER'}`. Order: resource_id ascending, then
 * tag_key, then tag_value (byte order), whatever order resource_ids were given in. Pages of `pageSize`
 * items; `next_token` is non-empty while items remain and the empty string on the last page.
 * Tokens: page-tokens.ts.
 */
import { errors } from '../errors.js';
import { carriesAll, compareFilters, type InventoryIndex } from '../inventory/inventory-index.js';
import { codePoints, malformedTagText, present } from '../protocol/params.js';
import { pageOf, type PageTokens } from '../protocol/page-tokens.js';
import { byteCompare } from '../util.js';

export const LIST_TAG_RESOURCES_MAX_IDS = 50;
export const LIST_TAG_RESOURCES_MAX_TAGS = 20;

export interface ListTagResourcesQuery {
  regionId: string;
  resourceIds: string[];
  tags: Array<{ key: string; value?: string }>;
  nextToken?: string;
}

export interface TagResourceItem {
  tag_key: string;
  tag_value: string;
  resource_id: string;
  resource_type: 'CLUSTER';
}

export interface ListTagResourcesResponse {
  next_token: string;
  request_id: string;
  tag_resources: { tag_resource: TagResourceItem[] };
}

function parseJson(raw: string, name: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw errors.invalidParameter(name, 'It must be a JSON array.');
  }
}

export function parseListTagResources(
  query: Record<string, string>,
  isKnownRegion: (regionId: string) => boolean,
): ListTagResourcesQuery {
  const rawIds = present(query, 'resource_ids');
  if (rawIds === undefined) throw errors.missingParameter('resource_ids');
  const ids = parseJson(rawIds, 'resource_ids');
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string' || id === '')) {
    throw errors.invalidParameter('resource_ids', 'It must be a non-empty JSON array of non-empty strings.');
  }
  if (ids.length > LIST_TAG_RESOURCES_MAX_IDS) {
    throw errors.invalidParameter('resource_ids', `At most ${LIST_TAG_RESOURCES_MAX_IDS} resource IDs are allowed.`);
  }

  const resourceType = present(query, 'resource_type');
  if (resourceType === undefined) throw errors.missingParameter('resource_type');
  if (resourceType !== 'CLUSTER') throw errors.invalidParameter('resource_type', 'Valid values: CLUSTER.');

  const regionId = present(query, 'region_id');
  if (regionId === undefined) throw errors.missingParameter('region_id');
  if (!isKnownRegion(regionId)) throw errors.regionNotFound();

  const tags: ListTagResourcesQuery['tags'] = [];
  const rawTags = present(query, 'tags');
  if (rawTags !== undefined) {
    const parsed = parseJson(rawTags, 'tags');
    if (!Array.isArray(parsed)) throw errors.invalidParameter('tags', 'It must be a JSON array.');
    if (parsed.length > LIST_TAG_RESOURCES_MAX_TAGS) {
      throw errors.invalidParameter('tags', `At most ${LIST_TAG_RESOURCES_MAX_TAGS} tags are allowed.`);
    }
    for (const item of parsed as unknown[]) {
      // the shape is the `tags` parameter's (InvalidParameter); the text is the tag's, refused as the ECS parsers
      // refuse it (Malformed, lengths in code points as the cloud counts them)
      const t = item as { key?: unknown; value?: unknown } | null;
      const v = t !== null && typeof t === 'object' ? t.value : undefined;
      const shapeOk =
        t !== null &&
        typeof t === 'object' &&
        typeof t.key === 'string' &&
        (v === undefined || v === null || typeof v === 'string');
      if (!shapeOk) {
        throw errors.invalidParameter('tags', 'Each tag must be {"key": string (1-128), "value"?: string (0-128)}.');
      }
      const key = t.key as string;
      if (key === '' || codePoints(key) > 128 || malformedTagText(key)) throw errors.tagKeyMalformed('tags.key');
      if (typeof v === 'string' && (codePoints(v) > 128 || malformedTagText(v))) {
        throw errors.tagValueMalformed('tags.value');
      }
      tags.push(typeof v === 'string' && v !== '' ? { key, value: v } : { key });
    }
  }

  const nextToken = present(query, 'next_token');
  return {
    regionId,
    resourceIds: [...new Set(ids as string[])].sort(byteCompare),
    tags,
    ...(nextToken === undefined ? {} : { nextToken }),
  };
}

export function listTagResources(
  index: InventoryIndex,
  tenantId: string,
  q: ListTagResourcesQuery,
  pageSize: number,
  tokens: PageTokens,
  requestId: string,
): ListTagResourcesResponse {
  const filters = [...q.tags].sort(compareFilters);
  const fingerprint = tokens.fingerprint([tenantId, q.regionId, q.resourceIds, filters]);
  const offset = q.nextToken === undefined ? 0 : tokens.offset(q.nextToken, fingerprint, 'next_token');
  const all = index.memo.get(`ListTagResources:${fingerprint}`, () => {
    const clusters = index.clustersByRegion.get(q.regionId);
    const items: TagResourceItem[] = [];
    for (const id of q.resourceIds) {
      const c = clusters?.get(id);
      if (!c) continue;
      if (!carriesAll(c, q.tags)) continue;
      for (const t of c.sortedTags) {
        items.push({ tag_key: t.key, tag_value: t.value, resource_id: id, resource_type: 'CLUSTER' });
      }
    }
    return items;
  });
  const page = pageOf(all, offset, pageSize, tokens, fingerprint);
  return { next_token: page.next, request_id: requestId, tag_resources: { tag_resource: page.items } };
}
