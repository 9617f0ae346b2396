/**
 * The price of the DescribeTags catalogs (`tagCatalog`, `tagKeys`, `tagValues`) and of the `resources` under their
 * entries and value facets. Each region's first page is read ahead (it is read first anyway): its TotalCount gives
 * the catalog's pages, and the tags on it their resource counts, so the lists behind the entries shown are priced at
 * what they hold (an entry's count is its listing's length). What the pages read do not show is priced as before:
 * the catalog's size as last seen, else the MODEL's 10 pages; a nested list at the largest count known, else 20 pages.
 */
import { CATALOG_PAGE_SIZE } from '../../loaders/index.js';
import type { DescribeTagsResult, EcsResourceType, TagFilter } from '../../upstream/types.js';
import { countedQuery, type TaggedQuery } from '../search/tagged-plan.js';
import { ECS_TYPE_OF, type EcsKind } from '../types/kinds.js';
import { below, type FieldUse } from './cost-walk.js';
import { MODEL, modelCost, sum, useOf, type Pricing, type Segment } from './listing-cost.js';
import { planCost } from './tagged-cost.js';

interface Catalog {
  regions: string[];
  kind: EcsKind;
  type: EcsResourceType;
  filters: TagFilter[];
  /** Each region's first page, when read. */
  firsts: Array<DescribeTagsResult | undefined>;
}

/** A list argument as a list (a single value coerced as GraphQL does). */
const listOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v]);

/** Catalogs and facets: one region read forward from the start reads its head; else every region whole. */
export function catalogCost(field: FieldUse, p: Pricing): number {
  const a = field.args;
  const regions = [...new Set(listOf(a.regionIds) as string[])].slice(0, 10);
  const kind = (a.kind ?? 'ECS_INSTANCE') as EcsKind;
  const type = ECS_TYPE_OF[kind];
  // tagValues reads the catalog filtered by its key (types/catalog.ts); its value facets list by key=value alone.
  const given = field.name === 'tagValues' ? [{ key: String(a.key) }] : (listOf(a.filters) as TagFilter[]);
  const filters = given.map((f) => (f.value ? { key: f.key, value: f.value } : { key: f.key }));
  // A cursor is checked only when the field runs: its catalog is not read ahead (a bad one makes no call).
  const cursor = a.after != null || a.before != null;
  const firsts = regions.map((regionId) => {
    const ask = { type: 'catalog', regionId, resourceType: type, tags: filters } as const;
    return cursor ? p.seen.peek(ask) : p.seen.want(ask, true);
  });
  const c: Catalog = { regions, kind, type, filters, firsts };
  const whole = regions.map((r, i) => wholePages(p, c, i));
  const head = field.name === 'tagCatalog' && regions.length === 1 && a.last == null && !cursor;
  const pages = head ? [Math.min(whole[0]!, Math.max(1, Math.ceil((p.pageOf(a) + 1) / MODEL.catalogPageSize)))] : whole;
  const read = sum(pages) - firsts.filter(Boolean).length;
  return read + nestedResources(field, p, c, head);
}

function wholePages(p: Pricing, c: Catalog, i: number): number {
  const first = c.firsts[i];
  if (first) return Math.max(1, Math.ceil(first.totalCount / CATALOG_PAGE_SIZE));
  const seen = p.known?.catalog(c.regions[i]!, c.type, c.filters);
  return seen === undefined ? MODEL.catalogPages : Math.max(1, Math.ceil(seen.tags / MODEL.catalogPageSize));
}

/** An entry shown: the list behind its count, and the resources that list holds per region. */
interface Entry {
  query: TaggedQuery;
  counts: Map<string, number>;
}

/**
 * `resources` under each entry of a catalog or facet connection: per entry shown, its list (key=value and the
 * catalog's filters, in the entry's region; a facet's in every region asked) priced at the entry's counts when the
 * first pages show the entries, else by the model.
 */
function nestedResources(field: FieldUse, p: Pricing, c: Catalog, head: boolean): number {
  const uses = below(field, ['edges', 'node', 'resources']);
  if (uses.length === 0) return 0;
  const entries = shownEntries(field, p, c, head);
  if (!entries) return modelNested(field, p, c, uses, head);
  const costs = entries.map((e) =>
    sum(uses.map((use) => planCost(e.query, useOf(use, p), p, { ask: false, count: (s) => e.counts.get(s.regionId) }))),
  );
  // Whichever entries the page shows, it shows at most this many: the dearest of them bound it.
  const shown = Math.min(costs.length, p.pageOf(field.args));
  return sum(costs.sort((x, y) => y - x).slice(0, shown));
}

/**
 * The entries the connection may show, when the first pages tell: a catalog's head within its first page (exactly
 * those), or every entry of catalogs whose first page holds them all. Undefined otherwise.
 */
function shownEntries(field: FieldUse, p: Pricing, c: Catalog, head: boolean): Entry[] | undefined {
  if (c.firsts.some((f) => f === undefined)) return undefined;
  const firsts = c.firsts as DescribeTagsResult[];
  if (head && p.pageOf(field.args) <= CATALOG_PAGE_SIZE) {
    const tags = firsts[0]!.tags.slice(0, p.pageOf(field.args));
    return tags.map((t) => entryOf(c, [c.regions[0]!], t.key, t.value, new Map([[c.regions[0]!, count(c, t)]])));
  }
  if (firsts.some((f) => f.totalCount > f.tags.length)) return undefined;
  if (field.name === 'tagCatalog') {
    return firsts.flatMap((f, i) =>
      f.tags.map((t) => entryOf(c, [c.regions[i]!], t.key, t.value, new Map([[c.regions[i]!, count(c, t)]]))),
    );
  }
  // tagValues: one facet per value, listed in every region asked.
  const byValue = new Map<string, Map<string, number>>();
  firsts.forEach((f, i) => {
    for (const t of f.tags) byValue.set(t.value, (byValue.get(t.value) ?? new Map()).set(c.regions[i]!, count(c, t)));
  });
  const key = c.filters[0]!.key;
  return [...byValue].map(([value, counts]) => {
    for (const r of c.regions) if (!counts.has(r)) counts.set(r, 0);
    return entryOf({ ...c, filters: [] }, c.regions, key, value, counts);
  });
}

const count = (c: Catalog, t: DescribeTagsResult['tags'][number]) => t.resourceTypeCounts[c.type] ?? 0;

function entryOf(c: Catalog, regions: string[], key: string, value: string, counts: Map<string, number>): Entry {
  return { query: countedQuery(regions, c.type, key, value, c.filters), counts };
}

/**
 * The model's price when the entries are not known: one listing per entry shown (and region, for a facet), read
 * whole at most the catalog's largest resource count when known, else 20 pages.
 */
function modelNested(field: FieldUse, p: Pricing, c: Catalog, uses: FieldUse[], head: boolean): number {
  const keysSent = field.name === 'tagValues' ? 1 : 1 + c.filters.length;
  // A catalog's head (one region, from the start, within its first page of 100) shows only page 1's tags.
  const onPage1 = head && p.pageOf(field.args) <= MODEL.catalogPageSize;
  const seen = c.regions.map((r) => {
    const size = p.known?.catalog(r, c.type, c.filters);
    return size?.maxResources ?? (onPage1 ? size?.firstPageMax : undefined);
  });
  const whole = seen.every((n) => n !== undefined)
    ? Math.max(1, Math.ceil((Math.max(0, ...(seen as number[])) * keysSent) / MODEL.rowsPerPage))
    : MODEL.listingPages;
  const entries = p.pageOf(field.args);
  // A catalog entry lists its own region; a value facet lists every region asked.
  const perEntry = field.name === 'tagCatalog' ? 1 : c.regions.length;
  const segs = Array.from({ length: perEntry }, (_, i): Segment => ({
    kind: c.kind,
    regionId: c.regions[i] ?? '?',
    exact: true,
    keysSent,
    wholePages: whole,
  }));
  return uses.reduce((s, use) => s + entries * modelCost(segs, useOf(use, p), p), 0);
}
