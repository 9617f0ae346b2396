/**
 * What `resourceInventory` asks: regions and kinds (as `taggedResources` reads them) and a filter on each
 * resource's complete tags (regions and kinds: `readScope`, search/tagged-plan.ts): `tags` (ANDed), `without`, `untagged` (no user tag: system tags do not count,
 * system-tags.ts) and `missingKeys` (lacking any of those keys). Segments: one listing per kind and region, kinds in
 * `ResourceKind` order, then regions as given: the order of `taggedResources`.
 */
import { validateTagFilters } from '../../upstream/operations/validate.js';
import type { Tag } from '../../upstream/types.js';
import { userInputError } from '../errors.js';
import { matchesAll, MAX_MATCHES, readTagMatches, type TagMatch } from '../search/tag-match.js';
import type { Kind } from '../types/kinds.js';
import { userTags } from './system-tags.js';

export interface InventorySegment {
  kind: Kind;
  regionId: string;
}

export type TagFilterFn = (tags: readonly Tag[]) => boolean;

export interface WhereInput {
  tags?: ReadonlyArray<{ key: string; values?: readonly string[] | null }> | null;
  without?: ReadonlyArray<{ key: string; values?: readonly string[] | null }> | null;
  untagged?: boolean | null;
  missingKeys?: readonly string[] | null;
}

/** The filter in one canonical form (so equal questions page with the same cursors). */
export interface Where {
  tags: TagMatch[];
  without: TagMatch[];
  untagged?: boolean;
  missingKeys?: string[];
}

export function segmentsOf(regionIds: readonly string[], kinds: readonly Kind[]): InventorySegment[] {
  return kinds.flatMap((kind) => regionIds.map((regionId) => ({ kind, regionId })));
}

/** Checks a list of keys (1 to 20, valid tag keys), deduplicated in the order given. */
export function readKeyList(keys: readonly string[], argument: string): string[] {
  if (keys.length > MAX_MATCHES) throw userInputError(`At most ${MAX_MATCHES} keys may be given.`, argument);
  keys.forEach((key, i) => {
    try {
      validateTagFilters('EcsListTagResources', [{ key }], 1);
    } catch (err) {
      throw userInputError((err as Error).message, `${argument}[${i}]`);
    }
  });
  return [...new Set(keys)];
}

export function readWhere(input: WhereInput | null | undefined): Where {
  const where: Where = {
    tags: readTagMatches(input?.tags, 'where.tags'),
    without: readTagMatches(input?.without, 'where.without'),
  };
  if (input?.untagged != null) where.untagged = input.untagged;
  if (input?.missingKeys != null) {
    if (input.missingKeys.length === 0)
      throw userInputError('Give at least one key, or leave missingKeys out.', 'where.missingKeys');
    where.missingKeys = readKeyList(input.missingKeys, 'where.missingKeys');
  }
  return where;
}

/** Whether a resource with these (complete) tags is kept. */
export function whereFilter(where: Where): TagFilterFn {
  return (tags) => {
    if (!matchesAll(tags, where.tags, where.without)) return false;
    if (where.untagged !== undefined && (userTags(tags).length === 0) !== where.untagged) return false;
    if (where.missingKeys && where.missingKeys.every((k) => tags.some((t) => t.key === k))) return false;
    return true;
  };
}
