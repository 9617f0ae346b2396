/**
 * Pages of the listings: the two behind `taggedResources`, ECS ListTagResources by tag (one page per NextToken) and
 * CS DescribeClustersV1 of a region (one page per page number). One request reads a page once, whichever fields
 * need it (a forward page and its list's totalCount walk the same pages).
 */
import DataLoader from 'dataloader';
import { stampFrom } from '../cache/fetched-at.js';
import type {
  CallOptions,
  Credential,
  DescribeClustersResult,
  EcsResourceType,
  EcsResourcesResult,
  EcsTagResourcesResult,
  TagApi,
  TagFilter,
} from '../upstream/types.js';
import { DESCRIBE_CLUSTERS_PAGE_SIZE_MAX, ECS_LISTING_PAGE_SIZE_MAX } from '../upstream/operations/validate.js';
import { sortFilters } from './keys.js';

export interface TaggedEcsPageRef {
  regionId: string;
  resourceType: EcsResourceType;
  tags: TagFilter[];
  /** Absent for the first page. */
  nextToken?: string;
}

export interface ClusterListPageRef {
  regionId: string;
  pageNumber: number;
}

/** Clusters per DescribeClustersV1 page: fixed, so page numbers in cursors keep their meaning. */
export const CLUSTER_LIST_PAGE_SIZE = DESCRIBE_CLUSTERS_PAGE_SIZE_MAX;

const ecsPageKey = (r: TaggedEcsPageRef) =>
  JSON.stringify([r.regionId, r.resourceType, sortFilters(r.tags), r.nextToken ?? '']);
const clusterPageKey = (r: ClusterListPageRef) => JSON.stringify([r.regionId, r.pageNumber]);

/** One call per distinct page a request asks for; a failed call fails only the fields that read that page. */
function perPage<K, V>(load: (ref: K) => Promise<V>, cacheKeyFn: (ref: K) => string) {
  return new DataLoader<K, V, string>((refs) => Promise.all(refs.map((ref) => load(ref).catch((err: Error) => err))), {
    cacheKeyFn,
  });
}

export function createTaggedEcsPageLoader(api: TagApi, credential: Credential, options: CallOptions) {
  return perPage<TaggedEcsPageRef, EcsTagResourcesResult>((ref) => {
    const { regionId, resourceType, nextToken } = ref;
    return api.listEcsTagResources(
      credential,
      { regionId, resourceType, tags: sortFilters(ref.tags), ...(nextToken ? { nextToken } : {}) },
      options,
    );
  }, ecsPageKey);
}

export function createClusterListPageLoader(api: TagApi, credential: Credential, options: CallOptions) {
  return perPage<ClusterListPageRef, DescribeClustersResult>(async (ref) => {
    const page = await api.describeClusters(
      credential,
      { regionId: ref.regionId, pageNumber: ref.pageNumber, pageSize: CLUSTER_LIST_PAGE_SIZE },
      options,
    );
    // The clusters' tags prime the tag loader: they carry the page's fetch time (Resource.tagsFetchedAt).
    return { ...page, clusters: page.clusters.map((c) => ({ ...c, tags: stampFrom([...c.tags], page) })) };
  }, clusterPageKey);
}

export type ClusterListPageLoader = ReturnType<typeof createClusterListPageLoader>;

export interface EcsListingPageRef {
  regionId: string;
  resourceType: EcsResourceType;
  pageNumber: number;
}

/** Pages a request keeps, most recently used first: a lazy head and its `totalCount` then share their first pages. */
export const ECS_LISTING_RECENT_PAGES = 32;

/**
 * Pages of the ECS listings (DescribeInstances, …) behind `resourceInventory` and `tagHygiene`, at the
 * listing's largest page size (fixed, so page numbers in cursors keep their meaning). Concurrent reads of a
 * page share one call, and the request keeps only its last ECS_LISTING_RECENT_PAGES pages: a report over a
 * region of 100,000 resources must not hold them all. An older page read again comes from the upstream cache
 * (CACHE_TTL_ECS_LISTINGS_S).
 */
export function createEcsListingPageReader(api: TagApi, credential: Credential, options: CallOptions) {
  const recent = new Map<string, Promise<EcsResourcesResult>>();
  return (ref: EcsListingPageRef): Promise<EcsResourcesResult> => {
    const key = JSON.stringify([ref.regionId, ref.resourceType, ref.pageNumber]);
    let page = recent.get(key);
    if (page) {
      recent.delete(key);
    } else {
      page = api
        .listEcsResources(credential, { ...ref, pageSize: ECS_LISTING_PAGE_SIZE_MAX[ref.resourceType] }, options)
        // The tags are the nodes' tags: they carry the page's fetch time (Resource.tagsFetchedAt).
        .then((p) => ({ ...p, resources: p.resources.map((r) => ({ ...r, tags: stampFrom([...r.tags], p) })) }));
      // A failed read is not kept: the next reader tries again.
      page.catch(() => recent.delete(key));
    }
    recent.set(key, page);
    if (recent.size > ECS_LISTING_RECENT_PAGES) recent.delete(recent.keys().next().value!);
    return page;
  };
}

export type EcsListingPageReader = ReturnType<typeof createEcsListingPageReader>;
