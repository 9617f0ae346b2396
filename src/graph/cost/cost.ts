/**
 * The upstream cost estimator: before execution, from the document, its variables and the gateway's limits, how
 * many upstream calls an operation may make at most (`extensions.upstream.estimatedCalls`, and what
 * MAX_UPSTREAM_CALLS is checked against). It walks the operation (cost-walk.ts) and prices each root field by the
 * loaders' batching rules, per region and kind, per connection page size, and per nested `tags` / `resources`.
 *
 * What the document cannot tell is taken from the MODEL below (each figure a documented assumption, docs/querying.md "Know
 * the cost"): within it the estimate is an upper bound of the cold calls (retries not included); an account
 * beyond it can cost more, which is what the run-time budget is for. Warm calls are fewer (the caches answer).
 */
import { MAX_REFS } from '../context.js';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { inputErrorOf } from './input-checks.js';
import { below, rootFields, selects, type FieldUse } from './cost-walk.js';
import { decodeGlobalId, splitResourceId } from '../ids.js';
import { KINDS, TYPENAME_OF, isEcsKind, type Kind } from '../types/kinds.js';

const MODEL = {
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
} as const;

const DETAIL_FIELDS = ['name', 'state', 'clusterType', 'clusterSpec', 'createdAt'] as const;
/** Fields of a resource that load its tags (`tagsFetchedAt` tells when they were fetched: it loads them too). */
const TAG_FIELDS = ['tags', 'tagsFetchedAt'] as const;

export interface CostLimits {
  /** PAGE_SIZE_DEFAULT: a connection without first/last returns this many. */
  defaultPageSize: number;
  /** PAGE_SIZE_MAX: a larger first/last is refused (BAD_USER_INPUT) before any call, so it is priced at this. */
  maxPageSize?: number;
}

/** The estimated upper bound of upstream calls of the operation; 0 when it will not execute (caught later). */
export function estimateCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: CostLimits,
): number {
  return estimate(schema, document, operationName, variables, limits).calls;
}

export interface Estimate {
  calls: number;
  /** The root fields' input errors, found before any call (their fields cost nothing: they make no call). */
  inputErrors: GraphQLError[];
}

/** The estimate and the input errors the root fields will answer. */
export function estimate(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: CostLimits,
): Estimate {
  const roots = rootFields(schema, document, operationName, variables) ?? [];
  const inputErrors: GraphQLError[] = [];
  let calls = 0;
  for (const field of roots) {
    const error = inputErrorOf(field, limits.maxPageSize);
    if (error) inputErrors.push(error);
    else calls += rootCost(field, limits);
  }
  return { calls, inputErrors };
}

function rootCost(field: FieldUse, limits: CostLimits): number {
  const a = field.args;
  switch (field.name) {
    case 'resources':
      return refsCost(
        list(a.refs).map((r) => r as Ref),
        field,
      );
    case 'node':
      return refsCost(refsOfIds([a.id]), field);
    case 'nodes':
      return refsCost(refsOfIds(list(a.ids)), field);
    case '_entities':
      return refsCost(refsOfIds(list(a.representations).map((r) => (r as { id?: unknown }).id)), field);
    case 'tagCatalog':
      return catalogCost(field, limits);
    case 'tagKeys':
    case 'tagValues':
      // Facets aggregate the whole catalog of each region.
      return list(a.regionIds).length * MODEL.catalogPages + nestedResources(field, limits);
    case 'ackClusters':
      return ackClustersCost(field, limits);
    case 'taggedResources':
      return taggedCost(field, limits);
    default:
      return 0;
  }
}

interface Ref {
  kind: Kind | 'UNKNOWN';
  regionId: string;
}

/** A list argument, at most MAX_REFS long: a longer one is refused before any call, so it is priced at the limit. */
function list(v: unknown): unknown[] {
  const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return items.slice(0, MAX_REFS);
}

/** References named by global IDs (a malformed one counts as one ECS resource of its own). */
function refsOfIds(ids: unknown[]): Ref[] {
  return ids.map((id, i) => {
    try {
      const { typename, id: native } = decodeGlobalId(String(id));
      const kind = KINDS.find((k) => TYPENAME_OF[k] === typename);
      const parts = splitResourceId(native);
      if (kind && parts) return { kind, regionId: parts.regionId };
    } catch {
      // counted below as an unknown resource
    }
    return { kind: 'UNKNOWN', regionId: `?${i}` };
  });
}

/** ListTagResources calls (pages included) for the tags of n resources of one region and kind. */
export function tagCalls(n: number): number {
  let calls = 0;
  for (let left = n; left > 0; left -= MODEL.idsPerCall) {
    calls += Math.ceil((Math.min(left, MODEL.idsPerCall) * MODEL.tagsPerResource) / MODEL.rowsPerPage);
  }
  return calls;
}

/** The same for n resources spread over at most `groups` (region, kind) groups in an unknown way. */
function spreadTagCalls(n: number, groups: number): number {
  if (n <= 0 || groups <= 0) return 0;
  const slices = Math.min(n, groups + Math.floor(n / MODEL.idsPerCall));
  return Math.ceil((n * MODEL.tagsPerResource) / MODEL.rowsPerPage) + slices;
}

/** `resources`, `node`, `nodes`, `_entities`: tag batches per (region, kind); clusters are always looked up. */
function refsCost(refs: Ref[], field: FieldUse): number {
  const wantsTags = selects(field, TAG_FIELDS);
  const groups = new Map<string, number>();
  for (const r of refs) groups.set(`${r.kind}/${r.regionId}`, (groups.get(`${r.kind}/${r.regionId}`) ?? 0) + 1);
  let calls = 0;
  const clusterRegions = new Map<string, number>();
  for (const [key, n] of groups) {
    const kind = key.slice(0, key.indexOf('/'));
    if (kind === 'ACK_CLUSTER') clusterRegions.set(key, n);
    if (kind === 'ACK_CLUSTER' || wantsTags) calls += tagCalls(n);
  }
  if (selects(field, DETAIL_FIELDS)) calls += [...clusterRegions.values()].reduce((s, n) => s + detailCalls(n), 0);
  return calls;
}

/** DescribeClustersV1 for the details of n clusters of one region: one by ID, or the region's listing. */
function detailCalls(n: number): number {
  return n === 1 ? 1 : Math.ceil(MODEL.clustersPerRegion / 100);
}

/** The page size a connection returns (first, else last, else the default). */
function pageOf(a: Record<string, unknown>, limits: CostLimits): number {
  const size = (a.first ?? a.last ?? limits.defaultPageSize) as number;
  return Math.min(Math.max(0, size), limits.maxPageSize ?? 1000);
}

/** Forward paging without a cursor and without totalCount: only the head of the list is read. */
function readsHead(field: FieldUse): boolean {
  const a = field.args;
  return a.last == null && a.before == null && a.after == null && !selects(field, ['totalCount']);
}

function catalogCost(field: FieldUse, limits: CostLimits): number {
  const regions = list(field.args.regionIds).length;
  const pages =
    regions === 1 && field.args.last == null && field.args.before == null && field.args.after == null
      ? Math.max(1, Math.ceil((pageOf(field.args, limits) + 1) / MODEL.catalogPageSize))
      : regions * MODEL.catalogPages;
  return pages + nestedResources(field, limits);
}

/** `resources` under each entry of a catalog or facet connection: one listing per entry shown. */
function nestedResources(field: FieldUse, limits: CostLimits): number {
  const entries = pageOf(field.args, limits);
  const uses = below(field, ['edges', 'node', 'resources']);
  const regions = list(field.args.regionIds).length;
  return uses.reduce((sum, use) => sum + entries * listingCost(use, limits, regions, 1, 1, true), 0);
}

function ackClustersCost(field: FieldUse, limits: CostLimits): number {
  const ids = list(field.args.clusterIds);
  const nodes = below(field, ['edges', 'node']);
  if (field.args.clusterIds == null) return Math.ceil(MODEL.clustersPerRegion / 100);
  // The filter call (with tags), then the tags and details of the clusters shown.
  const shown = Math.min(ids.length, pageOf(field.args, limits));
  const tags = nodes.some((n) => selects(n, TAG_FIELDS)) ? tagCalls(shown) : 0;
  const details = nodes.some((n) => selects(n, DETAIL_FIELDS)) ? detailCalls(shown) : 0;
  return tagCalls(ids.length) + tags + details;
}

function taggedCost(field: FieldUse, limits: CostLimits): number {
  const a = field.args;
  const kinds = a.kinds == null ? [...KINDS] : (list(a.kinds) as Kind[]);
  const tags = list(a.tags) as Array<{ values?: unknown[] | null }>;
  const values = Math.max(1, ...tags.map((t) => list(t.values).length));
  const ecsKinds = kinds.filter(isEcsKind).length;
  // The filters sent decide alone unless `without`, an empty value, or a second entry with several values (tagged-plan.ts).
  const exact =
    list(a.without).length === 0 &&
    tags.every((t) => !list(t.values).includes('')) &&
    tags.filter((t) => list(t.values).length > 1).length <= 1;
  const regions = list(a.regionIds).length;
  return listingCost(
    field,
    limits,
    regions,
    ecsKinds,
    values,
    exact,
    kinds.includes('ACK_CLUSTER'),
    Math.max(1, tags.length),
  );
}

/**
 * A `taggedResources`-like listing: ECS segments (regions × kinds × driver values) read lazily for a first page
 * (one page each at worst plus the rows of page+1 matches) or whole; clusters from the region listing; the tags
 * of examined resources when the filters sent cannot decide; the `tags` of the ECS nodes shown.
 */
function listingCost(
  field: FieldUse,
  limits: CostLimits,
  regions: number,
  ecsKinds: number,
  values: number,
  exact: boolean,
  clusters = false,
  filterKeys = 1,
): number {
  const page = pageOf(field.args, limits);
  const segments = regions * ecsKinds * values;
  const head = readsHead(field) || field.args.after != null;
  const ecsPages = head
    ? segments + Math.ceil(((page + 1) * filterKeys) / MODEL.rowsPerPage) + (field.args.after != null ? 1 : 0)
    : segments * MODEL.listingPages;
  const clusterPages = !clusters
    ? 0
    : head
      ? regions + Math.ceil((page + 1) / 50)
      : regions * Math.ceil(MODEL.clustersPerRegion / 50);
  const examined = exact ? 0 : spreadTagCalls(ecsPages * MODEL.rowsPerPage, regions * ecsKinds);
  const nodeTags = below(field, ['edges', 'node']).some((n) => selects(n, TAG_FIELDS))
    ? spreadTagCalls(page, regions * ecsKinds)
    : 0;
  return (ecsKinds > 0 ? ecsPages : 0) + clusterPages + examined + nodeTags;
}
