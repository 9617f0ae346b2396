/**
 * A write's plan, made and checked before any call: the refs grouped per (region, kind) into calls of at most 50
 * IDs, every call's request validated with the upstream's own rules (the reads' tag rules, 20 tags, distinct keys,
 * non-empty CS values), so input the cloud would refuse is BAD_USER_INPUT with no call made.
 */
import { UPSTREAM_LIMITS, validateTagResources, validateUntagResources } from '../../upstream/index.js';
import type { Tag, TagWriteTarget } from '../../upstream/types.js';
import { userInputError } from '../errors.js';
import { checkRef, type ResourceModel } from '../types/resource.js';
import { ECS_TYPE_OF, isEcsKind, type Kind } from '../types/kinds.js';

export interface RefInput {
  kind: Kind;
  regionId: string;
  resourceId: string;
}

/** One upstream write call's target: resources of one kind in one region, at most 50. */
export interface PlannedCall extends TagWriteTarget {
  kind: Kind;
}

export type WriteEdit = { tags: Tag[] } | { keys: string[] } | { all: true };

export interface WritePlan {
  refs: ResourceModel[];
  calls: PlannedCall[];
  edit: WriteEdit;
}

export function resourceTypeOf(kind: Kind): TagWriteTarget['resourceType'] {
  return isEcsKind(kind) ? ECS_TYPE_OF[kind] : 'cluster';
}

/** Checks each ref's form and drops repeats (a resource written twice in one call is written once). */
export function readRefs(refs: readonly RefInput[], maxRefs: number): ResourceModel[] {
  if (refs.length === 0) throw userInputError('Give at least one resource.', 'refs');
  if (refs.length > maxRefs) throw userInputError(`At most ${maxRefs} references may be given.`, 'refs');
  const seen = new Map<string, ResourceModel>();
  refs.forEach((r, i) => {
    const ref = checkRef(r.kind, r.regionId, r.resourceId, `refs[${i}]`);
    seen.set(`${ref.kind}|${ref.regionId}|${ref.resourceId}`, ref);
  });
  return [...seen.values()];
}

/** Groups per (region, kind), in calls of at most `UPSTREAM_LIMITS.writeResourceIds` IDs. */
export function groupCalls(refs: readonly ResourceModel[]): PlannedCall[] {
  const groups = new Map<string, ResourceModel[]>();
  for (const r of refs) {
    const at = `${r.regionId}|${r.kind}`;
    groups.set(at, [...(groups.get(at) ?? []), r]);
  }
  const calls: PlannedCall[] = [];
  const size = UPSTREAM_LIMITS.writeResourceIds;
  for (const group of groups.values()) {
    const { kind, regionId } = group[0]!;
    for (let i = 0; i < group.length; i += size) {
      const resourceIds = group.slice(i, i + size).map((r) => r.resourceId);
      calls.push({ kind, regionId, resourceType: resourceTypeOf(kind), resourceIds });
    }
  }
  return calls;
}

/** Validates every call of the plan as the upstream layer will (UpstreamError InvalidInput → BAD_USER_INPUT). */
export function checkCalls(calls: readonly PlannedCall[], edit: WriteEdit): void {
  for (const call of calls) {
    if ('tags' in edit) validateTagResources({ ...call, tags: edit.tags });
    else validateUntagResources({ ...call, ...edit });
  }
}

export function planWrite(refs: readonly RefInput[], edit: WriteEdit, maxRefs: number): WritePlan {
  const read = readRefs(refs, maxRefs);
  const calls = groupCalls(read);
  checkCalls(calls, edit);
  return { refs: read, calls, edit };
}

/** The untag input: keys or all, not both, not neither. */
export function untagEdit(keys: readonly string[] | null | undefined, all: boolean | null | undefined): WriteEdit {
  if (all === true && keys && keys.length > 0) throw userInputError('Give keys or all: true, not both.', 'keys');
  if (all === true) return { all: true };
  if (!keys || keys.length === 0) throw userInputError('Give at least one key, or all: true.', 'keys');
  return { keys: [...keys] };
}
