/**
 * The tag writes' rules, checked before any call (validate.ts holds the rules they share with the reads: region
 * IDs, resource IDs, the tag text rules): 1..50 resources of one type, 1..20 tags with distinct keys (CS values
 * not empty), or 1..20 keys / `all` to untag. Each throws an UpstreamError `InvalidInput` naming the field.
 */
import { invalidInput, type Operation, type WriteOperation } from '../errors.js';
import {
  ECS_RESOURCE_TYPES,
  type TagResourcesRequest,
  type TagWriteTarget,
  type UntagResourcesRequest,
} from '../types.js';
import {
  isClusterId,
  isEcsResourceId,
  isEcsResourceType,
  LIMITS,
  validateRegionId,
  validateResourceIds,
  validateTagFilters,
} from './validate.js';

/** The writes' operation names by service. */
export function writeOperation(type: TagWriteTarget['resourceType'], untag: boolean): WriteOperation {
  if (type === 'cluster') return untag ? 'UntagResources' : 'TagResources';
  return untag ? 'EcsUntagResources' : 'EcsTagResources';
}

function validateWriteTarget(op: Operation, req: TagWriteTarget): void {
  validateRegionId(op, req.regionId);
  const type = req.resourceType;
  if (type !== 'cluster' && !isEcsResourceType(type)) {
    throw invalidInput(op, 'resourceType', `Resource type must be cluster or one of ${ECS_RESOURCE_TYPES.join(', ')}.`);
  }
  if (req.resourceIds.length === 0) throw invalidInput(op, 'resourceIds', 'At least one resource ID is required.');
  const valid = type === 'cluster' ? isClusterId : (id: string) => isEcsResourceId(type, id);
  validateResourceIds(op, req.resourceIds, LIMITS.writeResourceIds, valid, 'resource', `a ${type}`);
}

/** The tag rules of the reads, plus the writes' own: 1..20 distinct keys; CS values must not be empty. */
export function validateTagResources(req: TagResourcesRequest): void {
  const op = writeOperation(req.resourceType, false);
  validateWriteTarget(op, req);
  if (req.tags.length === 0) throw invalidInput(op, 'tags', 'At least one tag is required.');
  validateTagFilters(op, req.tags, LIMITS.writeTags);
  if (req.resourceType === 'cluster') {
    const i = req.tags.findIndex((t) => t.value === '');
    if (i >= 0) throw invalidInput(op, `tags[${i}].value`, 'A cluster tag value must not be empty.');
  }
}

export function validateUntagResources(req: UntagResourcesRequest): void {
  const op = writeOperation(req.resourceType, true);
  validateWriteTarget(op, req);
  const keys = req.keys ?? [];
  if (req.all === true && keys.length > 0) throw invalidInput(op, 'keys', 'Give keys or all, not both.');
  if (req.all === true) return;
  if (keys.length === 0) throw invalidInput(op, 'keys', 'Give at least one key, or all.');
  validateTagFilters(
    op,
    keys.map((key) => ({ key })),
    LIMITS.writeTags,
  );
}
