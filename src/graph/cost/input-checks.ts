/**
 * The input checks the root resolvers make before any call, made before the budget is checked: an operation that
 * is refused for its input answers BAD_USER_INPUT, not UPSTREAM_BUDGET_EXCEEDED (issue 19, item 3), and a field
 * that will be refused costs nothing in the estimate. The checks are the resolvers' own functions, not copies.
 * Only a field whose every check passed is read ahead (read-ahead.ts): bad input makes no call.
 */
import { GraphQLError } from 'graphql';
import { MAX_REFS } from '../context.js';
import { ErrorCode, extensionsFor, userInputError } from '../errors.js';
import { readTagMatches } from '../search/tag-match.js';
import { readScope, readTaggedQuery } from '../search/tagged-plan.js';
import { readKeyList, readWhere } from '../inventory/inventory-query.js';
import { catalogQueries } from '../types/catalog.js';
import { readClusterIds } from '../types/cluster.js';
import { readDetailFilters } from '../types/cluster-filters.js';
import type { Kind } from '../types/kinds.js';
import { readFilters, readKeys } from '../types/tag.js';
import { LIMITS, validateRegionId } from '../../upstream/operations/validate.js';
import type { ClusterState } from '../../upstream/types.js';
import type { FieldUse } from './cost-walk.js';

type Args = Record<string, unknown>;
type Filters = Parameters<typeof readFilters>[0];

const CHECKS: Record<string, (a: Args) => void> = {
  taggedResources: (a) =>
    readTaggedQuery(
      a as { regionIds: string[]; kinds?: Kind[] | null },
      readTagMatches(a.tags as Parameters<typeof readTagMatches>[0], 'tags'),
      readTagMatches(a.without as Parameters<typeof readTagMatches>[0], 'without'),
    ),
  tagCatalog: (a) => {
    readFilters(a.filters as Filters, LIMITS.ecsTagFilters);
    catalogQueries(a as { regionIds: string[] }, []);
  },
  tagKeys: (a) => catalogQueries(a as { regionIds: string[] }, []),
  tagValues: (a) => {
    catalogQueries(a as { regionIds: string[] }, readFilters([{ key: a.key as string }], 1));
  },
  ackClusters: (a) => {
    validateRegionId(a.clusterIds ? 'ListTagResources' : 'DescribeClustersV1', a.regionId as string);
    readFilters(a.filters as Filters, LIMITS.csTagFilters);
    readDetailFilters(a.name as string, a.state as ClusterState, a.clusterType as string);
    if (a.clusterIds != null) readClusterIds(a.clusterIds as string[], MAX_REFS);
  },
  resourceInventory: (a) => {
    readScope(a as { regionIds: string[]; kinds?: Kind[] | null });
    readWhere(a.where as Parameters<typeof readWhere>[0]);
  },
  tagHygiene: (a) => {
    readScope(a as { regionIds: string[]; kinds?: Kind[] | null });
    if (a.requiredKeys != null) readKeyList(a.requiredKeys as string[], 'requiredKeys');
  },
  resources: (a) => tooMany(a.refs, 'refs'),
  nodes: (a) => tooMany(a.ids, 'ids'),
};

function tooMany(list: unknown, argument: string): void {
  if (Array.isArray(list) && list.length > MAX_REFS)
    throw userInputError(`At most ${MAX_REFS} items may be given.`, argument);
}

function pageSizes(a: Args, maxPageSize: number | undefined): void {
  for (const name of ['first', 'last'] as const) {
    const v = a[name];
    if (v == null) continue;
    if (!Number.isInteger(v) || (v as number) < 0)
      throw userInputError(`${name} must be a non-negative integer.`, name);
    if (maxPageSize !== undefined && (v as number) > maxPageSize)
      throw userInputError(`${name} must be at most ${maxPageSize}.`, name);
  }
}

/**
 * `ackClusters` looks its clusters up before their objects exist, so it checks the `tags` fields below it first
 * (paging/nested-args.ts): their keys and page sizes here; a cursor there is checked only when it runs.
 */
function nestedTags(field: FieldUse, maxPageSize: number | undefined): boolean {
  let clean = true;
  const visit = (use: FieldUse) => {
    for (const child of use.children()) {
      if (child.name === 'tags') {
        readKeys(child.args.keys as string[] | null | undefined);
        pageSizes(child.args, maxPageSize);
        if (child.args.after != null || child.args.before != null) clean = false;
      } else visit(child);
    }
  };
  visit(field);
  return clean;
}

export interface InputCheck {
  /** The input error the root field will answer, as a located GraphQLError. */
  error?: GraphQLError;
  /** True when every check ran and passed, and none is left for execution: the field may be read ahead. */
  clean: boolean;
}

/** Runs the root field's input checks. */
export function checkInput(field: FieldUse, maxPageSize: number | undefined): InputCheck {
  try {
    pageSizes(field.args, maxPageSize);
    CHECKS[field.name]?.(field.args);
    // A cursor is checked only when the field runs (against its list's scope): a bad one makes no call.
    if (field.args.after != null || field.args.before != null) return { clean: false };
    return { clean: field.name === 'ackClusters' ? nestedTags(field, maxPageSize) : true };
  } catch (err) {
    const extensions = extensionsFor(err);
    if (extensions?.code !== ErrorCode.BAD_USER_INPUT) return { clean: false };
    const error = new GraphQLError((err as Error).message, { nodes: [field.node], path: [field.key], extensions });
    return { error, clean: false };
  }
}
