/**
 * Lazy iteration over every page of either operation: the next page is fetched only when the caller asks for it,
 * so `for await … break` stops the calls as soon as the caller has enough.
 */
import type {
  CallOptions,
  Credential,
  DescribeTagsRequest,
  DescribeTagsResult,
  ListTagResourcesRequest,
  ListTagResourcesResult,
  TagApi,
} from './types.js';

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

export async function* listTagResourcesPages(
  api: TagApi,
  credential: Credential,
  request: ListTagResourcesRequest,
  options?: CallOptions,
): AsyncGenerator<ListTagResourcesResult> {
  let nextToken = request.nextToken;
  do {
    const page = await api.listTagResources(credential, { ...request, nextToken }, options);
    yield page;
    nextToken = page.nextToken ?? undefined;
  } while (nextToken);
}
