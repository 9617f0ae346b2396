/**
 * The upstream cost estimator: before execution, from the document, its variables and the gateway's limits, how
 * many upstream calls an operation may make at most (`extensions.upstream.estimatedCalls`, and what
 * MAX_UPSTREAM_CALLS is checked against). It walks the operation (cost-walk.ts) and prices each root field by the
 * loaders' batching rules, per region and kind, per connection page size, and per nested `tags` / `resources`.
 *
 * What the document cannot tell is taken from what the gateway has seen of the tenant's lists (`known`,
 * loaders/list-sizes.ts), else from the MODEL (listing-cost.ts; each figure a documented assumption, docs/querying.md
 * "Know the cost"): within it the estimate is an upper bound of the cold calls (retries not included); an account
 * beyond it can cost more, which is what the run-time budget is for. Warm calls are fewer (the caches answer).
 */
import { MAX_REFS } from '../context.js';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { inputErrorOf } from './input-checks.js';
import { below, rootFields, selects, type FieldUse } from './cost-walk.js';
import { CLUSTER_LIST_PAGE_SIZE, type KnownSizes } from '../../loaders/index.js';
import type { TagFilter } from '../../upstream/types.js';
import {
  catalogPages,
  MODEL,
  nestedResources,
  readsHead,
  taggedCost,
  TAG_FIELDS,
  DETAIL_FIELDS,
  type Pricing,
} from './listing-cost.js';
import { decodeGlobalId, splitResourceId } from '../ids.js';
import { ECS_TYPE_OF, KINDS, TYPENAME_OF, isEcsKind, type EcsKind, type Kind } from '../types/kinds.js';
import { ECS_LISTING_PAGE_SIZE_MAX } from '../../upstream/operations/validate.js';

export interface CostLimits {
  /** PAGE_SIZE_DEFAULT: a connection without first/last returns this many. */
  defaultPageSize: number;
  /** PAGE_SIZE_MAX: a larger first/last is refused (BAD_USER_INPUT) before any call, so it is priced at this. */
  maxPageSize?: number;
}

/** The estimated upper bound of upstream calls of the operation; 0 when it will not execute (caught later). */
export function estimateCalls(...args: Parameters<typeof estimate>): number {
  return estimate(...args).calls;
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
  known?: KnownSizes,
): Estimate {
  const roots = rootFields(schema, document, operationName, variables) ?? [];
  const tagsPer = Math.min(MODEL.tagsPerResource, known?.tagsPerResource() ?? MODEL.tagsPerResource);
  const pricing: Pricing = { pageOf: (a) => pageOf(a, limits), tagsPer, ...(known ? { known } : {}) };
  const inputErrors: GraphQLError[] = [];
  let calls = 0;
  for (const field of roots) {
    const error = inputErrorOf(field, limits.maxPageSize);
    if (error) inputErrors.push(error);
    else calls += rootCost(field, pricing);
  }
  return { calls, inputErrors };
}

function rootCost(field: FieldUse, p: Pricing): number {
  const a = field.args;
  switch (field.name) {
    case 'resources':
      return refsCost(
        list(a.refs).map((r) => r as Ref),
        field,
        p.tagsPer,
      );
    case 'node':
      return refsCost(refsOfIds([a.id]), field, p.tagsPer);
    case 'nodes':
      return refsCost(refsOfIds(list(a.ids)), field, p.tagsPer);
    case '_entities':
      return refsCost(refsOfIds(list(a.representations).map((r) => (r as { id?: unknown }).id)), field, p.tagsPer);
    case 'tagCatalog':
    case 'tagKeys':
    case 'tagValues':
      return catalogCost(field, p);
    case 'ackClusters':
      return ackClustersCost(field, p);
    case 'taggedResources':
      return taggedCost(field, p);
    case 'resourceInventory':
      return inventoryCost(field, p);
    case 'tagHygiene':
      return wholeInventory(field, p);
    case 'tagResources':
    case 'untagResources':
    case 'setResourceTags':
      return writeCost(field.name, (a.input ?? {}) as { refs?: unknown; ref?: unknown; dryRun?: unknown });
    default:
      return 0;
  }
}

interface Ref {
  kind: Kind | 'UNKNOWN';
  regionId: string;
}

/**
 * A tag mutation: per (region, kind), one write call per 50 resources and the live read-back of their tags
 * (setResourceTags: a live read, an untag and a tag call, the read-back). A dry run calls nothing. Calls split to
 * isolate a failing resource come on top: the estimate is that of a write without per-resource failures.
 */
function writeCost(name: string, input: { refs?: unknown; ref?: unknown; dryRun?: unknown }): number {
  if (input.dryRun === true) return 0;
  if (name === 'setResourceTags') return 2 + 2 * tagCalls(1);
  const groups = new Map<string, number>();
  for (const r of list(input.refs) as Ref[])
    groups.set(`${r.regionId}|${r.kind}`, (groups.get(`${r.regionId}|${r.kind}`) ?? 0) + 1);
  return [...groups.values()].reduce((sum, n) => sum + Math.ceil(n / MODEL.idsPerCall) + tagCalls(n), 0);
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
export function tagCalls(n: number, tagsPer: number = MODEL.tagsPerResource): number {
  let calls = 0;
  for (let left = n; left > 0; left -= MODEL.idsPerCall) {
    // A call answers even when its resources carry no tag.
    calls += Math.max(1, Math.ceil((Math.min(left, MODEL.idsPerCall) * tagsPer) / MODEL.rowsPerPage));
  }
  return calls;
}

/** `resources`, `node`, `nodes`, `_entities`: tag batches per (region, kind); clusters are always looked up. */
function refsCost(refs: Ref[], field: FieldUse, tagsPer: number): number {
  const wantsTags = selects(field, TAG_FIELDS);
  const groups = new Map<string, number>();
  for (const r of refs) groups.set(`${r.kind}/${r.regionId}`, (groups.get(`${r.kind}/${r.regionId}`) ?? 0) + 1);
  let calls = 0;
  const clusterRegions = new Map<string, number>();
  for (const [key, n] of groups) {
    const kind = key.slice(0, key.indexOf('/'));
    if (kind === 'ACK_CLUSTER') clusterRegions.set(key, n);
    if (kind === 'ACK_CLUSTER' || wantsTags) calls += tagCalls(n, tagsPer);
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

/** Catalogs and facets: one region read forward from the start reads its head; else every region whole. */
function catalogCost(field: FieldUse, p: Pricing): number {
  const a = field.args;
  const regions = [...new Set(list(a.regionIds) as string[])];
  const kind = (a.kind ?? 'ECS_INSTANCE') as EcsKind;
  // tagValues reads the catalog filtered by its key (types/catalog.ts); its value facets list by key=value alone.
  const given = field.name === 'tagValues' ? [{ key: String(a.key) }] : (list(a.filters) as TagFilter[]);
  const filters = given.map((f) => (f.value ? { key: f.key, value: f.value } : { key: f.key }));
  const keysSent = field.name === 'tagValues' ? 1 : 1 + filters.length;
  const whole = regions.reduce((s, r) => s + catalogPages(p, r, kind, filters), 0);
  const head =
    field.name === 'tagCatalog' && regions.length === 1 && a.last == null && a.before == null && a.after == null;
  const pages = head ? Math.min(whole, Math.max(1, Math.ceil((p.pageOf(a) + 1) / MODEL.catalogPageSize))) : whole;
  return pages + nestedResources(field, p, { kind, regions, filters, keysSent });
}

function ackClustersCost(field: FieldUse, p: Pricing): number {
  const ids = list(field.args.clusterIds);
  const nodes = below(field, ['edges', 'node']);
  if (field.args.clusterIds == null) {
    const n = p.known?.clusters(String(field.args.regionId));
    return n === undefined ? Math.ceil(MODEL.clustersPerRegion / 100) : Math.max(1, Math.ceil(n / 100));
  }
  // The existence check (or the filter call) reads every named cluster's tags and primes the tag loader, so the
  // `tags` of the clusters shown cost nothing more; then the details of the clusters shown.
  const shown = Math.min(ids.length, p.pageOf(field.args));
  const details = nodes.some((n) => selects(n, DETAIL_FIELDS)) ? detailCalls(shown) : 0;
  const tagsPer = Math.min(p.tagsPer, p.known?.clusterTags(String(field.args.regionId)) ?? p.tagsPer);
  return tagCalls(ids.length, tagsPer) + details;
}

/**
 * The pages of every listing in scope, read whole: ⌈resources / page size⌉ per ECS kind and region (their count as
 * last seen, else the MODEL's), clusters ⌈clusters / 100⌉ (as last seen, else the MODEL's).
 */
function wholeInventory(field: FieldUse, p: Pricing): number {
  const kinds = field.args.kinds == null ? [...KINDS] : (list(field.args.kinds) as Kind[]);
  const regions = list(field.args.regionIds) as string[];
  let ecs = 0;
  let clusters = 0;
  for (const regionId of regions)
    for (const kind of kinds) {
      if (!isEcsKind(kind)) {
        const n = p.known?.clusters(regionId) ?? MODEL.clustersPerRegion;
        clusters += Math.max(1, Math.ceil(n / CLUSTER_LIST_PAGE_SIZE));
        continue;
      }
      const type = ECS_TYPE_OF[kind];
      const n = p.known?.ecsListing(regionId, type) ?? MODEL.inventoryPerKind;
      ecs += Math.max(1, Math.ceil(n / ECS_LISTING_PAGE_SIZE_MAX[type]));
    }
  return ecs + clusters;
}

/**
 * `resourceInventory`: its listings read whole, unless it reads only the head of an unfiltered list (a first page
 * from the start: one page per segment at worst plus the pages of page+1 items). Nodes' tags come with the listing.
 */
function inventoryCost(field: FieldUse, p: Pricing): number {
  const whole = wholeInventory(field, p);
  const lazy = readsHead(field) || field.args.after != null;
  if (!lazy || field.args.where != null) return whole;
  const kinds = field.args.kinds == null ? KINDS.length : list(field.args.kinds).length;
  const segments = list(field.args.regionIds).length * kinds;
  const resume = field.args.after != null ? 1 : 0;
  return Math.min(whole, segments + resume + Math.ceil((p.pageOf(field.args) + 1) / 50));
}
