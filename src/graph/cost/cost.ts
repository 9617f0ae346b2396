/**
 * The upstream cost estimator: before execution, from the document, its variables and the gateway's limits, how
 * many upstream calls an operation may still make at most (`extensions.upstream.estimatedCalls` adds the calls the
 * read-ahead made; MAX_UPSTREAM_CALLS is checked against it). It walks the operation (cost-walk.ts) and prices each
 * root field by the loaders' batching rules, per region and kind, per connection page size, and per nested `tags` /
 * `resources`.
 *
 * What the document cannot tell is taken first from the pages read ahead for this request (`seen`, read-ahead.ts:
 * a page read is not paid again), then from what the gateway has seen of the tenant's lists (`known`,
 * loaders/list-sizes.ts), else from the MODEL (listing-cost.ts; each figure a documented assumption, docs/querying.md
 * "Know the cost"): within it the estimate is an upper bound of the cold calls (retries not included); an account
 * beyond it can cost more, which is what the run-time budget is for. Warm calls are fewer (the caches answer).
 */
import { MAX_REFS } from '../context.js';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { checkInput } from './input-checks.js';
import { below, rootFields, selects, type FieldUse } from './cost-walk.js';
import type { KnownSizes } from '../../loaders/index.js';
import { LIMITS } from '../../upstream/operations/validate.js';
import { catalogCost } from './catalog-cost.js';
import { hygieneCost, inventoryCost } from './inventory-cost.js';
import { MODEL, TAG_FIELDS, DETAIL_FIELDS, tagCalls, type Pricing } from './listing-cost.js';
import { Seen } from './seen.js';
import { taggedCost } from './tagged-cost.js';
import { decodeGlobalId, splitResourceId } from '../ids.js';
import { readFilters } from '../types/tag.js';
import { KINDS, TYPENAME_OF, type Kind } from '../types/kinds.js';

export { tagCalls };

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
  seen: Seen = Seen.NONE,
): Estimate {
  const roots = rootFields(schema, document, operationName, variables) ?? [];
  const tagsPer = Math.min(MODEL.tagsPerResource, known?.tagsPerResource() ?? MODEL.tagsPerResource);
  const listingFields = roots.filter((f) => f.name === 'resourceInventory' || f.name === 'tagHygiene').length;
  const pricing: Pricing = {
    pageOf: (a) => pageOf(a, limits),
    tagsPer,
    seen,
    listingFields,
    ...(known ? { known } : {}),
  };
  const inputErrors: GraphQLError[] = [];
  let calls = 0;
  for (const field of roots) {
    const { error, clean } = checkInput(field, limits.maxPageSize);
    if (error) inputErrors.push(error);
    // A field whose checks did not all pass cleanly is not read ahead (its calls could be pointless).
    else calls += rootCost(field, clean ? pricing : { ...pricing, seen: Seen.NONE });
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
      return hygieneCost(field, p);
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
function detailCalls(n: number, p?: Pricing, regionId?: string): number {
  return n === 1 ? 1 : clusterListing(p, regionId);
}

/** DescribeClustersV1 pages of a region's listing (100 clusters a page): its clusters as last seen, else 100. */
function clusterListing(p?: Pricing, regionId?: string): number {
  const clusters = (regionId !== undefined && p?.known?.clusters(regionId)) || MODEL.clustersPerRegion;
  return Math.max(1, Math.ceil(clusters / 100));
}

/** The page size a connection returns (first, else last, else the default; bounded). */
function pageOf(a: Record<string, unknown>, limits: CostLimits): number {
  const size = (a.first ?? a.last ?? limits.defaultPageSize) as number;
  return Math.min(Math.max(0, size), limits.maxPageSize ?? 1000);
}

/**
 * `ackClusters`. Without IDs: the region's listing (its first page read ahead tells its pages; `name`/`clusterType`
 * list apart, at the size last seen). With IDs: their tag lookup (the filter call, or the tags of each), read ahead:
 * it tells which exist and match, so only the details of those shown are left (one call for one, else the region's
 * listing). Unread, the lookup is priced at its calls with 20 tags per cluster (the most seen on the region's).
 */
function ackClustersCost(field: FieldUse, p: Pricing): number {
  const a = field.args;
  const regionId = String(a.regionId);
  const nodes = below(field, ['edges', 'node']);
  const byDetails = a.name != null || a.state != null || a.clusterType != null;
  if (a.clusterIds == null) {
    // `name`/`clusterType` are sent upstream: that listing is read apart from the page loader (not read ahead).
    if (a.name != null || a.clusterType != null) return clusterListing(p, regionId);
    const first = p.seen.want({ type: 'clusters', regionId }, true);
    if (!first) return clusterListing(p, regionId);
    return first.clusters.length === 0 ? 0 : Math.max(1, Math.ceil(first.totalCount / first.pageSize)) - 1;
  }
  const ids = [...new Set(list(a.clusterIds) as string[])];
  const tags = readFilters(a.filters as Parameters<typeof readFilters>[0], LIMITS.csTagFilters);
  const found = p.seen.want({ type: 'clusterIds', regionId, clusterIds: ids, tags }, true);
  const wantsDetails = byDetails || nodes.some((n) => selects(n, DETAIL_FIELDS));
  if (!found) {
    // The lookup reads every named cluster's tags and primes the tag loader: the `tags` of those shown cost nothing.
    const shown = Math.min(ids.length, p.pageOf(a));
    const tagsPer = Math.min(p.tagsPer, p.known?.clusterTags(regionId) ?? p.tagsPer);
    return (
      tagCalls(ids.length, tagsPer) + (wantsDetails ? detailCalls(byDetails ? ids.length : shown, p, regionId) : 0)
    );
  }
  const existing = ids.filter((id) => found.get(id) != null).length;
  const shown = byDetails ? existing : Math.min(existing, p.pageOf(a));
  return wantsDetails && shown > 0 ? detailCalls(shown, p, regionId) : 0;
}
