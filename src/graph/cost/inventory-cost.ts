/**
 * The price of the whole listings behind `resourceInventory` and `tagHygiene`: one per kind and region, ECS through
 * DescribeInstances, … (pages of 100, security groups 50), clusters through DescribeClustersV1 (pages of 100). A
 * listing's first page, read ahead, tells its TotalCount (so its pages) and its resources with their complete tags
 * (so how many a `where` keeps); a listing not read is priced at its TotalCount as last seen, else the MODEL's 2,000
 * resources (100 clusters). A first page read ahead is not paid again, unless the request may have dropped it
 * before its listing is walked (it keeps its last ECS_LISTING_RECENT_PAGES ECS pages).
 */
import { CLUSTER_LIST_PAGE_SIZE, ECS_LISTING_RECENT_PAGES } from '../../loaders/index.js';
import { ECS_LISTING_PAGE_SIZE_MAX } from '../../upstream/operations/validate.js';
import type { Tag } from '../../upstream/types.js';
import { readWhere, whereFilter } from '../inventory/inventory-query.js';
import { readScope } from '../search/tagged-plan.js';
import { ECS_TYPE_OF, isEcsKind, type Kind } from '../types/kinds.js';
import type { FieldUse } from './cost-walk.js';
import { MODEL, sum, useOf, type Pricing } from './listing-cost.js';

interface Listing {
  kind: Kind;
  regionId: string;
  /** Pages when read whole. */
  pages: number;
  /** Its first page, when read ahead: every resource's tags, and whether more pages follow. */
  first?: { tags: Tag[][]; next: boolean };
}

type Scope = Array<{ kind: Kind; regionId: string }>;

function scopeOf(field: FieldUse): Scope {
  const { regionIds, kinds } = readScope(field.args as { regionIds: string[]; kinds?: Kind[] | null });
  return kinds.flatMap((kind) => regionIds.map((regionId) => ({ kind, regionId })));
}

/** A listing as known: read ahead (`ask`: asked for when not; `certain`: execution reads it anyway), else sized. */
function listingOf(p: Pricing, kind: Kind, regionId: string, ask: boolean, certain: boolean, whole = false): Listing {
  if (!isEcsKind(kind)) {
    const a = { type: 'clusters', regionId } as const;
    const seen = p.known?.clusters(regionId);
    const floor = whole && seen !== undefined ? pagesOf(seen, CLUSTER_LIST_PAGE_SIZE) : 1;
    const raw = ask ? p.seen.want(a, certain, floor) : p.seen.peek(a);
    if (!raw) return { kind, regionId, pages: pagesOf(seen ?? MODEL.clustersPerRegion, CLUSTER_LIST_PAGE_SIZE) };
    const clusters = raw.clusters.filter((c) => c.regionId === regionId);
    const next = raw.clusters.length > 0 && raw.pageSize < raw.totalCount;
    return {
      kind,
      regionId,
      pages: next ? pagesOf(raw.totalCount, raw.pageSize) : 1,
      first: { tags: clusters.map((c) => c.tags), next },
    };
  }
  const resourceType = ECS_TYPE_OF[kind];
  const a = { type: 'listing', regionId, resourceType } as const;
  const size = ECS_LISTING_PAGE_SIZE_MAX[resourceType];
  const seen = p.known?.ecsListing(regionId, resourceType);
  const raw = ask ? p.seen.want(a, certain, whole && seen !== undefined ? pagesOf(seen, size) : 1) : p.seen.peek(a);
  if (!raw) return { kind, regionId, pages: pagesOf(seen ?? MODEL.inventoryPerKind, size) };
  const next = raw.resources.length > 0 && raw.pageSize < raw.totalCount;
  return {
    kind,
    regionId,
    pages: next ? pagesOf(raw.totalCount, raw.pageSize) : 1,
    first: { tags: raw.resources.map((r) => r.tags), next },
  };
}

const pagesOf = (n: number, size: number) => Math.max(1, Math.ceil(n / Math.max(1, size)));

/**
 * Whether a first page read ahead is found again by the walk: clusters always (the request's page loader keeps
 * them); ECS pages when this is the operation's only listing field and it reads at most the pages the request keeps.
 */
function kept(p: Pricing, listings: Listing[]): (l: Listing) => boolean {
  const ecsPages = sum(listings.filter((l) => isEcsKind(l.kind)).map((l) => l.pages));
  const ecsKept = p.listingFields === 1 && ecsPages <= ECS_LISTING_RECENT_PAGES;
  return (l) => l.first !== undefined && (!isEcsKind(l.kind) || ecsKept);
}

/** Every listing read to its end (segments in parallel: each starts with its first page). */
function wholeCost(p: Pricing, scope: Scope, ask: boolean): number {
  const ecs = scope.filter((s) => isEcsKind(s.kind)).length;
  const mayAsk = ask && ecs <= ECS_LISTING_RECENT_PAGES;
  const listings = scope.map((s) => listingOf(p, s.kind, s.regionId, mayAsk, true, true));
  const free = kept(p, listings);
  return sum(listings.map((l) => l.pages - (free(l) ? 1 : 0)));
}

/** `tagHygiene`: its one pass reads every listing of its scope whole (a report of `__typename` alone reads none). */
export function hygieneCost(field: FieldUse, p: Pricing): number {
  return wholeCost(
    p,
    scopeOf(field),
    field.children().some((c) => c.name !== '__typename'),
  );
}

/**
 * `resourceInventory`: read whole for `last`/`before`/totalCount; from a cursor, at most one page per listing plus
 * those of the items wanted, never more than whole (every page with a `where`, which may keep few). From the start
 * the walk is followed through the first pages read ahead: where one fills the page nothing more is read; where a
 * listing goes on, the rest of it and of every later listing is priced whole (with a `where`, the later listings'
 * first pages are read ahead too, for their TotalCount: a call each the walk may not need).
 */
export function inventoryCost(field: FieldUse, p: Pricing): number {
  const scope = scopeOf(field);
  const use = useOf(field, p);
  const cursor = field.args.after != null || field.args.before != null;
  if (!use.forward) return wholeCost(p, scope, !cursor);
  const where = field.args.where != null;
  if (cursor) {
    const whole = wholeCost(p, scope, false);
    return where ? whole : Math.min(whole, scope.length + 1 + Math.ceil(use.wanted / 50));
  }
  const keep = whereFilter(readWhere(field.args.where as Parameters<typeof readWhere>[0]));
  const free = kept(
    p,
    scope.map((s) => listingOf(p, s.kind, s.regionId, false, false)),
  );
  let left = use.wanted;
  let calls = 0;
  for (let i = 0; i < scope.length && left > 0; i++) {
    const l = listingOf(p, scope[i]!.kind, scope[i]!.regionId, true, true);
    if (!l.first) return calls + restCost(p, scope.slice(i), l.pages, left, where, false, free);
    calls += free(l) ? 0 : 1;
    left -= Math.min(left, l.first.tags.filter((tags) => keep(tags)).length);
    if (left > 0 && l.first.next) return calls + restCost(p, scope.slice(i), l.pages - 1, left, where, where, free);
  }
  return calls;
}

/**
 * The walk from listing `scope[0]` (`pages` of it left) on: with a `where`, every page; without, the items wanted
 * (one page per listing at worst plus theirs), never more than whole. `ask`: read the later first pages ahead.
 */
function restCost(
  p: Pricing,
  scope: Scope,
  pages: number,
  left: number,
  where: boolean,
  ask: boolean,
  free: (l: Listing) => boolean,
): number {
  const later = scope.slice(1).map((s) => listingOf(p, s.kind, s.regionId, ask, false));
  const whole = pages + sum(later.map((l) => l.pages - (free(l) ? 1 : 0)));
  return where ? whole : Math.min(whole, scope.length + Math.ceil(left / 50));
}
