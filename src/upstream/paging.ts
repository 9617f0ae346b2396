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
  ListTagResourcesRequest,
  ListTagResourcesResult,
  TagApi,
} from './types.js';
import { DESCRIBE_CLUSTERS_PAGE_SIZE_DEFAULT } from './validate.js';

export async function* describeTagsPages(
  api: TagApi,
  credential: Credential,
  request: DescribeTagsRequest,
  options?: CallOptions,
): AsyncGenerator<DescribeTagsResult> {
  for (let pageNumber = request.pageNumber ?? 1; ; pageNumber++) {
    const page = await api.describeTags(credential, { ...request, pageNumber }, options);
    yield page;
    if (page.tags.length === 0 || pageNumber * page.pageSize >= page.totalCount) return;
  }
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
export async function* describeClustersPages(
  api: TagApi,
  credential: Credential,
  request: DescribeClustersRequest,
  options?: CallOptions,
): AsyncGenerator<DescribeClustersResult> {
  const pageSize = request.pageSize ?? DESCRIBE_CLUSTERS_PAGE_SIZE_DEFAULT;
  for (let pageNumber = request.pageNumber ?? 1; ; pageNumber++) {
    const page = await api.describeClusters(credential, { ...request, pageSize, pageNumber }, options);
    yield page;
    if (page.clusters.length === 0 || pageNumber * page.pageSize >= page.totalCount) return;
  }
}
