/**
 * What the gateway has seen of its tenants' lists, for the cost estimate (graph/cost, issue 19 item 1): how many
 * pages an ECS by-tag listing took to read whole, how many tags a region's DescribeTags catalog holds (and the
 * largest resource count of one of its tags), how many clusters a region's DescribeClustersV1 listing holds, how
 * many resources a region's ECS listing of one type (DescribeInstances, …: the TotalCount of any page) holds. It
 * watches the answers of the (cached) API, cache hits included, per credential identity (nothing crosses
 * tenants), and forgets after LIST_SIZES_TTL_MS: lists change, and an estimate from an old size is a guess.
 * The estimate uses a size only as a better bound than its model's assumption; the run-time budget still holds.
 */
import { LRUCache } from 'lru-cache';
import type {
  CallOptions,
  Credential,
  DescribeClustersResult,
  DescribeTagsRequest,
  DescribeTagsResult,
  EcsResourceType,
  TagApi,
  TagFilter,
} from '../upstream/types.js';
import { sortFilters } from './keys.js';

/** How long a seen size is used (lists change). */
const LIST_SIZES_TTL_MS = 10 * 60_000;
/** Sizes remembered at most, all tenants together. */
const MAX_SIZES = 20_000;

/** What is known of one tenant's lists (undefined: never seen, or forgotten). */
export interface KnownSizes {
  /** Pages an ECS ListTagResources listing by these filters took to read to its end. */
  ecsPages(regionId: string, type: EcsResourceType, filters: readonly TagFilter[]): number | undefined;
  /** DescribeTags: the catalog's tag count, and the largest resource count of one of its tags. */
  catalog(
    regionId: string,
    type: EcsResourceType,
    filters: readonly TagFilter[],
  ): { tags: number; maxResources?: number; firstPageMax?: number } | undefined;
  /** DescribeClustersV1: clusters in the region. */
  clusters(regionId: string): number | undefined;
  /** The most tags one cluster of the region carries, once its whole DescribeClustersV1 listing was seen. */
  clusterTags(regionId: string): number | undefined;
  /** DescribeInstances, DescribeDisks, …: resources of the type in the region (TotalCount of an unfiltered page). */
  ecsListing(regionId: string, type: EcsResourceType): number | undefined;
  /**
   * From the region's whole catalog (no filters): how many resources of the type carry `key=value` (`value`
   * undefined: `key` with any value, the sum over its values). 0 for a tag the catalog does not hold.
   */
  tagged(regionId: string, type: EcsResourceType, key: string, value?: string): number | undefined;
  /** The most tags seen on one resource of the tenant, once enough resources were seen to trust it. */
  tagsPerResource(): number | undefined;
}

/** Resources whose tags must have been seen before their largest tag count stands for the tenant's. */
const TRUSTED_AFTER_RESOURCES = 100;

interface CatalogSize {
  tags: number;
  pageSize: number;
  pages: number[];
  max: number;
  maxResources?: number;
  /** The largest resource count of a tag on page 1 (the tags a catalog's head shows). */
  firstPageMax?: number;
  /** `key\0value` → resources carrying it (all pages seen so far). */
  byTag: Record<string, number>;
  whole: boolean;
}
/** A region's cluster listing, page by page: whole once every page of the same total was seen. */
interface ClusterTags {
  total: number;
  pageSize: number;
  pages: number[];
  max: number;
}
type Sized = number | CatalogSize | ClusterTags;

const ecsKey = (id: string, region: string, type: string, filters: readonly TagFilter[]) =>
  JSON.stringify(['ecs', id, region, type, sortFilters([...filters])]);
const catalogKey = (id: string, region: string, type: string, filters: readonly TagFilter[]) =>
  JSON.stringify(['catalog', id, region, type, sortFilters([...filters])]);
const clustersKey = (id: string, region: string) => JSON.stringify(['clusters', id, region]);
const clusterTagsKey = (id: string, region: string) => JSON.stringify(['clusterTags', id, region]);
const listingKey = (id: string, region: string, type: string) => JSON.stringify(['listing', id, region, type]);

export class ListSizes {
  readonly #sizes = new LRUCache<string, Sized>({ max: MAX_SIZES, ttl: LIST_SIZES_TTL_MS });
  /** ECS NextToken → the index of the page it opens (to know a listing's page count at its last page). */
  readonly #tokenIndex = new LRUCache<string, number>({ max: MAX_SIZES, ttl: LIST_SIZES_TTL_MS });
  /** Per credential identity: the most tags seen on one resource, and how many resources were seen. */
  readonly #maxTags = new LRUCache<string, { max: number; resources: number }>({
    max: MAX_SIZES,
    ttl: LIST_SIZES_TTL_MS,
  });

  /** Catalog pages already noted (a page object is one tenant's: cache entries are keyed by credential identity). */
  readonly #notedPages = new WeakSet<DescribeTagsResult>();

  /** The sizes one credential's requests have seen. */
  for(credential: Credential): KnownSizes {
    const id = credential.identity;
    return {
      ecsPages: (r, t, f) => this.#sizes.get(ecsKey(id, r, t, f)) as number | undefined,
      catalog: (r, t, f) => {
        const size = this.#sizes.get(catalogKey(id, r, t, f)) as CatalogSize | undefined;
        return (
          size && {
            tags: size.tags,
            ...(size.maxResources !== undefined ? { maxResources: size.maxResources } : {}),
            ...(size.firstPageMax !== undefined ? { firstPageMax: size.firstPageMax } : {}),
          }
        );
      },
      clusters: (r) => this.#sizes.get(clustersKey(id, r)) as number | undefined,
      clusterTags: (r) => {
        const seen = this.#sizes.get(clusterTagsKey(id, r)) as ClusterTags | undefined;
        const whole = seen && seen.pages.length >= Math.ceil(seen.total / Math.max(1, seen.pageSize));
        return whole ? seen.max : undefined;
      },
      ecsListing: (r, t) => this.#sizes.get(listingKey(id, r, t)) as number | undefined,
      tagged: (r, t, key, value) => {
        const size = this.#sizes.get(catalogKey(id, r, t, [])) as CatalogSize | undefined;
        if (!size?.whole) return undefined;
        if (value !== undefined) return size.byTag[`${key}\0${value}`] ?? 0;
        return Object.entries(size.byTag)
          .filter(([k]) => k.startsWith(`${key}\0`))
          .reduce((sum, [, n]) => sum + n, 0);
      },
      tagsPerResource: () => {
        const seen = this.#maxTags.get(id);
        return seen && seen.resources >= TRUSTED_AFTER_RESOURCES ? seen.max : undefined;
      },
    };
  }

  /**
   * A catalog page: the tag count, and the largest resource count of a tag once every page was seen (pages seen
   * are kept until then: a partial maximum is no bound).
   */
  #noteCatalogPage(id: string, req: DescribeTagsRequest, page: DescribeTagsResult): void {
    // The memory cache hands out the same decoded page on every hit: what it teaches was learned the first time.
    if (this.#notedPages.has(page)) return;
    this.#notedPages.add(page);
    const key = catalogKey(id, req.regionId, req.resourceType, req.tags ?? []);
    const seen = this.#sizes.get(key) as CatalogSize | undefined;
    const same = seen && seen.tags === page.totalCount && seen.pageSize === page.pageSize ? seen : undefined;
    const count = (t: DescribeTagsResult['tags'][number]) => t.resourceTypeCounts[req.resourceType] ?? 0;
    // Updated in place: every cache hit of a catalog page passes here, and a copy of a large catalog per hit was
    // the execution path's largest own cost (issue 18's profile).
    const size: CatalogSize = same ?? {
      tags: page.totalCount,
      pageSize: page.pageSize,
      pages: [],
      max: 0,
      byTag: {},
      whole: false,
    };
    if (!size.pages.includes(page.pageNumber)) size.pages.push(page.pageNumber);
    for (const t of page.tags) {
      const n = count(t);
      size.byTag[`${t.key}\0${t.value}`] = n;
      if (n > size.max) size.max = n;
      if (page.pageNumber === 1) size.firstPageMax = Math.max(size.firstPageMax ?? 0, n);
    }
    size.whole = size.pages.length >= Math.ceil(page.totalCount / Math.max(1, page.pageSize));
    if (size.whole) size.maxResources = size.max;
    this.#sizes.set(key, size);
  }

  /** A page of a region's unfiltered cluster listing: the most tags on one of its clusters, page by page. */
  #noteClusterPage(id: string, regionId: string, page: DescribeClustersResult): void {
    const key = clusterTagsKey(id, regionId);
    const seen = this.#sizes.get(key) as ClusterTags | undefined;
    const same = seen && seen.total === page.totalCount && seen.pageSize === page.pageSize ? seen : undefined;
    this.#sizes.set(key, {
      total: page.totalCount,
      pageSize: page.pageSize,
      pages: [...new Set([...(same?.pages ?? []), page.pageNumber])],
      max: Math.max(same?.max ?? 0, ...page.clusters.map((cl) => cl.tags.length)),
    });
  }

  /** Tags per resource in an answer that lists resources' whole tag sets (by ID, or a cluster listing). */
  #noteTagSets(id: string, counts: Iterable<number>): void {
    const seen = this.#maxTags.get(id) ?? { max: 0, resources: 0 };
    for (const n of counts) {
      seen.max = Math.max(seen.max, n);
      seen.resources++;
    }
    this.#maxTags.set(id, seen);
  }

  /** `api`, watched: every answer it gives teaches a size. */
  observe(api: TagApi): TagApi {
    return {
      describeTags: async (c, req, o?: CallOptions) => {
        const page = await api.describeTags(c, req, o);
        if (!req.resourceId) this.#noteCatalogPage(c.identity, req, page);
        return page;
      },
      listEcsTagResources: async (c, req, o?: CallOptions) => {
        const page = await api.listEcsTagResources(c, req, o);
        const filters = req.tags ?? [];
        if (req.resourceIds?.length && filters.length === 0)
          this.#noteTagSets(c.identity, rowsPerResource(page.tagResources));
        if (filters.length === 0 || req.resourceIds?.length) return page;
        const index = req.nextToken ? this.#tokenIndex.get(req.nextToken) : 0;
        if (index === undefined) return page;
        if (page.nextToken) this.#tokenIndex.set(page.nextToken, index + 1);
        else this.#sizes.set(ecsKey(c.identity, req.regionId, req.resourceType, filters), index + 1);
        return page;
      },
      describeClusters: async (c, req, o?: CallOptions) => {
        const page = await api.describeClusters(c, req, o);
        const filtered = req.clusterId ?? req.name ?? req.clusterType ?? req.clusterSpec ?? req.profile;
        if (filtered === undefined) {
          this.#sizes.set(clustersKey(c.identity, req.regionId), page.totalCount);
          this.#noteClusterPage(c.identity, req.regionId, page);
        }
        this.#noteTagSets(
          c.identity,
          page.clusters.map((cl) => cl.tags.length),
        );
        return page;
      },
      listEcsResources: async (c, req, o?: CallOptions) => {
        const page = await api.listEcsResources(c, req, o);
        if (req.tags?.length) return page;
        this.#sizes.set(listingKey(c.identity, req.regionId, req.resourceType), page.totalCount);
        // A listing carries each resource's whole tag set.
        this.#noteTagSets(
          c.identity,
          page.resources.map((r) => r.tags.length),
        );
        return page;
      },
      listTagResources: async (c, req, o?: CallOptions) => {
        const page = await api.listTagResources(c, req, o);
        if (!req.tags?.length) this.#noteTagSets(c.identity, rowsPerResource(page.tagResources));
        return page;
      },
    };
  }
}

/** Rows per resource of one page (a resource's rows may continue on the next page: a lower bound for it). */
function rowsPerResource(rows: ReadonlyArray<{ resourceId: string }>): number[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.resourceId, (counts.get(r.resourceId) ?? 0) + 1);
  return [...counts.values()];
}
