/**
 * CS TagResources (`PUT /tags`, JSON body) and UntagResources (`DELETE /tags`, query) (ROA, 2015-12-15).
 *
 * TagResources body: region_id (known), resource_type `CLUSTER`, resource_ids (1..50 non-empty strings), tags
 * (1..20 `{key, value}`, no duplicate key; key 1..128 and value 1..128 code points, neither starting with
 * `aliyun` / `acs:` nor holding a URL). UntagResources query: region_id, resource_type, resource_ids (JSON
 * array), tag_keys (JSON array, 1..20) or all=true. Both answer `{request_id}`. Codes and choices: errors.ts.
 */
import { errors } from '../errors.js';
import type { TagEdit } from '../inventory/tag-edit.js';
import { codePoints, malformedTagText, present } from '../protocol/params.js';
import type { InventoryTag } from '../types.js';

export const CS_TAG_WRITE_MAX_IDS = 50;
export const CS_TAG_WRITE_MAX_TAGS = 20;

export interface CsTagWrite {
  regionId: string;
  resourceIds: string[];
  edit: TagEdit;
}

function parseJson(raw: string, name: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw errors.invalidParameter(name, 'It must be JSON.');
  }
}

function stringArray(value: unknown, name: string, max: number, what: 'ResourceIds' | 'Tags'): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === '')) {
    throw errors.invalidParameter(name, 'It must be a non-empty JSON array of non-empty strings.');
  }
  if (value.length > max) throw errors.numberExceeded(what, max);
  return [...new Set(value as string[])];
}

function regionTypeIds(fields: Record<string, unknown>, isKnownRegion: (r: string) => boolean) {
  const regionId = fields.region_id;
  if (typeof regionId !== 'string' || regionId === '') throw errors.missingParameter('region_id');
  if (!isKnownRegion(regionId)) throw errors.regionNotFound();
  if (fields.resource_type === undefined || fields.resource_type === '') throw errors.missingParameter('resource_type');
  if (fields.resource_type !== 'CLUSTER') throw errors.invalidParameter('resource_type', 'Valid values: CLUSTER.');
  if (fields.resource_ids === undefined) throw errors.missingParameter('resource_ids');
  const resourceIds = stringArray(fields.resource_ids, 'resource_ids', CS_TAG_WRITE_MAX_IDS, 'ResourceIds');
  return { regionId, resourceIds };
}

function parseTag(item: unknown): InventoryTag {
  const t = item as { key?: unknown; value?: unknown } | null;
  if (t === null || typeof t !== 'object' || typeof t.key !== 'string' || typeof t.value !== 'string') {
    throw errors.invalidParameter('tags', 'Each tag must be {"key": string, "value": string}.');
  }
  const bad = (s: string) => s === '' || codePoints(s) > 128 || malformedTagText(s);
  if (bad(t.key)) throw errors.tagKeyMalformed('tags.key');
  if (bad(t.value)) throw errors.tagValueMalformed('tags.value');
  return { key: t.key, value: t.value };
}

export function parseCsTagResources(body: Buffer, isKnownRegion: (regionId: string) => boolean): CsTagWrite {
  const json = body.length === 0 ? {} : parseJson(body.toString('utf8'), 'body');
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw errors.invalidParameter('body', 'It must be a JSON object.');
  }
  const fields = json as Record<string, unknown>;
  const base = regionTypeIds(fields, isKnownRegion);
  if (fields.tags === undefined) throw errors.missingParameter('tags');
  if (!Array.isArray(fields.tags) || fields.tags.length === 0) {
    throw errors.invalidParameter('tags', 'It must be a non-empty JSON array.');
  }
  if (fields.tags.length > CS_TAG_WRITE_MAX_TAGS) throw errors.numberExceeded('Tags', CS_TAG_WRITE_MAX_TAGS);
  const tags: InventoryTag[] = [];
  for (const item of fields.tags as unknown[]) {
    const tag = parseTag(item);
    if (tags.some((t) => t.key === tag.key)) throw errors.duplicateTagKey('tags.key');
    tags.push(tag);
  }
  return { ...base, edit: { tags } };
}

export function parseCsUntagResources(
  query: Record<string, string>,
  isKnownRegion: (regionId: string) => boolean,
): CsTagWrite {
  const rawIds = present(query, 'resource_ids');
  const fields: Record<string, unknown> = {
    region_id: query.region_id,
    resource_type: query.resource_type,
    resource_ids: rawIds === undefined ? undefined : parseJson(rawIds, 'resource_ids'),
  };
  const base = regionTypeIds(fields, isKnownRegion);
  const all = present(query, 'all');
  if (all !== undefined && all !== 'true' && all !== 'false') {
    throw errors.invalidParameter('all', 'Valid values: true, false.');
  }
  const rawKeys = present(query, 'tag_keys');
  if (all === 'true' && rawKeys !== undefined) throw errors.invalidParameter('all', 'all=true takes no tag_keys.');
  if (all === 'true') return { ...base, edit: { all: true } };
  if (rawKeys === undefined) throw errors.missingParameter('tag_keys');
  const keys = stringArray(parseJson(rawKeys, 'tag_keys'), 'tag_keys', CS_TAG_WRITE_MAX_TAGS, 'Tags');
  return { ...base, edit: { keys } };
}
