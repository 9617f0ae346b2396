/**
 * Tag writes over one inventory: a pure function from an inventory and an edit to the next inventory and the
 * resources that could not be written. The inventory is never mutated (it is frozen and shared): written
 * resources are replaced by new objects, everything else is shared.
 */
import type { InventoryFile, InventoryResource, InventoryResourceType, InventoryTag } from '../types.js';

/** At most 20 tags on one resource (the cloud's tag rules). */
export const MAX_TAGS_PER_RESOURCE = 20;

export type TagEdit = { tags: readonly InventoryTag[] } | { keys: readonly string[] } | { all: true };

export interface TagEditRequest {
  regionId: string;
  type: InventoryResourceType;
  resourceIds: readonly string[];
  edit: TagEdit;
  /** 'whole-call': one failing resource leaves every resource unwritten; 'per-resource': only itself */
  failures: 'whole-call' | 'per-resource';
}

export interface TagEditFailure {
  resourceId: string;
  reason: 'not-found' | 'quota';
}

export interface TagEditResult {
  inventory: InventoryFile;
  failures: TagEditFailure[];
  written: number;
}

function editedTags(current: readonly InventoryTag[], edit: TagEdit): InventoryTag[] {
  if ('all' in edit) return [];
  if ('keys' in edit) {
    const drop = new Set(edit.keys);
    return current.filter((t) => !drop.has(t.key));
  }
  const next = new Map(current.map((t) => [t.key, t.value]));
  for (const t of edit.tags) next.set(t.key, t.value);
  return [...next].map(([key, value]) => ({ key, value }));
}

export function applyTagEdit(inventory: InventoryFile, req: TagEditRequest): TagEditResult {
  const wanted = new Set(req.resourceIds);
  const found = new Map<string, number>();
  inventory.resources.forEach((r, i) => {
    if (r.regionId === req.regionId && r.type === req.type && wanted.has(r.resourceId)) found.set(r.resourceId, i);
  });
  const failures: TagEditFailure[] = [];
  const replacements = new Map<number, InventoryResource>();
  for (const id of wanted) {
    const i = found.get(id);
    if (i === undefined) {
      failures.push({ resourceId: id, reason: 'not-found' });
      continue;
    }
    const r = inventory.resources[i]!;
    const tags = editedTags(r.tags, req.edit);
    if (tags.length > MAX_TAGS_PER_RESOURCE) failures.push({ resourceId: id, reason: 'quota' });
    else replacements.set(i, { ...r, tags });
  }
  if (failures.length > 0 && req.failures === 'whole-call') return { inventory, failures, written: 0 };
  if (replacements.size === 0) return { inventory, failures, written: 0 };
  const resources = inventory.resources.map((r, i) => replacements.get(i) ?? r);
  return { inventory: { ...inventory, resources }, failures, written: replacements.size };
}
