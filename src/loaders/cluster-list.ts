/**
 * Every ACK cluster of a region (optionally narrowed by the upstream's exact `name` / `cluster_type` filters):
 * one DescribeClustersV1 listing paged to its end, pages of 100 (the most we allow), so a region of n clusters
 * costs ceil(n / 100) calls. Identical listings in one request share their calls, and an unfiltered listing reads
 * the same pages as `taggedResources` (the request's page loader), so a request asking both pays once.
 */
import DataLoader from 'dataloader';
import type { ClusterListPageLoader } from './tagged-pages.js';
import { stampFrom } from '../cache/fetched-at.js';
import { describeClustersPages } from '../upstream/operations/paging.js';
import type { CallOptions, ClusterInfo, Credential, DescribeClustersRequest, TagApi } from '../upstream/types.js';
import { DESCRIBE_CLUSTERS_PAGE_SIZE_MAX } from '../upstream/operations/validate.js';

export interface ClusterListRef {
  regionId: string;
  name?: string;
  clusterType?: DescribeClustersRequest['clusterType'];
}

const listKey = (r: ClusterListRef) => JSON.stringify([r.regionId, r.name ?? null, r.clusterType ?? null]);

export function createClusterListLoader(
  api: TagApi,
  credential: Credential,
  options: CallOptions,
  pages: ClusterListPageLoader,
) {
  const list = (ref: ClusterListRef) =>
    ref.name === undefined && ref.clusterType === undefined
      ? listPages(pages, ref.regionId)
      : listAll(api, credential, ref, options);
  return new DataLoader<ClusterListRef, ClusterInfo[], string>(
    (refs) => Promise.all(refs.map((ref) => list(ref).catch((err: Error) => err))),
    { cacheKeyFn: listKey },
  );
}

export type ClusterListLoader = ReturnType<typeof createClusterListLoader>;

async function listPages(pages: ClusterListPageLoader, regionId: string): Promise<ClusterInfo[]> {
  const byId = new Map<string, ClusterInfo>();
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await pages.load({ regionId, pageNumber });
    for (const c of page.clusters)
      // The page loader has already stamped the tags with the page's fetch time (this page is its copy).
      if (c.regionId === regionId) byId.set(c.clusterId, c);
    if (page.clusters.length === 0 || pageNumber * page.pageSize >= page.totalCount) return [...byId.values()];
  }
}

async function listAll(
  api: TagApi,
  credential: Credential,
  ref: ClusterListRef,
  options: CallOptions,
): Promise<ClusterInfo[]> {
  const byId = new Map<string, ClusterInfo>();
  const request: DescribeClustersRequest = { ...ref, pageSize: DESCRIBE_CLUSTERS_PAGE_SIZE_MAX };
  for await (const page of describeClustersPages(api, credential, request, options)) {
    // By ID: a cluster created while paging shifts the pages, and one may then appear on two of them.
    for (const c of page.clusters)
      if (c.regionId === ref.regionId) byId.set(c.clusterId, { ...c, tags: stampFrom([...c.tags], page) });
  }
  return [...byId.values()];
}
