/**
 * Lazy iteration over every page of either operation: the next page is fetched only when the caller asks for it,
 * so `for await … break` stops the calls as soon as the caller has enough.
 */
import type {
  CallOptions,
  Credential,
  DescribeClustersRequest,
  DescribeClustersResult,
  DescribeTagsRequest,
  DescribeTagsResult,
  EcsTagResourcesRequest,
  EcsTagResourcesResult,
  EcsResourcesRequest,
  EcsResourcesResult,
  ListTagResourcesRequest,
  ListTagResourcesResult,
  TagApi,
} from '../types.js';
import { DESCRIBE_CLUSTERS_PAGE_SIZE_DEFAULT, ECS_LISTING_PAGE_SIZE_MAX } from './validate.js';

export function describeTagsPages(
  api: TagApi,
  credential: Credential,
  request: DescribeTagsRequest,
  options?: CallOptions,
): AsyncGenerator<DescribeTagsResult> {
  return followPageNumbers(
    request,
    (r) => api.describeTags(credential, r, options),
    (page) => page.tags.length,
  );
}

export function listTagResourcesPages(
  api: TagApi,
  credential: Credential,
  request: ListTagResourcesRequest,
  options?: CallOptions,
): AsyncGenerator<ListTagResourcesResult> {
  return followTokens(request, (r) => api.listTagResources(credential, r, options));
}

/** Both listing operations page by token: the next page is asked for with the previous page's token until none. */
async function* followTokens<R extends { nextToken?: string }, P extends { nextToken: string | null }>(
  request: R,
  fetchPage: (request: R) => Promise<P>,
): AsyncGenerator<P> {
  let nextToken = request.nextToken;
  do {
    const page = await fetchPage({ ...request, nextToken });
    yield page;
    nextToken = page.nextToken ?? undefined;
  } while (nextToken);
}

/**
 * Both numbered operations page the same way: page numbers upwards until the pages cover the total (or a page comes
 * back empty, so a total that shrinks while paging cannot loop).
 */
async function* followPageNumbers<
  R extends { pageNumber?: number },
  P extends { pageSize: number; totalCount: number },
>(request: R, fetchPage: (request: R) => Promise<P>, itemsOf: (page: P) => number): AsyncGenerator<P> {
  for (let pageNumber = request.pageNumber ?? 1; ; pageNumber++) {
    const page = await fetchPage({ ...request, pageNumber });
    yield page;
    if (itemsOf(page) === 0 || pageNumber * page.pageSize >= page.totalCount) return;
  }
}

/** Follows NextToken only: the page size is undocumented, so a short or empty page proves nothing. */
export function ecsTagResourcesPages(
  api: TagApi,
  credential: Credential,
  request: EcsTagResourcesRequest,
  options?: CallOptions,
): AsyncGenerator<EcsTagResourcesResult> {
  return followTokens(request, (r) => api.listEcsTagResources(credential, r, options));
}

/**
 * page_number upwards until total_count clusters are covered (or a page comes back empty, so a total that shrinks
 * while paging cannot loop). Without a page size from the caller it pages with the default size, so the page
 * boundaries do not hang on the cloud's undocumented default.
 */
export function describeClustersPages(
  api: TagApi,
  credential: Credential,
  request: DescribeClustersRequest,
  options?: CallOptions,
): AsyncGenerator<DescribeClustersResult> {
  const pageSize = request.pageSize ?? DESCRIBE_CLUSTERS_PAGE_SIZE_DEFAULT;
  return followPageNumbers(
    { ...request, pageSize },
    (r) => api.describeClusters(credential, r, options),
    (page) => page.clusters.length,
  );
}

/** An ECS listing (DescribeInstances, …) page by page, with its largest page size unless the caller sets one. */
export function ecsResourcesPages(
  api: TagApi,
  credential: Credential,
  request: EcsResourcesRequest,
  options?: CallOptions,
): AsyncGenerator<EcsResourcesResult> {
  const pageSize = request.pageSize ?? ECS_LISTING_PAGE_SIZE_MAX[request.resourceType];
  return followPageNumbers(
    { ...request, pageSize },
    (r) => api.listEcsResources(credential, r, options),
    (page) => page.resources.length,
  );
}
