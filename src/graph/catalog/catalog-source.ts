/**
 * The ECS tag catalog as list sources. One region: a source that maps a slice onto DescribeTags page numbers and
 * fetches only those pages. Several regions: every page of each region, fetched in parallel, merged in one
 * order (key, value, region). Pages go through the request's catalog loader, so fields share them.
 */
import { CATALOG_PAGE_SIZE } from '../../loaders/index.js';
import { compareUtf8 } from '../../upstream/strings.js';
import type { DescribeTagsResult, EcsResourceType, ResourceTypeCounts, TagFilter } from '../../upstream/types.js';
import type { ListSource } from '../paging/connection.js';
import type { GraphContext } from '../context.js';
import { userInputError } from '../errors.js';

export interface CatalogEntry {
  regionId: string;
  resourceType: EcsResourceType;
  key: string;
  value: string;
  counts: ResourceTypeCounts;
  /** The catalog's filters: the counts are of resources that carry the tag and every filter. */
  filters?: TagFilter[];
}

export interface CatalogQuery {
  regionId: string;
  resourceType: EcsResourceType;
  tags: TagFilter[];
}

/** Beyond this many tags in one merged list, ask for filters or one region (each region is paged lazily). */
export const MERGE_LIMIT = 10_000;

function page(ctx: GraphContext, q: CatalogQuery, pageNumber: number): Promise<DescribeTagsResult> {
  return ctx.loaders.catalogPage.load({ ...q, pageNumber });
}

function entriesOf(q: CatalogQuery, result: DescribeTagsResult): CatalogEntry[] {
  return result.tags.map((t) => ({
    regionId: q.regionId,
    resourceType: q.resourceType,
    key: t.key,
    value: t.value,
    counts: t.resourceTypeCounts,
    filters: q.tags,
  }));
}

/** One region, paged: a slice costs only the DescribeTags pages it overlaps. */
export function pagedCatalogSource(ctx: GraphContext, q: CatalogQuery): ListSource<CatalogEntry> {
  return {
    count: async (near = 0) => (await page(ctx, q, Math.floor(near / CATALOG_PAGE_SIZE) + 1)).totalCount,
    slice: async (start, end) => {
      const firstPage = Math.floor(start / CATALOG_PAGE_SIZE) + 1;
      const lastPage = Math.floor((end - 1) / CATALOG_PAGE_SIZE) + 1;
      const numbers = Array.from({ length: lastPage - firstPage + 1 }, (_, i) => firstPage + i);
      const pages = await Promise.all(numbers.map((n) => page(ctx, q, n)));
      const entries = pages.flatMap((p) => entriesOf(q, p));
      const offset = start - (firstPage - 1) * CATALOG_PAGE_SIZE;
      return entries.slice(offset, offset + (end - start));
    },
  };
}

/** Every page of one region: page 1 tells the total, the other pages follow in parallel. */
async function allCatalogPages(ctx: GraphContext, q: CatalogQuery): Promise<DescribeTagsResult[]> {
  const first = await page(ctx, q, 1);
  if (first.totalCount > MERGE_LIMIT) {
    throw userInputError(
      `The catalog of ${q.regionId} holds ${first.totalCount} tags, more than ${MERGE_LIMIT} can be merged: add filters.`,
      'regionIds',
    );
  }
  const pages = Math.ceil(first.totalCount / CATALOG_PAGE_SIZE);
  const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) }, (_, i) => page(ctx, q, i + 2)));
  return [first, ...rest];
}

/** Every entry of one region, in the cloud's order. */
async function allCatalogEntries(ctx: GraphContext, q: CatalogQuery): Promise<CatalogEntry[]> {
  return (await allCatalogPages(ctx, q)).flatMap((p) => entriesOf(q, p));
}

/** Every entry of several regions, region after region (each in the cloud's order). */
export async function catalogEntries(ctx: GraphContext, queries: CatalogQuery[]): Promise<CatalogEntry[]> {
  return (await Promise.all(queries.map((q) => allCatalogEntries(ctx, q)))).flat();
}

/**
 * Merged lists by the pages they were built from. Pages served by the upstream cache are shared, frozen objects
 * (cache/decoded-entries.ts), the same while the cached text is: so the same pages give the same merged list,
 * and a 50-row page of a warm two-region catalog neither rebuilds nor re-sorts every entry on each request.
 * Keyed weakly by the first page; any other page differing (refreshed, another region set) rebuilds it.
 */
const mergedByPages = new WeakMap<DescribeTagsResult, { pages: DescribeTagsResult[]; entries: CatalogEntry[] }>();

/** Several regions merged into one list, ordered by key, value, then region. */
export async function mergedCatalogEntries(ctx: GraphContext, queries: CatalogQuery[]): Promise<CatalogEntry[]> {
  const perRegion = await Promise.all(queries.map((q) => allCatalogPages(ctx, q)));
  const pages = perRegion.flat();
  const known = pages[0] && mergedByPages.get(pages[0]);
  if (known && known.pages.length === pages.length && known.pages.every((p, i) => p === pages[i])) return known.entries;
  const entries = mergeCatalog(queries.flatMap((q, i) => perRegion[i]!.flatMap((p) => entriesOf(q, p))));
  if (pages[0] && pages.every((p) => Object.isFrozen(p))) {
    // Shared between requests from now on: frozen like the pages they come from.
    for (const entry of entries) Object.freeze(entry);
    mergedByPages.set(pages[0], { pages, entries: Object.freeze(entries) as CatalogEntry[] });
  }
  return entries;
}

/** The entries of several regions as one list, in `byKeyValueRegion` order; refused beyond MERGE_LIMIT. */
export function mergeCatalog(entries: CatalogEntry[]): CatalogEntry[] {
  if (entries.length > MERGE_LIMIT) {
    throw userInputError(
      `The merged catalog holds ${entries.length} tags, more than ${MERGE_LIMIT}: add filters or fewer regions.`,
      'regionIds',
    );
  }
  return [...entries].sort(byKeyValueRegion);
}

/** The merged catalog's order: the cloud's own (UTF-8 bytes of key, then value), then region. */
export function byKeyValueRegion(a: CatalogEntry, b: CatalogEntry): number {
  return compareUtf8(a.key, b.key) || compareUtf8(a.value, b.value) || compareUtf8(a.regionId, b.regionId);
}
