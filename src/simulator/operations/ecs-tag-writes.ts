/**
 * ECS TagResources and UntagResources (RPC, 2014-05-26):
 * https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-tagresources
 *
 * TagResources: RegionId, ResourceType (lower-case, the five types), ResourceId.N (1..50), Tag.N.Key / Tag.N.Value
 * (1..20, no duplicate key; a key already on a resource takes the new value). UntagResources: RegionId,
 * ResourceType, ResourceId.N (1..50), TagKey.N (1..20) or All=true. Both answer only `{RequestId}`.
 * Codes and the tabled choices (a failing resource, ECS values): errors.ts.
 */
import { errors } from '../errors.js';
import { ECS_TYPES } from '../inventory/ecs.js';
import type { TagEdit, TagEditFailure } from '../inventory/tag-edit.js';
import { byIndex, codePoints, malformedTagText, present } from '../protocol/params.js';
import type { EcsResourceType, InventoryTag } from '../types.js';

export const ECS_TAG_WRITE_MAX_IDS = 50;
export const ECS_TAG_WRITE_MAX_TAGS = 20;

export interface EcsTagWrite {
  regionId: string;
  resourceType: EcsResourceType;
  resourceIds: string[];
  edit: TagEdit;
}

function indexRule(max: number, what: 'ResourceIds' | 'Tags') {
  return (n: number, name: string) => {
    if (Number.isNaN(n)) throw errors.invalidParameter(name, `N must be an integer from 1 to ${max}.`);
    if (n > max) throw errors.numberExceeded(what, max);
  };
}

function regionTypeIds(params: Record<string, string>, isKnownRegion: (r: string) => boolean) {
  const regionId = present(params, 'RegionId');
  if (regionId === undefined) throw errors.missingWriteParameter('RegionId');
  if (!isKnownRegion(regionId)) throw errors.regionNotFound();
  const resourceType = present(params, 'ResourceType');
  if (resourceType === undefined) throw errors.missingWriteParameter('ResourceType');
  if (!(ECS_TYPES as readonly string[]).includes(resourceType)) throw errors.resourceTypeNotFound();
  const ids = byIndex(params, /^ResourceId\.([^.]*)()$/, indexRule(ECS_TAG_WRITE_MAX_IDS, 'ResourceIds'));
  const resourceIds = [...new Set([...ids.values()].map((e) => e['']!).filter((id) => id !== ''))];
  if (resourceIds.length === 0) throw errors.missingParameter('ResourceId.N');
  return { regionId, resourceType: resourceType as EcsResourceType, resourceIds };
}

/** Key: 1..128, no aliyun/acs: prefix, no URL. Value (ECS): 0..128, no URL. */
function checkTag(n: number, key: string | undefined, value: string): void {
  if (key === undefined || key === '' || codePoints(key) > 128 || malformedTagText(key)) {
    throw errors.tagKeyMalformed(`Tag.${n}.Key`);
  }
  if (codePoints(value) > 128 || value.includes('http://') || value.includes('https://')) {
    throw errors.tagValueMalformed(`Tag.${n}.Value`);
  }
}

export function parseEcsTagResources(
  params: Record<string, string>,
  isKnownRegion: (regionId: string) => boolean,
): EcsTagWrite {
  const base = regionTypeIds(params, isKnownRegion);
  const entries = byIndex(params, /^Tag\.([^.]*)\.(Key|Value)$/, indexRule(ECS_TAG_WRITE_MAX_TAGS, 'Tags'));
  if (entries.size === 0) throw errors.missingWriteParameter('Tags');
  const tags: InventoryTag[] = [];
  for (const n of [...entries.keys()].sort((a, b) => a - b)) {
    const { Key: key, Value: value = '' } = entries.get(n)!;
    checkTag(n, key, value);
    if (tags.some((t) => t.key === key)) throw errors.duplicateTagKey(`Tag.${n}.Key`);
    tags.push({ key: key!, value });
  }
  return { ...base, edit: { tags } };
}

export function parseEcsUntagResources(
  params: Record<string, string>,
  isKnownRegion: (regionId: string) => boolean,
): EcsTagWrite {
  const base = regionTypeIds(params, isKnownRegion);
  const entries = byIndex(params, /^TagKey\.([^.]*)()$/, indexRule(ECS_TAG_WRITE_MAX_TAGS, 'Tags'));
  const keys = [...new Set([...entries.values()].map((e) => e['']!).filter((k) => k !== ''))];
  const all = present(params, 'All');
  if (all !== undefined && all !== 'true' && all !== 'false') {
    throw errors.invalidParameter('All', 'Valid values: true, false.');
  }
  if (all === 'true' && keys.length > 0) throw errors.invalidParameter('All', 'All=true takes no TagKey.N.');
  if (all === 'true') return { ...base, edit: { all: true } };
  if (keys.length === 0) throw errors.missingParameter('TagKey.N');
  return { ...base, edit: { keys } };
}

/** The error a call with failing resources answers: the first failure's code, naming every ID of that kind. */
export function tagWriteError(failures: readonly TagEditFailure[], notFound: (ids: string[]) => Error): Error {
  const ids = (reason: TagEditFailure['reason']) =>
    failures.filter((f) => f.reason === reason).map((f) => f.resourceId);
  return failures[0]!.reason === 'not-found' ? notFound(ids('not-found')) : errors.tagQuotaExceeded(ids('quota'));
}
