/**
 * The price of the lists the estimate cannot see the length of: `taggedResources` (its real plan of segments,
 * tagged-plan.ts), the `resources` behind catalog entries and value facets, and the DescribeTags catalogs. A list
 * the gateway has seen is priced at its known length (loaders/list-sizes.ts: the pages an ECS listing took, the
 * catalog's tag count and its largest resource count, the region's cluster count); one it has not, at the MODEL's
 * assumption (cost.ts). Issue 19, item 1: whole lists used to be priced at 20 pages per segment whatever they held.
 */
import type { KnownSizes } from '../../loaders/index.js';
import type { TagFilter } from '../../upstream/types.js';
import { readTagMatches } from '../search/tag-match.js';
import { driverOf, readTaggedQuery, segmentsOf, type TaggedQuery } from '../search/tagged-plan.js';
import { ECS_TYPE_OF, isEcsKind, type EcsKind, type Kind } from '../types/kinds.js';
import { below, selects, type FieldUse } from './cost-walk.js';

export const MODEL = {
  /** ECS and CS ListTagResources: IDs per call (the loaders' batch). */
  idsPerCall: 50,
  /** Rows (resource, tag) per ListTagResources page (the cloud documents none; the simulator's is 50). */
  rowsPerPage: 50,
  /** Tags per resource at most (the cloud's limit): a call of n IDs reads at most ceil(n × 20 / 50) pages. */
  tagsPerResource: 20,
  /** DescribeTags catalog page size (the catalog loader's). */
  catalogPageSize: 100,
  /** Assumed: a region's catalog of one kind holds at most 1,000 tags (10 pages) when it must be read whole. */
  catalogPages: 10,
  /** Assumed: a region holds at most 100 ACK clusters (one DescribeClustersV1 page of 100, two of 50). */
  clustersPerRegion: 100,
  /** Assumed: one by-tag ECS listing read whole (last/before, totalCount) spans at most 20 pages (1,000 rows). */
  listingPages: 20,
  /**
   * Assumed: a region holds at most 2,000 ECS resources of one kind, so its whole listing (DescribeInstances, …)
   * is 20 pages of 100 (security groups 40 pages of 50).
   */
  inventoryPerKind: 2_000,
} as const;

/**
 * Fields of a resource that load its tags (`tagsFetchedAt` tells when they were fetched, `tagsVersion` hashes them,
 * `compliance` checks them).
 */
export const TAG_FIELDS = ['tags', 'tagsFetchedAt', 'tagsVersion', 'compliance'] as const;
/** Fields of an ACK cluster that load its details (DescribeClustersV1; `status` is its `state`). */
export const DETAIL_FIELDS = ['name', 'state', 'status', 'clusterType', 'clusterSpec', 'createdAt'] as const;

export interface Pricing {
  /** The connection's page size (first, else last, else the default; bounded). */
  pageOf(args: Record<string, unknown>): number;
  known?: KnownSizes;
  /** Tags per resource at most: the most the tenant's resources were seen with, else the cloud's limit. */
  tagsPer: number;
}

/** One upstream listing of a list: its kind and region, whether its filters decide, and its pages read whole. */
interface Segment {
  kind: Kind;
  regionId: string;
  exact: boolean;
  /** Rows per resource in a by-tag ECS listing: one per filter key sent. */
  keysSent: number;
  wholePages: number;
  /** Loose ECS segments: at most how many of its resources the local check rejects (undefined: unknown). */
  rejects?: number;
}

/** ListTagResources calls for the tags of n resources spread over at most `groups` (region, kind) groups. */
export function spreadTagCalls(n: number, groups: number, tagsPer: number): number {
  if (n <= 0 || groups <= 0) return 0;
  const slices = Math.min(n, groups + Math.floor(n / MODEL.idsPerCall));
  return Math.ceil((n * tagsPer) / MODEL.rowsPerPage) + slices;
}

/** Forward paging without a cursor and without totalCount: only the head of the list is read. */
export function readsHead(field: FieldUse): boolean {
  const a = field.args;
  return a.last == null && a.before == null && a.after == null && !selects(field, ['totalCount']);
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const groupsOf = (segs: Segment[]) => new Set(segs.map((s) => `${s.kind}/${s.regionId}`)).size;

/** DescribeClustersV1 pages of a region's listing read whole (100 clusters a page). */
function clusterPages(p: Pricing, regionId: string): number {
  const n = p.known?.clusters(regionId);
  return n === undefined ? Math.ceil(MODEL.clustersPerRegion / 50) : Math.max(1, Math.ceil(n / 100));
}

/** DescribeTags pages of a region's catalog read whole. */
export function catalogPages(p: Pricing, regionId: string, kind: EcsKind, filters: TagFilter[]): number {
  const seen = p.known?.catalog(regionId, ECS_TYPE_OF[kind], filters);
  return seen === undefined ? MODEL.catalogPages : Math.max(1, Math.ceil(seen.tags / MODEL.catalogPageSize));
}

/**
 * A listing's calls: ECS segments read lazily for a forward page (one page each at worst plus the rows of page+1
 * matches, never more than the segments hold) or whole; cluster listings the same; the tags of the ECS resources
 * examined when the filters sent cannot decide; the `tags` of the ECS nodes shown.
 */
function listingCost(field: FieldUse, segs: Segment[], p: Pricing): number {
  const page = p.pageOf(field.args);
  const head = readsHead(field) || field.args.after != null;
  const ecs = segs.filter((s) => isEcsKind(s.kind));
  const ack = segs.filter((s) => !isEcsKind(s.kind));
  const keys = Math.max(1, ...ecs.map((s) => s.keysSent));
  const ecsWhole = sum(ecs.map((s) => s.wholePages));
  // A loose segment (filters that cannot decide) may hold no match at all: a forward page may read it whole.
  const loose = ecs.filter((s) => !s.exact);
  const looseWhole = sum(loose.map((s) => s.wholePages));
  // Read forward, a listing stops once page+1 resources matched: it examines at most those and every rejected one.
  // Rejects are counted per (region, kind): its segments are disjoint, one resource is rejected in one of them.
  const perGroup = new Map(loose.map((s) => [`${s.kind}/${s.regionId}`, s.rejects]));
  const rejects = [...perGroup.values()].every((r) => r !== undefined)
    ? sum([...perGroup.values()] as number[])
    : undefined;
  const wanted = page + 1 + (rejects ?? 0);
  const lazy = ecs.length + Math.ceil((wanted * keys) / MODEL.rowsPerPage) + (field.args.after != null ? 1 : 0);
  // Rejects unknown (no catalog seen): the MODEL assumes matches come as often as in an exact listing. An account
  // where most examined resources are rejected costs more; the run-time budget stops it.
  const headPages = lazy;
  const ecsPages = ecs.length === 0 ? 0 : head ? Math.min(ecsWhole, headPages) : ecsWhole;
  const ackWhole = sum(ack.map((s) => s.wholePages));
  const ackPages = head ? Math.min(ackWhole, ack.length + Math.ceil((page + 1) / 50)) : ackWhole;
  const looseKeys = Math.max(1, Math.min(...loose.map((s) => s.keysSent)));
  const looseRead = head ? Math.min(looseWhole, ecsPages) : looseWhole;
  const perPage = Math.ceil(MODEL.rowsPerPage / looseKeys);
  // Forward, tags are loaded in batches of at most the resources still wanted (tagged-stream.ts): at most `wanted`
  // are examined, in at most one batch per page read plus one per rejected resource, each split by 50 IDs.
  const looseResources = Math.min(looseRead * perPage, head ? wanted : Infinity);
  const batches = head ? looseRead + (rejects ?? 0) : groupsOf(loose);
  const examined =
    loose.length === 0 || looseResources === 0
      ? 0
      : Math.ceil((looseResources * p.tagsPer) / MODEL.rowsPerPage) +
        Math.min(looseResources, batches + Math.floor(looseResources / MODEL.idsPerCall));
  const nodes = below(field, ['edges', 'node']);
  // Nodes of loose segments were examined: their tags are in the request's loader already.
  const shownTags = nodes.some((n) => selects(n, TAG_FIELDS)) && ecs.some((s) => s.exact);
  const nodeTags = shownTags ? spreadTagCalls(page, groupsOf(ecs), p.tagsPer) : 0;
  // The clusters' details come from their region's listing, read again by the details loader.
  const details = nodes.some((n) => selects(n, DETAIL_FIELDS)) ? ackWhole : 0;
  return ecsPages + ackPages + examined + nodeTags + details;
}

type MatchArg = Parameters<typeof readTagMatches>[0];

/** `taggedResources`: the plan's own segments, each at its known length or the MODEL's. */
export function taggedCost(field: FieldUse, p: Pricing): number {
  const a = field.args;
  const q = readTaggedQuery(
    a as { regionIds: string[]; kinds?: Kind[] | null },
    readTagMatches(a.tags as MatchArg, 'tags'),
    readTagMatches(a.without as MatchArg, 'without'),
  );
  const segs = segmentsOf(q).map((s): Segment => {
    if (!isEcsKind(s.kind))
      return { kind: s.kind, regionId: s.regionId, exact: true, keysSent: 0, wholePages: clusterPages(p, s.regionId) };
    const keysSent = Math.max(1, s.filters.length);
    const known = p.known?.ecsPages(s.regionId, ECS_TYPE_OF[s.kind], s.filters) ?? bySeenCounts(p, s, keysSent);
    const rejects = s.exact ? 0 : rejectBound(p, q, s.regionId, s.kind);
    return {
      kind: s.kind,
      regionId: s.regionId,
      exact: s.exact,
      keysSent,
      wholePages: known ?? MODEL.listingPages,
      ...(rejects !== undefined ? { rejects } : {}),
    };
  });
  return listingCost(field, segs, p);
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
function bySeenCounts(p: Pricing, s: { kind: Kind; regionId: string; filters: TagFilter[] }, keysSent: number) {
  if (!p.known || !isEcsKind(s.kind)) return undefined;
  const type = ECS_TYPE_OF[s.kind];
  const counts = s.filters.map((f) => p.known!.tagged(s.regionId, type, f.key, f.value));
  if (counts.length === 0 || counts.some((n) => n === undefined)) return undefined;
  const resources = Math.min(...(counts as number[]));
  return Math.max(1, Math.ceil((resources * keysSent) / MODEL.rowsPerPage));
}

/**
 * `resources` under each entry of a catalog or facet connection: one by-tag listing (key=value and the catalog's
 * filters) per entry shown and region. Read whole, it holds at most the catalog's largest resource count.
 */
export function nestedResources(
  field: FieldUse,
  p: Pricing,
  at: { kind: EcsKind; regions: string[]; filters: TagFilter[]; keysSent: number },
): number {
  const uses = below(field, ['edges', 'node', 'resources']);
  if (uses.length === 0) return 0;
  const { kind, regions, keysSent } = at;
  const a = field.args;
  // A catalog's head (one region, from the start, within its first page of 100) shows only page 1's tags.
  const onPage1 =
    field.name === 'tagCatalog' &&
    regions.length === 1 &&
    a.after == null &&
    a.last == null &&
    a.before == null &&
    p.pageOf(a) <= MODEL.catalogPageSize;
  const seen = regions.map((r) => {
    const size = p.known?.catalog(r, ECS_TYPE_OF[kind], at.filters);
    return size?.maxResources ?? (onPage1 ? size?.firstPageMax : undefined);
  });
  const whole = seen.every((n) => n !== undefined)
    ? Math.max(1, Math.ceil((Math.max(0, ...(seen as number[])) * keysSent) / MODEL.rowsPerPage))
    : MODEL.listingPages;
  const entries = p.pageOf(field.args);
  // A catalog entry lists its own region; a value facet lists every region asked.
  const perEntry = field.name === 'tagCatalog' ? 1 : regions.length;
  const segs = Array.from({ length: perEntry }, (_, i): Segment => ({
    kind,
    regionId: regions[i] ?? '?',
    exact: true,
    keysSent,
    wholePages: whole,
  }));
  return uses.reduce((s, use) => s + entries * listingCost(use, segs, p), 0);
}
