/**
 * What the estimate may learn before it prices (issue 19, item 1): the first DescribeTags page of every catalog the
 * operation reads. Each catalog, facet and nested `resources` under them reads that page first anyway, so it is
 * loaded through the request's own DataLoader (execution then finds it there: no extra call) and the list sizes
 * (loaders/list-sizes.ts) learn the catalog's size and, when it fits one page, the resource count of every tag:
 * "the images behind each value of `env`" is priced at what its values hold, not at 20 pages per value.
 * Made only for an operation that will run (its input checks passed, not an estimate-only request).
 */
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { CatalogPageRef } from '../../loaders/index.js';
import type { GraphContext } from '../context.js';
import { ECS_TYPE_OF, type EcsKind } from '../types/kinds.js';
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

/** Loads them through the request's loader; a failure is execution's to report, not the estimate's. */
export async function prefetchCatalogs(ctx: GraphContext, pages: CatalogPageRef[]): Promise<void> {
  await Promise.all(pages.map((ref) => ctx.loaders.catalogPage.load(ref).catch(() => undefined)));
}
