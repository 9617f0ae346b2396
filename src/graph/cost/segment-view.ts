/**
 * One segment of a tagged list's plan as the estimate sees it (tagged-cost.ts): what the read-ahead saw of its first
 * page (its resources in order, which of them match when the page can tell, whether more pages follow) and its length
 * when read whole: one page when the first page ended it, else its pages as last seen (loaders/list-sizes.ts), else
 * counted from a DescribeTags page (`countSegments`), else from the region's catalog, else the MODEL's.
 */
import { LIMITS } from '../../upstream/operations/validate.js';
import type { DescribeTagsResult, EcsTagResourcesResult, Tag, TagFilter } from '../../upstream/types.js';
import { matchesAll } from '../search/tag-match.js';
import { driverOf, type Segment as PlanSegment, type TaggedQuery } from '../search/tagged-plan.js';
import { ECS_TYPE_OF, isEcsKind, type Kind } from '../types/kinds.js';
import { MODEL, sum, type Pricing, type Segment } from './listing-cost.js';

export interface ViewOptions {
  /** May ask for first pages (a list that starts at a cursor or hangs below another is not read ahead). */
  ask: boolean;
  /** Resources an exact segment holds, when known (the catalog's count behind a catalog entry or facet). */
  count?: (seg: PlanSegment) => number | undefined;
}

export interface PageView {
  /** Its resources, distinct, in order. */
  ids: string[];
  /** Per resource: whether it is in the list (undefined: the page cannot tell). */
  pass: Array<boolean | undefined>;
  next: boolean;
  rows: number;
}

export interface SegmentView {
  plan: PlanSegment;
  model: Segment;
  page?: PageView;
  /** Resources it holds, when known. */
  resources?: number;
  /** Distinct resources one page holds at most. */
  perPage: number;
}

/**
 * The view of segment `s`; its first page is asked for when `opts.ask` (`certain`: execution reads it anyway;
 * `whole`: it reads the segment to its end, so its pages as last seen are certain too).
 */
export function viewOf(
  s: PlanSegment,
  q: TaggedQuery,
  p: Pricing,
  opts: ViewOptions,
  certain: boolean,
  whole = false,
): SegmentView {
  return isEcsKind(s.kind) ? ecsView(s, q, p, opts, certain, whole) : clusterView(s, q, p, opts, certain, whole);
}

function clusterView(
  s: PlanSegment,
  q: TaggedQuery,
  p: Pricing,
  opts: ViewOptions,
  certain: boolean,
  whole: boolean,
): SegmentView {
  const ask = { type: 'clusters', regionId: s.regionId } as const;
  const sized = clusterPages(p, s.regionId);
  const floor = whole && p.known?.clusters(s.regionId) !== undefined ? sized : 1;
  const raw = opts.ask ? p.seen.want(ask, certain, floor) : p.seen.peek(ask);
  const model = { kind: s.kind, regionId: s.regionId, exact: s.exact, keysSent: 0, wholePages: sized };
  if (!raw) return { plan: s, model, perPage: 100 };
  const clusters = raw.clusters.filter((c) => c.regionId === s.regionId);
  const next = raw.clusters.length > 0 && raw.pageSize < raw.totalCount;
  const page: PageView = {
    ids: clusters.map((c) => c.clusterId),
    pass: clusters.map((c) => s.exact || matchesAll(c.tags, q.tags, q.without)),
    next,
    rows: clusters.length,
  };
  const pages = next ? Math.max(2, Math.ceil(raw.totalCount / Math.max(1, raw.pageSize))) : 1;
  return { plan: s, model: { ...model, wholePages: pages }, page, perPage: raw.pageSize };
}

/** DescribeClustersV1 pages of a region's listing read whole (100 clusters a page). */
export function clusterPages(p: Pricing, regionId: string): number {
  const n = p.known?.clusters(regionId);
  return n === undefined ? Math.ceil(MODEL.clustersPerRegion / 50) : Math.max(1, Math.ceil(n / 100));
}

function ecsView(
  s: PlanSegment,
  q: TaggedQuery,
  p: Pricing,
  opts: ViewOptions,
  certain: boolean,
  whole: boolean,
): SegmentView {
  const resourceType = ECS_TYPE_OF[s.kind as Exclude<Kind, 'ACK_CLUSTER'>];
  const ask = { type: 'tagged', regionId: s.regionId, resourceType, tags: s.filters } as const;
  const seenPages = p.known?.ecsPages(s.regionId, resourceType, s.filters);
  const raw = opts.ask ? p.seen.want(ask, certain, whole ? (seenPages ?? 1) : 1) : p.seen.peek(ask);
  const keysSent = Math.max(1, s.filters.length);
  const page = raw && pageView(raw, q, s);
  const counted = s.exact ? opts.count?.(s) : undefined;
  const resources = page && !page.next ? page.ids.length : counted;
  const pages =
    page && !page.next
      ? 1
      : (seenPages ??
        (counted !== undefined ? rowPages(counted * keysSent, MODEL.rowsPerPage) : undefined) ??
        bySeenCounts(p, s, keysSent) ??
        MODEL.listingPages);
  const rejects = s.exact ? 0 : rejectBound(p, q, s.regionId, s.kind);
  const model: Segment = {
    kind: s.kind,
    regionId: s.regionId,
    exact: s.exact,
    keysSent,
    wholePages: page?.next ? Math.max(2, pages) : pages,
    ...(rejects !== undefined ? { rejects } : {}),
  };
  return {
    plan: s,
    model,
    ...(page ? { page } : {}),
    ...(resources !== undefined ? { resources } : {}),
    perPage: Math.ceil(MODEL.rowsPerPage / keysSent),
  };
}

const rowPages = (rows: number, perPage: number) => Math.max(1, Math.ceil(rows / Math.max(1, perPage)));

/**
 * A by-tag page's resources and which of them match. Its rows hold every tag of a filter key sent (the resource
 * carries each), so when every key the list checks was sent the rows decide; the last resource's rows may go on to
 * the next page, so it is left undecided when one follows.
 */
function pageView(raw: EcsTagResourcesResult, q: TaggedQuery, s: PlanSegment): PageView {
  const ids = [...new Set(raw.tagResources.map((r) => r.resourceId))];
  const next = !!raw.nextToken;
  const sent = new Set(s.filters.map((f) => f.key));
  const decides = [...q.tags, ...q.without].every((m) => sent.has(m.key));
  const rows = new Map<string, Tag[]>();
  for (const r of raw.tagResources) rows.set(r.resourceId, [...(rows.get(r.resourceId) ?? []), r]);
  const pass = ids.map((id, i) => {
    if (s.exact) return true;
    if (!decides || (next && i === ids.length - 1)) return undefined;
    return matchesAll(rows.get(id) ?? [], q.tags, q.without);
  });
  return { ids, pass, next, rows: raw.tagResources.length };
}

/**
 * Read whole, a segment whose first page did not end it and whose length is not known is counted: one DescribeTags
 * page with its filters (at most 5, those with a value first) tells how many resources carry them (a value's count is
 * given for every kind, so one page serves a region's kinds). Its pages: those resources' rows (one per filter key,
 * as the first page shows them) over the first page's row count. A call the list does not make itself: asked for
 * only here, where the alternative is the MODEL's 20 pages.
 */
export function countSegments(views: SegmentView[], p: Pricing): void {
  const groups = new Map<string, { filters: TagFilter[]; views: SegmentView[] }>();
  for (const v of views) {
    if (!isEcsKind(v.model.kind) || !v.page?.next || v.resources !== undefined) continue;
    const type = ECS_TYPE_OF[v.model.kind];
    if (p.known?.ecsPages(v.model.regionId, type, v.plan.filters) !== undefined) continue;
    const filters = countFilters(v.plan.filters);
    const valued = filters.some((f) => f.value !== undefined);
    const key = JSON.stringify([v.model.regionId, valued ? '' : type, filters]);
    const group = groups.get(key) ?? { filters, views: [] };
    groups.set(key, { ...group, views: [...group.views, v] });
  }
  for (const { filters, views: members } of groups.values()) {
    const first = members[0]!;
    const resourceType = ECS_TYPE_OF[first.model.kind as Exclude<Kind, 'ACK_CLUSTER'>];
    const ask = { type: 'catalog', regionId: first.model.regionId, resourceType, tags: filters } as const;
    const page = p.seen.want(ask, false);
    if (!page) continue;
    for (const v of members) {
      const n = countOf(page, ECS_TYPE_OF[v.model.kind as Exclude<Kind, 'ACK_CLUSTER'>], filters);
      if (n === undefined) continue;
      const perResource = Math.max(v.model.keysSent, Math.ceil(v.page!.rows / Math.max(1, v.page!.ids.length)));
      v.resources = n;
      v.model.wholePages = Math.max(2, rowPages(n * perResource, Math.min(v.page!.rows, MODEL.rowsPerPage)));
    }
  }
}

/** The filters DescribeTags takes of a listing's (at most 5; those with a value first: each gives an exact count). */
function countFilters(filters: TagFilter[]): TagFilter[] {
  const valued = filters.filter((f) => f.value !== undefined);
  return [...valued, ...filters.filter((f) => f.value === undefined)].slice(0, LIMITS.ecsTagFilters);
}

/** Resources of `type` carrying every filter, from a DescribeTags page with those filters (undefined: not told). */
function countOf(
  page: DescribeTagsResult,
  type: keyof DescribeTagsResult['tags'][number]['resourceTypeCounts'],
  filters: TagFilter[],
) {
  const valued = filters.find((f) => f.value !== undefined);
  if (valued) return page.tags.find((t) => t.key === valued.key && t.value === valued.value)?.resourceTypeCounts[type];
  if (page.totalCount > page.tags.length) return undefined;
  return sum(page.tags.filter((t) => t.key === filters[0]!.key).map((t) => t.resourceTypeCounts[type] ?? 0));
}

/**
 * At most how many resources of a loose segment the local check rejects, from the region's catalog: those that
 * carry a `without` tag, and those that carry the key of a several-valued entry sent as its key alone with another
 * value. Undefined when a count is unknown or an entry holds an empty value.
 */
function rejectBound(p: Pricing, q: TaggedQuery, regionId: string, kind: Kind): number | undefined {
  if (!p.known || !isEcsKind(kind) || q.tags.length === 0) return undefined;
  const type = ECS_TYPE_OF[kind];
  const count = (key: string, value?: string) => p.known!.tagged(regionId, type, key, value);
  if ([...q.tags, ...q.without].some((m) => m.values?.includes(''))) return undefined;
  const driver = driverOf(q.tags);
  const parts = [
    ...q.without.flatMap((w) => (w.values ?? [undefined]).map((v) => count(w.key, v))),
    ...q.tags
      .filter((m) => m !== driver && (m.values?.length ?? 0) > 1)
      .map((m) => {
        const all = count(m.key);
        const kept = m.values!.map((v) => count(m.key, v));
        return all === undefined || kept.includes(undefined) ? undefined : all - sum(kept as number[]);
      }),
  ];
  return parts.includes(undefined) ? undefined : sum(parts as number[]);
}

/**
 * An ECS by-tag listing's pages from the region's catalog: it holds at most as many resources as its rarest filter
 * tag is on (a key alone: the sum over the key's values), each one row per filter key sent.
 */
function bySeenCounts(p: Pricing, s: PlanSegment, keysSent: number): number | undefined {
  if (!p.known || !isEcsKind(s.kind)) return undefined;
  const type = ECS_TYPE_OF[s.kind];
  const counts = s.filters.map((f) => p.known!.tagged(s.regionId, type, f.key, f.value));
  if (counts.length === 0 || counts.some((n) => n === undefined)) return undefined;
  return rowPages(Math.min(...(counts as number[])) * keysSent, MODEL.rowsPerPage);
}
