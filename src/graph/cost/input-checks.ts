/**
 * The input checks the root resolvers make before any call, made before the budget is checked: an operation that
 * is refused for its input answers BAD_USER_INPUT, not UPSTREAM_BUDGET_EXCEEDED (issue 19, item 3), and a field
 * that will be refused costs nothing in the estimate. The checks are the resolvers' own functions, not copies.
 */
import { GraphQLError } from 'graphql';
import { MAX_REFS } from '../context.js';
import { ErrorCode, extensionsFor, userInputError } from '../errors.js';
import { readTagMatches } from '../search/tag-match.js';
import { readScope, readTaggedQuery } from '../search/tagged-plan.js';
import { readKeyList, readWhere } from '../inventory/inventory-query.js';
import { catalogQueries } from '../types/catalog.js';
import { readClusterIds } from '../types/cluster.js';
import type { Kind } from '../types/kinds.js';
import type { FieldUse } from './cost-walk.js';

type Args = Record<string, unknown>;

const CHECKS: Record<string, (a: Args) => void> = {
  taggedResources: (a) =>
    readTaggedQuery(
      a as { regionIds: string[]; kinds?: Kind[] | null },
      readTagMatches(a.tags as Parameters<typeof readTagMatches>[0], 'tags'),
      readTagMatches(a.without as Parameters<typeof readTagMatches>[0], 'without'),
    ),
  tagCatalog: (a) => catalogQueries(a as { regionIds: string[] }, []),
  tagKeys: (a) => catalogQueries(a as { regionIds: string[] }, []),
  tagValues: (a) => catalogQueries(a as { regionIds: string[] }, []),
  ackClusters: (a) => (a.clusterIds == null ? undefined : readClusterIds(a.clusterIds as string[], MAX_REFS)),
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

/** The input error the root field will answer, as a located GraphQLError; undefined when its input passes. */
export function inputErrorOf(field: FieldUse, maxPageSize: number | undefined): GraphQLError | undefined {
  try {
    pageSizes(field.args, maxPageSize);
    CHECKS[field.name]?.(field.args);
    return undefined;
  } catch (err) {
    const extensions = extensionsFor(err);
    if (extensions?.code !== ErrorCode.BAD_USER_INPUT) return undefined;
    return new GraphQLError((err as Error).message, { nodes: [field.node], path: [field.key], extensions });
  }
}
