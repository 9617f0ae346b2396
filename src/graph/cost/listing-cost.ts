/**
 * The model the estimate falls back on for what it has not seen (seen.ts): the MODEL's assumptions, and the price of
 * a list's segments (upstream listings) at their known or assumed lengths, read forward (lazily) or whole. The
 * estimate uses it for the parts of a list the read-ahead does not show (tagged-cost.ts, catalog-cost.ts).
 */
import type { KnownSizes } from '../../loaders/index.js';
import { isEcsKind, type Kind } from '../types/kinds.js';
import { below, selects, type FieldUse } from './cost-walk.js';
import type { Seen } from './seen.js';

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
  /** What the read-ahead saw, and where pricing notes what it would like to see. */
  seen: Seen;
  /** Root fields that read ECS listings (resourceInventory, tagHygiene): they share the request's recent pages. */
  listingFields: number;
}

/** How a list is read: forward from its start or a cursor (lazily), or whole; and what its nodes load. */
export interface ListUse {
  forward: boolean;
  /** Resumes at a cursor's page (a page read again). */
  resume: boolean;
  /** Items the walk still wants (the page and one more, from the start). */
  wanted: number;
  /** Nodes shown (their tags or details are loaded). */
  shown: number;
  nodeTags: boolean;
  nodeDetails: boolean;
}

/** Forward without `last`/`before` and without totalCount (which reads the whole list). */
export function readsForward(field: FieldUse): boolean {
  const a = field.args;
  return a.last == null && a.before == null && !selects(field, ['totalCount']);
}

export function useOf(field: FieldUse, p: Pricing): ListUse {
  const page = p.pageOf(field.args);
  const nodes = below(field, ['edges', 'node']);
  return {
    forward: readsForward(field),
    resume: field.args.after != null,
    wanted: page + 1,
    shown: page,
    nodeTags: nodes.some((n) => selects(n, TAG_FIELDS)),
    nodeDetails: nodes.some((n) => selects(n, DETAIL_FIELDS)),
  };
}

/** ListTagResources calls (pages included) for the tags of n resources of one region and kind. */
export function tagCalls(n: number, tagsPer: number = MODEL.tagsPerResource): number {
  let calls = 0;
  for (let left = n; left > 0; left -= MODEL.idsPerCall) {
    // A call answers even when its resources carry no tag.
    calls += Math.max(1, Math.ceil((Math.min(left, MODEL.idsPerCall) * tagsPer) / MODEL.rowsPerPage));
  }
  return calls;
}

/** ListTagResources calls for the tags of n resources spread over at most `groups` (region, kind) groups. */
export function spreadTagCalls(n: number, groups: number, tagsPer: number): number {
  if (n <= 0 || groups <= 0) return 0;
  const slices = Math.min(n, groups + Math.floor(n / MODEL.idsPerCall));
  return Math.ceil((n * tagsPer) / MODEL.rowsPerPage) + slices;
}

/** ListTagResources calls for the tags of n resources loaded in at most `batches` batches (each split by 50 IDs). */
export function batchedTagCalls(n: number, batches: number, tagsPer: number): number {
  if (n <= 0) return 0;
  return Math.ceil((n * tagsPer) / MODEL.rowsPerPage) + Math.min(n, batches + Math.floor(n / MODEL.idsPerCall));
}

/** One upstream listing of a list as the model prices it: its kind and region, its filters, its pages to read. */
export interface Segment {
  kind: Kind;
  regionId: string;
  exact: boolean;
  /** Rows per resource in a by-tag ECS listing: one per filter key sent. */
  keysSent: number;
  /** Pages still to read when it is read to its end. */
  wholePages: number;
  /** Loose ECS segments: at most how many of its resources the local check rejects (undefined: unknown). */
  rejects?: number;
}

export const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
export const groupsOf = (segs: ReadonlyArray<{ kind: Kind; regionId: string }>) =>
  new Set(segs.map((s) => `${s.kind}/${s.regionId}`)).size;

/**
 * A list's calls by the model: ECS segments read lazily for a forward page (one page each at worst plus the rows of
 * the items wanted, never more than the segments hold) or whole; cluster listings the same; the tags of the ECS
 * resources examined when the filters sent cannot decide; the `tags` of the ECS nodes shown; the clusters' details.
 */
export function modelCost(segs: Segment[], use: ListUse, p: Pricing): number {
  const head = use.forward;
  const ecs = segs.filter((s) => isEcsKind(s.kind));
  const ack = segs.filter((s) => !isEcsKind(s.kind));
  const keys = Math.max(1, ...ecs.map((s) => s.keysSent));
  const ecsWhole = sum(ecs.map((s) => s.wholePages));
  // A loose segment (filters that cannot decide) may hold no match at all: a forward page may read it whole.
  const loose = ecs.filter((s) => !s.exact);
  const looseWhole = sum(loose.map((s) => s.wholePages));
  // Read forward, a listing stops once the items wanted matched: it examines at most those and every rejected one.
  // Rejects are counted per (region, kind): its segments are disjoint, one resource is rejected in one of them.
  const perGroup = new Map(loose.map((s) => [`${s.kind}/${s.regionId}`, s.rejects]));
  const rejects = [...perGroup.values()].every((r) => r !== undefined)
    ? sum([...perGroup.values()] as number[])
    : undefined;
  const wanted = use.wanted + (rejects ?? 0);
  // Rejects unknown (no catalog seen): the MODEL assumes matches come as often as in an exact listing. An account
  // where most examined resources are rejected costs more; the run-time budget stops it.
  const lazy = ecs.length + Math.ceil((wanted * keys) / MODEL.rowsPerPage) + (use.resume ? 1 : 0);
  const ecsPages = ecs.length === 0 ? 0 : head ? Math.min(ecsWhole, lazy) : ecsWhole;
  const ackWhole = sum(ack.map((s) => s.wholePages));
  const ackPages = head ? Math.min(ackWhole, ack.length + Math.ceil(use.wanted / 50)) : ackWhole;
  const looseKeys = Math.max(1, Math.min(...loose.map((s) => s.keysSent)));
  const looseRead = head ? Math.min(looseWhole, ecsPages) : looseWhole;
  const perPage = Math.ceil(MODEL.rowsPerPage / looseKeys);
  // Forward, tags are loaded in batches of at most the resources still wanted (tagged-stream.ts): at most `wanted`
  // are examined, in at most one batch per page read plus one per rejected resource, each split by 50 IDs.
  const looseResources = loose.length === 0 ? 0 : Math.min(looseRead * perPage, head ? wanted : Infinity);
  const batches = head ? looseRead + (rejects ?? 0) : looseRead;
  const examined = batchedTagCalls(looseResources, batches, p.tagsPer);
  // Nodes of loose segments were examined: their tags are in the request's loader already.
  const shownTags = use.nodeTags && ecs.some((s) => s.exact);
  const nodeTags = shownTags ? spreadTagCalls(use.shown, groupsOf(ecs), p.tagsPer) : 0;
  // The clusters' details come from their region's listing, read again by the details loader.
  const details = use.nodeDetails ? ackWhole : 0;
  return ecsPages + ackPages + examined + nodeTags + details;
}
