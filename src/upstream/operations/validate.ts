/**
 * Validation before any call, with the limits the cloud enforces (the DescribeTags and ListTagResources API pages:
 * keys 1–128 characters, values 0–128, no `aliyun`/`acs:` prefix, no `http://`/`https://`; Alibaba's region IDs).
 * Each check throws an UpstreamError with code `InvalidInput` naming the field; no request leaves the process.
 */
import { invalidInput, type Operation } from '../errors.js';
import { charLength } from '../strings.js';
import {
  ECS_RESOURCE_TYPES,
  type DescribeTagsRequest,
  type EcsResourceType,
  type ListTagResourcesRequest,
  type TagFilter,
  type EcsTagResourcesRequest,
  type DescribeClustersRequest,
  type EcsResourcesRequest,
  ECS_LISTING_OPERATION,
  CLUSTER_PROFILES,
  CLUSTER_TYPES,
} from '../types.js';

export const LIMITS = {
  ecsTagFilters: 5,
  csTagFilters: 20,
  pageSizeMax: 100,
  pageNumberMax: 1_000_000,
  /** A resource carries at most 20 tags, so asking one for more keys than that cannot find more. */
  tagsPerResource: 20,
  tagKeyMax: 128,
  tagValueMax: 128,
  nextTokenMax: 1_024,
  /** TagResources / UntagResources: `ResourceId.N` (CS `resource_ids`) 1..50, tags or keys 1..20. */
  writeResourceIds: 50,
  writeTags: 20,
} as const;

/** ECS ListTagResources: `ResourceId.N` N = 1..50, `Tag.N` N = 1..20. */
export const ECS_LIST_TAG_RESOURCES_MAX_IDS = 50;
export const ECS_LIST_TAG_RESOURCES_MAX_TAGS = 20;
/**
 * DescribeClustersV1's page size has no documented default or maximum. We allow 1..100, the
 * range DescribeTags documents, and page with 50, the size a well-known client uses, when the caller sets none.
 */
export const DESCRIBE_CLUSTERS_PAGE_SIZE_MAX = 100;
export const DESCRIBE_CLUSTERS_PAGE_SIZE_DEFAULT = 50;
export const CLUSTER_NAME_MAX = 63;
/** The ECS listings' PageSize maximum (their API pages: 100, DescribeSecurityGroups 50) and Tag.N maximum. */
export const ECS_LISTING_PAGE_SIZE_MAX: Record<EcsResourceType, number> = {
  instance: 100,
  disk: 100,
  image: 100,
  securitygroup: 50,
  snapshot: 100,
};
export const ECS_LISTING_MAX_TAGS = 20;

const REGION_ID = /^[a-z]{2,}(?:-[a-z0-9]+){1,3}$/;
const ECS_ID_PREFIX: Record<EcsResourceType, string> = {
  instance: 'i',
  disk: 'd',
  image: 'm',
  securitygroup: 'sg',
  snapshot: 's',
};
const ECS_ID_BODY = /^[a-z0-9]{8,32}$/;
/** Public images are named, e.g. `ubuntu_22_04_x64_20G_alibase_20230613.vhd`. */
const PUBLIC_IMAGE_ID = /^[a-z][a-z0-9_.-]{2,127}$/i;
const CLUSTER_ID = /^c[0-9a-f]{32}$/;
const RESERVED_PREFIXES = ['aliyun', 'acs:'];

export function isEcsResourceType(value: string): value is EcsResourceType {
  return (ECS_RESOURCE_TYPES as readonly string[]).includes(value);
}

export function validateRegionId(op: Operation, regionId: string): void {
  if (!REGION_ID.test(regionId)) {
    throw invalidInput(op, 'regionId', `"${clip(regionId)}" is not a region ID (for example cn-hangzhou).`);
  }
}

/** True when `id` has the form of an ECS ID of `type`. */
export function isEcsResourceId(type: EcsResourceType, id: string): boolean {
  const prefix = `${ECS_ID_PREFIX[type]}-`;
  if (id.startsWith(prefix) && ECS_ID_BODY.test(id.slice(prefix.length))) return true;
  return type === 'image' && isPublicImageName(id);
}

/** A public image name, not a malformed custom ID such as `m-` with a bad body. */
function isPublicImageName(id: string): boolean {
  return PUBLIC_IMAGE_ID.test(id) && !/^[a-z]{1,2}-/.test(id);
}

export function isClusterId(id: string): boolean {
  return CLUSTER_ID.test(id);
}

export function validateTagFilters(op: Operation, tags: TagFilter[] | undefined, max: number): void {
  if (!tags) return;
  if (tags.length > max) throw invalidInput(op, 'tags', `At most ${max} tag filters are allowed; got ${tags.length}.`);
  const seen = new Set<string>();
  for (const [i, tag] of tags.entries()) {
    validateTagText(op, `tags[${i}].key`, tag.key, 1, LIMITS.tagKeyMax);
    if (tag.value !== undefined) validateTagText(op, `tags[${i}].value`, tag.value, 0, LIMITS.tagValueMax);
    // Two filters on one key can only match nothing (ANDed) or repeat themselves: both make a pointless call.
    if (seen.has(tag.key)) throw invalidInput(op, `tags[${i}].key`, `Tag key "${clip(tag.key)}" is given twice.`);
    seen.add(tag.key);
  }
}

function validateTagText(op: Operation, field: string, text: string, min: number, max: number): void {
  const what = field.endsWith('key') ? 'Tag key' : 'Tag value';
  // Characters, not UTF-16 code units: a key of 128 emoji is 128 characters (256 units) and valid.
  const length = charLength(text);
  if (length < min || length > max) {
    throw invalidInput(op, field, `${what} must be ${min} to ${max} characters long.`);
  }
  const lower = text.toLowerCase();
  if (RESERVED_PREFIXES.some((p) => lower.startsWith(p))) {
    throw invalidInput(op, field, `${what} must not start with "aliyun" or "acs:".`);
  }
  if (lower.includes('http://') || lower.includes('https://')) {
    throw invalidInput(op, field, `${what} must not contain "http://" or "https://".`);
  }
}

export function validateDescribeTags(req: DescribeTagsRequest): void {
  const op = 'DescribeTags';
  validateRegionId(op, req.regionId);
  if (!isEcsResourceType(req.resourceType)) {
    throw invalidInput(op, 'resourceType', `Resource type must be one of ${ECS_RESOURCE_TYPES.join(', ')}.`);
  }
  if (req.resourceId !== undefined && !isEcsResourceId(req.resourceType, req.resourceId)) {
    throw invalidInput(op, 'resourceId', `"${clip(req.resourceId)}" is not a ${req.resourceType} ID.`);
  }
  validateTagFilters(op, req.tags, LIMITS.ecsTagFilters);
  validateInt(op, 'pageNumber', req.pageNumber, 1, LIMITS.pageNumberMax);
  validateInt(op, 'pageSize', req.pageSize, 1, LIMITS.pageSizeMax);
}

export function validateListTagResources(req: ListTagResourcesRequest, maxResourceIds: number): void {
  const op = 'ListTagResources';
  validateRegionId(op, req.regionId);
  if (req.resourceIds.length === 0) throw invalidInput(op, 'resourceIds', 'At least one cluster ID is required.');
  validateResourceIds(op, req.resourceIds, maxResourceIds, isClusterId, 'cluster', 'an ACK cluster');
  validateTagFilters(op, req.tags, LIMITS.csTagFilters);
  validateNextToken(op, req.nextToken);
}

/**
 * At most `max` IDs, each of the form `isValid` accepts. Duplicates are sent once, so only distinct IDs count
 * against the cap; a bad ID is named by its index in the caller's own list. `noun` names them in the cap's message
 * ("cluster IDs"), `what` in a bad ID's ("is not an ACK cluster ID").
 */
export function validateResourceIds(
  op: Operation,
  ids: readonly string[],
  max: number,
  isValid: (id: string) => boolean,
  noun: string,
  what: string,
): void {
  const distinct = new Set(ids).size;
  if (distinct > max) throw invalidInput(op, 'resourceIds', `At most ${max} ${noun} IDs per call; got ${distinct}.`);
  for (const [i, id] of ids.entries()) {
    if (!isValid(id)) throw invalidInput(op, `resourceIds[${i}]`, `"${clip(id)}" is not ${what} ID.`);
  }
}

function validateInt(op: Operation, field: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(op, field, `${field} must be an integer from ${min} to ${max}.`);
  }
}

/** Echo user input in messages, but never a wall of it. */
function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

export function validateEcsTagResources(req: EcsTagResourcesRequest): void {
  const op = 'EcsListTagResources';
  validateRegionId(op, req.regionId);
  if (!isEcsResourceType(req.resourceType)) {
    throw invalidInput(op, 'resourceType', `Resource type must be one of ${ECS_RESOURCE_TYPES.join(', ')}.`);
  }
  if (req.resourceIds !== undefined) {
    // An empty list means "of no resources", not "of all": refused rather than widened to a by-tag listing.
    if (req.resourceIds.length === 0)
      throw invalidInput(op, 'resourceIds', 'Give at least one resource ID, or leave resourceIds out.');
    const type = req.resourceType;
    validateResourceIds(
      op,
      req.resourceIds,
      ECS_LIST_TAG_RESOURCES_MAX_IDS,
      (id) => isEcsResourceId(type, id),
      'resource',
      `a ${type}`,
    );
  }
  validateTagFilters(op, req.tags, ECS_LIST_TAG_RESOURCES_MAX_TAGS);
  // The cloud cannot list ECS resources whole through this operation.
  if (req.resourceIds === undefined && !req.tags?.length) {
    throw invalidInput(
      op,
      'resourceIds',
      'Give resource IDs, tag filters or both: ECS resources cannot be listed without either.',
    );
  }
  validateNextToken(op, req.nextToken);
}

export function validateDescribeClusters(req: DescribeClustersRequest): void {
  const op = 'DescribeClustersV1';
  validateRegionId(op, req.regionId);
  if (req.clusterId !== undefined && !isClusterId(req.clusterId)) {
    throw invalidInput(op, 'clusterId', `"${clip(req.clusterId)}" is not an ACK cluster ID.`);
  }
  const nameLength = req.name === undefined ? undefined : charLength(req.name);
  if (nameLength !== undefined && (nameLength < 1 || nameLength > CLUSTER_NAME_MAX)) {
    throw invalidInput(op, 'name', `A cluster name must be 1 to ${CLUSTER_NAME_MAX} characters long.`);
  }
  validateOneOf(op, 'clusterType', req.clusterType, CLUSTER_TYPES);
  validateOneOf(op, 'profile', req.profile, CLUSTER_PROFILES);
  // The list of specs is open (ack.standard, ack.pro.small, …): only its form is checked.
  if (req.clusterSpec !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(req.clusterSpec)) {
    throw invalidInput(
      op,
      'clusterSpec',
      `"${clip(req.clusterSpec)}" is not a cluster spec (for example ack.pro.small).`,
    );
  }
  validateInt(op, 'pageNumber', req.pageNumber, 1, LIMITS.pageNumberMax);
  validateInt(op, 'pageSize', req.pageSize, 1, DESCRIBE_CLUSTERS_PAGE_SIZE_MAX);
}

export function validateEcsResources(req: EcsResourcesRequest): void {
  if (!isEcsResourceType(req.resourceType)) {
    throw invalidInput(
      'DescribeInstances',
      'resourceType',
      `"${clip(String(req.resourceType))}" is not an ECS resource type.`,
    );
  }
  const op = ECS_LISTING_OPERATION[req.resourceType];
  validateRegionId(op, req.regionId);
  validateTagFilters(op, req.tags, ECS_LISTING_MAX_TAGS);
  validateInt(op, 'pageNumber', req.pageNumber, 1, LIMITS.pageNumberMax);
  validateInt(op, 'pageSize', req.pageSize, 1, ECS_LISTING_PAGE_SIZE_MAX[req.resourceType]);
}

function validateOneOf(op: Operation, field: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value))
    throw invalidInput(op, field, `${field} must be one of ${allowed.join(', ')}.`);
}

/** Tokens are the cloud's own and opaque; only their size and printable form are ours to check. */
function validateNextToken(op: Operation, token: string | undefined): void {
  if (token !== undefined && (token.length > LIMITS.nextTokenMax || !/^[\x21-\x7e]*$/.test(token))) {
    throw invalidInput(op, 'nextToken', 'The paging token is malformed.');
  }
}
