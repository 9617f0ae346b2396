/** Every DataLoader of one request, created together on the GraphQL context. */
import { setMaxListeners } from 'node:events';
import type { CallMeter, CallOptions, Credential, TagApi } from '../upstream/types.js';
import { CatalogFreshness, createCatalogPageLoader } from './catalog-pages.js';
import { createClusterDetailsLoader } from './cluster-details.js';
import { createClusterFilterLoader } from './cluster-filter.js';
import { createClusterListLoader } from './cluster-list.js';
import { createClusterTagsLoader } from './cluster-tags.js';
import type { EcsListAccess } from './ecs-list-access.js';
import type { EcsTagBatcher } from './ecs-tag-batcher.js';
import { createEcsTagsLoader } from './ecs-tags.js';
import { createClusterListPageLoader, createEcsListingPageReader, createTaggedEcsPageLoader } from './tagged-pages.js';

export interface LoaderOptions {
  csMaxResourceIds: number;
  signal?: AbortSignal;
  /** An operator asked to skip cached upstream answers for this request. */
  bypassCache?: boolean;
  /** Which tenants may not call ECS ListTagResources (one per gateway; unset: a memory of this request only). */
  ecsListAccess?: EcsListAccess;
  /** Concurrent requests' ECS tag slices share calls through it (one per gateway; unset: per request only). */
  ecsTagBatcher?: EcsTagBatcher;
  /** The request's meter (calls, cache hits, budget). */
  meter?: CallMeter;
  /** Cache-Control: max-age of the request, in ms: older cached answers are refetched. */
  maxAgeMs?: number;
}

export function createLoaders(api: TagApi, credential: Credential, options: LoaderOptions) {
  // Every upstream call of the request listens to its abort signal: many more than Node's default of 10.
  if (options.signal) setMaxListeners(0, options.signal);
  const call: CallOptions = {
    signal: options.signal,
    ...(options.bypassCache ? { cache: 'bypass' as const } : {}),
    ...(options.meter ? { meter: options.meter } : {}),
    ...(options.maxAgeMs !== undefined ? { maxAgeMs: options.maxAgeMs } : {}),
  };
  const clusterListPage = createClusterListPageLoader(api, credential, call);
  const clusterList = createClusterListLoader(api, credential, call, clusterListPage);
  const catalogFreshness = new CatalogFreshness();
  return {
    catalogFreshness,
    ecsTags: createEcsTagsLoader(api, credential, call, options.ecsListAccess, options.ecsTagBatcher),
    clusterTags: createClusterTagsLoader(api, credential, options.csMaxResourceIds, call),
    catalogPage: createCatalogPageLoader(api, credential, call, catalogFreshness),
    clusterFilter: createClusterFilterLoader(api, credential, options.csMaxResourceIds, call),
    clusterList,
    clusterDetails: createClusterDetailsLoader(api, credential, clusterList, call),
    taggedEcsPage: createTaggedEcsPageLoader(api, credential, call),
    clusterListPage,
    ecsListingPage: createEcsListingPageReader(api, credential, call),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export * from './keys.js';
export { CATALOG_PAGE_SIZE } from './catalog-pages.js';
export { EcsListAccess, type WarnLogger } from './ecs-list-access.js';
export { EcsTagBatcher } from './ecs-tag-batcher.js';
export { ListSizes, type KnownSizes } from './list-sizes.js';
export { fetchedAtOf } from '../cache/fetched-at.js';
export type { ClusterListRef } from './cluster-list.js';
export { CLUSTER_LIST_PAGE_SIZE, ECS_LISTING_RECENT_PAGES } from './tagged-pages.js';
