/**
 * What the estimate may learn before it prices (issue 19, item 1): the first DescribeTags page of every catalog the
 * operation reads. Each catalog, facet and nested `resources` under them reads that page first anyway, so it is
 * loaded through the request's own DataLoader (execution then finds it there: no extra call) and the list sizes
 * (loaders/list-sizes.ts) learn the catalog's size and, when it fits one page, the resource count of every tag:
 * "the images behind each value of `env`" is priced at what its values hold, not at 20 pages per value.
 * Likewise the first page of every listing a `tagHygiene` report reads (its one pass reads every listing of its
 * scope whole, first pages first): the listings' TotalCount prices the report at its real pages. A report of more
 * segments than the request keeps listing pages (ECS_LISTING_RECENT_PAGES) is not read ahead: a page read ahead and
 * dropped before its segment starts would be read twice.
 * Made only for an operation that will run (its input checks passed, not an estimate-only request).
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { ECS_LISTING_RECENT_PAGES, type CatalogPageRef } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { readScope } from '../search/tagged-plan.js';
import { ECS_TYPE_OF, isEcsKind, type EcsKind, type Kind } from '../types/kinds.js';
import { rootFields } from './cost-walk.js';

const CATALOG_ROOTS = new Set(['tagCatalog', 'tagKeys', 'tagValues']);

/** The first pages of the catalogs the operation's root fields read. */
export function catalogFirstPages(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): CatalogPageRef[] {
  // A cursor page is left out: its cursor is checked only at execution, and a bad one would make the read pointless.
  const roots = (rootFields(schema, document, operationName, variables) ?? []).filter(
    (f) => CATALOG_ROOTS.has(f.name) && f.args.after == null && f.args.before == null,
  );
  return roots.flatMap((f) => {
    const a = f.args;
    const resourceType = ECS_TYPE_OF[(a.kind ?? 'ECS_INSTANCE') as EcsKind];
    const given =
      f.name === 'tagValues'
        ? [{ key: String(a.key) }]
        : ((a.filters ?? []) as Array<{ key: string; value?: string | null }>);
    const tags = given.map((t) => (t.value ? { key: t.key, value: t.value } : { key: t.key }));
    const regions = [...new Set((Array.isArray(a.regionIds) ? a.regionIds : []) as string[])];
    return regions.map((regionId) => ({ regionId, resourceType, tags, pageNumber: 1 }));
  });
}

/** The (region, kind) listings whose first page a `tagHygiene` report will read. */
export interface ListingRef {
  regionId: string;
  kind: Kind;
}

/** The listings of the operation's `tagHygiene` reports (a report that selects only `__typename` reads none). */
export function hygieneFirstPages(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): ListingRef[] {
  const reports = (rootFields(schema, document, operationName, variables) ?? []).filter(
    (f) => f.name === 'tagHygiene' && f.children().some((c) => c.name !== '__typename'),
  );
  const refs = reports.flatMap((f) => {
    const { regionIds, kinds } = readScope(f.args as { regionIds: string[]; kinds?: Kind[] | null });
    return kinds.flatMap((kind) => regionIds.map((regionId) => ({ regionId, kind })));
  });
  const unique = [...new Map(refs.map((r) => [`${r.kind}/${r.regionId}`, r])).values()];
  return unique.filter((r) => isEcsKind(r.kind)).length <= ECS_LISTING_RECENT_PAGES ? unique : [];
}

/** Loads them through the request's loaders; a failure is execution's to report, not the estimate's. */
export async function prefetchPages(ctx: GraphContext, pages: CatalogPageRef[], listings: ListingRef[] = []) {
  const { catalogPage, ecsListingPage, clusterListPage } = ctx.loaders;
  await Promise.all([
    ...pages.map((ref) => catalogPage.load(ref).catch(() => undefined)),
    ...listings.map((r) =>
      (isEcsKind(r.kind)
        ? ecsListingPage({ regionId: r.regionId, resourceType: ECS_TYPE_OF[r.kind], pageNumber: 1 })
        : clusterListPage.load({ regionId: r.regionId, pageNumber: 1 })
      ).catch(() => undefined),
    ),
  ]);
}
